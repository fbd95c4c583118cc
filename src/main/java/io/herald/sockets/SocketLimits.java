package io.herald.sockets;

import io.vertx.core.shareddata.LocalMap;
import io.vertx.core.shareddata.Shareable;
import io.vertx.core.shareddata.SharedData;

/**
 * The node's socket caps, shared by both transports and by every instance of the sockets verticle: open sockets per
 * client address (authenticated or not), sockets per user, and a resume budget per user; and which users have a SockJS
 * session on the node. They are kept in Vert.x's local shared data, one set of maps per deployment, and changed only by
 * atomic {@code compute}, so an instance never sees another's count half-updated. Counted per node: a client
 * reconnects to the same load-balanced pool, and the caps bound what one node must hold in memory, which is what they
 * protect (docs/security.md).
 */
final class SocketLimits {

  /** A resume budget: {@code tokens} as of {@code atNanos}; immutable, so the map may hand it to any instance. */
  private record Budget(double tokens, long atNanos) implements Shareable {

    Budget refilled(long now, double perNano, int burst) {
      return new Budget(Math.min(burst, tokens + (now - atNanos) * perNano), now);
    }
  }

  private final SocketSettings settings;
  private final LocalMap<String, Integer> byAddress;
  private final LocalMap<Long, Integer> byUser;
  private final LocalMap<Long, Integer> bridgeByUser;
  private final LocalMap<Long, Budget> resumes;
  private final double resumesPerNano;

  /** {@code scope} names the maps: instances of one deployment share them, another node in the same process does not. */
  SocketLimits(SharedData data, String scope, SocketSettings settings) {
    this.settings = settings;
    this.byAddress = data.getLocalMap(scope + ".sockets-by-address");
    this.byUser = data.getLocalMap(scope + ".sockets-by-user");
    this.bridgeByUser = data.getLocalMap(scope + ".bridge-sessions-by-user");
    this.resumes = data.getLocalMap(scope + ".resume-budgets");
    this.resumesPerNano = settings.resumesPerMinute() / 60d / 1_000_000_000d;
  }

  /** Counts a new socket from this client address, or refuses it when the address already has its cap. */
  boolean admitAddress(String address) {
    return take(byAddress, address, settings.maxSocketsPerIp());
  }

  void releaseAddress(String address) {
    release(byAddress, address);
  }

  /** Counts a newly authenticated socket of this user, or refuses it when the user already has the cap. */
  boolean admitUser(long userId) {
    return take(byUser, userId, settings.maxSocketsPerUser());
  }

  void releaseUser(long userId) {
    release(byUser, userId);
  }

  /** Counts an authenticated SockJS session of this user (within the user's cap, taken by {@link #admitUser}). */
  void bridgeSessionOpened(long userId) {
    bridgeByUser.compute(userId, (id, count) -> count == null ? 1 : count + 1);
  }

  void bridgeSessionClosed(long userId) {
    release(bridgeByUser, userId);
  }

  /**
   * Whether the user has an authenticated SockJS session on this node, whatever instance holds it: only then can
   * anything on the node listen on the user's own address.
   */
  boolean onBridge(long userId) {
    return bridgeByUser.containsKey(userId);
  }

  /** Users with at least one authenticated socket on this node, whatever instance holds it. */
  int users() {
    return byUser.size();
  }

  /** Whether the user has an authenticated socket on this node, whatever instance holds it. */
  boolean online(long userId) {
    Integer sockets = byUser.get(userId);
    return sockets != null && sockets > 0;
  }

  /** Takes one resume from the user's budget; 0 when allowed, else how many milliseconds until the next one is. */
  long resume(long userId) {
    long now = System.nanoTime();
    int burst = settings.resumeBurst();
    long[] wait = {0};
    resumes.compute(userId, (id, budget) -> {
      Budget current = budget == null ? new Budget(burst, now) : budget.refilled(now, resumesPerNano, burst);
      if (current.tokens() >= 1) {
        return new Budget(current.tokens() - 1, now);
      }
      wait[0] = Math.max(1, (long) Math.ceil((1 - current.tokens()) / resumesPerNano / 1_000_000d));
      return current;
    });
    return wait[0];
  }

  /** Forgets budgets that have refilled: a user who comes back later starts from the same full budget. */
  void sweep() {
    long now = System.nanoTime();
    int burst = settings.resumeBurst();
    for (Long userId : resumes.keySet()) {
      resumes.computeIfPresent(userId, (id, budget) -> budget.refilled(now, resumesPerNano, burst).tokens() >= burst ? null : budget);
    }
  }

  /** Drops the maps from shared data when the deployment stops; an instance still closing its sockets keeps its reference. */
  void close() {
    byAddress.close();
    byUser.close();
    bridgeByUser.close();
    resumes.close();
  }

  private static <K> boolean take(LocalMap<K, Integer> counts, K key, int cap) {
    boolean[] taken = {false};
    counts.compute(key, (k, count) -> {
      int now = count == null ? 0 : count;
      taken[0] = now < cap;
      return taken[0] ? now + 1 : count;
    });
    return taken[0];
  }

  private static <K> void release(LocalMap<K, Integer> counts, K key) {
    counts.computeIfPresent(key, (k, count) -> count <= 1 ? null : count - 1);
  }
}
