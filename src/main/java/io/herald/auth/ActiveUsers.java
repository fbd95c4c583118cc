package io.herald.auth;

import io.herald.bus.Addresses;
import io.herald.bus.Failures;
import io.herald.bus.OnThisNode;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Whether a token's user may still use it: the user exists, is not disabled, and still has the token's role. One
 * primary-key lookup ({@code persistence.users.get}) per user, cached for at most {@link #TTL_MILLIS} and at most
 * {@link #MAX_ENTRIES} users; {@code events.user.changed}, which every node receives, drops the user's entry, and
 * the TTL bounds staleness should a node miss it. A lookup that started before a change is not cached.
 *
 * <p>A cached answer is read only after the caller's context has run what was already queued on it. The change event
 * is published before the request that made the change is answered, so it is queued on every local consumer's context
 * before the next request of that user can be read; but an event loop handles the sockets it finds readable before
 * its queued tasks, so a request read in the same turn as the event would otherwise be judged on the old state. With
 * the wait, a change answered on this node holds for every request this node reads afterwards.
 */
public final class ActiveUsers {

  public static final long TTL_MILLIS = 5_000;
  public static final int MAX_ENTRIES = 10_000;

  private record Cached(JsonObject state, long fetchedAt) {
  }

  private final Vertx vertx;
  private final DeliveryOptions delivery;
  private final Map<Long, Cached> cache = new LinkedHashMap<>(64, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<Long, Cached> eldest) {
      return size() > MAX_ENTRIES;
    }
  };
  private long changes;

  public ActiveUsers(Vertx vertx, long requestTimeoutMillis) {
    this.vertx = vertx;
    this.delivery = OnThisNode.delivery(requestTimeoutMillis);
  }

  /** Fails with {@link TokenRevokedException} when the user is gone, disabled or has another role now. */
  public Future<Void> check(Identity identity) {
    if (cached(identity.userId()) == null) {
      return lookUp(identity);
    }
    Promise<Void> decided = Promise.promise();
    vertx.getOrCreateContext().runOnContext(queuedFirst -> {
      JsonObject cached = cached(identity.userId());
      (cached == null ? lookUp(identity) : verdict(identity, cached)).onComplete(decided);
    });
    return decided.future();
  }

  private Future<Void> lookUp(Identity identity) {
    long changesBefore = changesSoFar();
    return vertx.eventBus().<JsonObject>request(Addresses.USERS_GET, new JsonObject().put("id", identity.userId()), delivery)
      .recover(failure -> Future.failedFuture(isNotFound(failure) ? new TokenRevokedException("user_deleted") : failure))
      .compose(reply -> {
        remember(identity.userId(), reply.body(), changesBefore);
        return verdict(identity, reply.body());
      });
  }

  /** {@code events.user.changed}: forget what is known about that user. */
  public synchronized void changed(JsonObject change) {
    changes++;
    cache.remove(change.getLong("user_id"));
  }

  /** Why a token with this identity is no longer valid for the user's current state, or null when it still is. */
  public static String revocationReason(Identity identity, JsonObject state) {
    if (Boolean.TRUE.equals(state.getBoolean("disabled"))) {
      return "user_disabled";
    }
    String role = state.getString("role");
    return role != null && !role.equals(identity.role().wire()) ? "role_changed" : null;
  }

  private static Future<Void> verdict(Identity identity, JsonObject state) {
    String reason = revocationReason(identity, state);
    return reason == null ? Future.succeededFuture() : Future.failedFuture(new TokenRevokedException(reason));
  }

  private static boolean isNotFound(Throwable failure) {
    return failure instanceof ReplyException reply && reply.failureCode() == Failures.NOT_FOUND;
  }

  private synchronized JsonObject cached(long userId) {
    Cached entry = cache.get(userId);
    if (entry == null || System.currentTimeMillis() - entry.fetchedAt() >= TTL_MILLIS) {
      return null;
    }
    return entry.state();
  }

  private synchronized long changesSoFar() {
    return changes;
  }

  private synchronized void remember(long userId, JsonObject state, long changesBefore) {
    if (changes == changesBefore) {
      cache.put(userId, new Cached(new JsonObject().put("disabled", state.getBoolean("disabled", false))
        .put("role", state.getString("role")), System.currentTimeMillis()));
    }
  }
}
