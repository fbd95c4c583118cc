package io.herald.sockets;

import java.util.HashMap;
import java.util.Map;

/**
 * This node's socket caps, shared by both transports: open sockets per client address (authenticated or not), sockets
 * per user, and a resume budget per user. Counted per node: a client reconnects to the same load-balanced pool, and the
 * caps bound what one node must hold in memory, which is what they protect (docs/security.md).
 */
final class SocketLimits {

  private final SocketSettings settings;
  private final Map<String, Integer> byAddress = new HashMap<>();
  private final Map<Long, Integer> byUser = new HashMap<>();
  private final Map<Long, TokenBucket> resumes = new HashMap<>();

  SocketLimits(SocketSettings settings) {
    this.settings = settings;
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

  /** Takes one resume from the user's budget; 0 when allowed, else how many milliseconds until the next one is. */
  long resume(long userId) {
    TokenBucket bucket = resumes.computeIfAbsent(userId,
      id -> new TokenBucket(settings.resumesPerMinute() / 60d, settings.resumeBurst()));
    return bucket.take() ? 0 : Math.max(1, bucket.millisUntilNext());
  }

  /** Forgets budgets that have refilled: a user who comes back later starts from the same full budget. */
  void sweep() {
    resumes.values().removeIf(TokenBucket::full);
  }

  private static <K> boolean take(Map<K, Integer> counts, K key, int cap) {
    int now = counts.getOrDefault(key, 0);
    if (now >= cap) {
      return false;
    }
    counts.put(key, now + 1);
    return true;
  }

  private static <K> void release(Map<K, Integer> counts, K key) {
    counts.computeIfPresent(key, (k, count) -> count <= 1 ? null : count - 1);
  }
}
