package io.herald.http;

import io.herald.auth.Identity;
import io.herald.bus.Addresses;
import io.herald.metrics.ApiMeters;
import io.netty.util.NetUtil;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;

import java.util.Arrays;
import java.util.Locale;

/**
 * The limits of {@link LimitSettings} applied to requests, counted in the database ({@code persistence.limits.*}) so
 * that they hold across nodes. A refused request fails with {@link RetryLater} (429); a database that cannot count
 * fails the request with 503 as any other database request does.
 */
final class RequestLimits {

  private static final int IPV6_BYTES = 16;
  private static final int IPV6_PREFIX_BYTES = 8;
  private static final int TOO_MANY_REQUESTS = 429;
  private static final long HOUR_MILLIS = 60 * 60_000;

  private final Api api;
  private final LimitSettings limits;
  private final ApiMeters meters = new ApiMeters();

  RequestLimits(Api api, LimitSettings limits) {
    this.api = api;
    this.limits = limits;
  }

  /** One attempt for the client's address and for the username, refused while the username is locked. */
  Future<Void> loginAttempt(RoutingContext ctx, String username) {
    JsonArray buckets = new JsonArray()
      .add(bucket("login:address:" + clientOf(ctx), limits.loginsPerAddress(), limits.loginWindowMillis()))
      .add(bucket("login:username:" + normalized(username), limits.loginsPerUsername(), limits.loginWindowMillis()));
    return take("login", new JsonObject().put("buckets", buckets).put("locked_username", normalized(username)),
      "Too many login attempts; try again later");
  }

  Future<Void> loginFailed(String username) {
    return api.request(Addresses.LIMITS_LOGIN_FAILED, null, new JsonObject()
      .put("username", normalized(username))
      .put("lock_after", limits.lockAfterFailures())
      .put("lock_ms", limits.lockMillis())
      .put("lock_max_ms", limits.lockMaxMillis())
      .put("forget_ms", Math.max(LimitSettings.FAILURES_FORGOTTEN_AFTER_MILLIS, limits.lockMaxMillis()))).mapEmpty();
  }

  Future<Void> loginSucceeded(String username) {
    return api.request(Addresses.LIMITS_LOGIN_SUCCEEDED, null, new JsonObject().put("username", normalized(username)))
      .mapEmpty();
  }

  Future<Void> complaint(Identity caller) {
    return write("complaints", caller, limits.complaintsPerUser());
  }

  /**
   * A change of one's own email address, which may send a confirmation mail to it: counted per user and hour, then
   * (when the user's own limit allows it, so that a user who spent theirs uses up no one else's) per address and hour,
   * whoever asks, so that several accounts together cannot mail one address again and again either.
   */
  Future<Void> addressChange(Identity caller, String address) {
    JsonObject byUser = bucket("address-changes:user:" + caller.userId(), limits.addressChangesPerHour(), HOUR_MILLIS);
    JsonObject byAddress = bucket("address-changes:address:" + address.strip().toLowerCase(Locale.ROOT),
      limits.addressChangesPerAddress(), HOUR_MILLIS);
    return take("address_changes", new JsonObject().put("buckets", new JsonArray().add(byUser)),
      "Too many changes of your email address; try again later")
      .compose(ok -> take("address_changes", new JsonObject().put("buckets", new JsonArray().add(byAddress)),
        "Too many requests to set this email address; try again later"));
  }

  /** The bucket a producer request counts in: sent with the write, which counts it in its own transaction. */
  JsonObject notificationBucket(Identity caller) {
    return writeBucket("notifications", caller, limits.notificationsPerUser());
  }

  JsonObject broadcastBucket(Identity caller) {
    return writeBucket("broadcasts", caller, limits.broadcastsPerUser());
  }

  /** The refusal of a write whose reply says its bucket was full ({@code refused}, {@code retry_after_ms}). */
  RetryLater refusedWrite(JsonObject reply, String kind) {
    meters.refused(kind);
    return new RetryLater(TOO_MANY_REQUESTS, reply.getLong("retry_after_ms"), refusal(kind));
  }

  private Future<Void> write(String kind, Identity caller, int limit) {
    return take(kind, new JsonObject().put("buckets", new JsonArray().add(writeBucket(kind, caller, limit))), refusal(kind));
  }

  private JsonObject writeBucket(String kind, Identity caller, int limit) {
    return bucket(kind + ":user:" + caller.userId(), limit, limits.writeWindowMillis());
  }

  private static String refusal(String kind) {
    return "Too many " + kind + " from you; try again later";
  }

  private Future<Void> take(String limit, JsonObject request, String refusal) {
    return api.request(Addresses.LIMITS_TAKE, null, request).compose(reply -> {
      if (reply.getBoolean("allowed")) {
        return Future.succeededFuture();
      }
      meters.refused(limit);
      return Future.failedFuture(new RetryLater(TOO_MANY_REQUESTS, reply.getLong("retry_after_ms"), refusal));
    });
  }

  private static JsonObject bucket(String key, int limit, long windowMillis) {
    return new JsonObject().put("key", key).put("limit", limit).put("window_ms", windowMillis);
  }

  private static String normalized(String username) {
    return username.toLowerCase(Locale.ROOT);
  }

  /**
   * The client as the relay (or a trusted load balancer) saw it. An IPv6 client counts by its /64, the block one
   * subscriber usually holds, so that stepping through its addresses does not escape the limit.
   */
  static String clientOf(RoutingContext ctx) {
    SocketAddress remote = ctx.request().remoteAddress();
    String host = remote == null ? null : remote.hostAddress();
    byte[] address = host == null ? null : NetUtil.createByteArrayFromIpAddressString(host);
    if (address == null || address.length != IPV6_BYTES) {
      return String.valueOf(host);
    }
    byte[] block = Arrays.copyOf(Arrays.copyOf(address, IPV6_PREFIX_BYTES), IPV6_BYTES);
    return NetUtil.bytesToIpAddress(block) + "/64";
  }
}
