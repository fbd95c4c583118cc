package io.herald.http;

import io.herald.auth.Identity;
import io.herald.auth.Role;
import io.herald.bus.Addresses;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;

import java.util.function.Function;

/** The caller's notification inbox and preferences, and the producer API (create, broadcast). */
final class NotificationsResource {

  private static final String RATE_LIMIT = "rate_limit";

  private final Api api;
  private final RequestLimits limits;

  NotificationsResource(Api api, RequestLimits limits) {
    this.api = api;
    this.limits = limits;
  }

  void mount(RouterBuilder routes) {
    routes.getRoute("listNotifications").addHandler(ctx -> answer(ctx, Addresses.NOTIFICATIONS_LIST, Api.query(ctx)));
    routes.getRoute("unreadCount").addHandler(ctx -> answer(ctx, Addresses.NOTIFICATIONS_UNREAD_COUNT, new JsonObject()));
    routes.getRoute("getNotification").addHandler(ctx -> answer(ctx, Addresses.NOTIFICATIONS_GET, byId(ctx)));
    routes.getRoute("getNotificationDeliveries").addHandler(ctx -> answer(ctx, Addresses.NOTIFICATIONS_DELIVERIES, byId(ctx)));
    routes.getRoute("markNotificationRead").addHandler(ctx -> answer(ctx, Addresses.NOTIFICATIONS_MARK_READ, byId(ctx)));
    routes.getRoute("markAllNotificationsRead").addHandler(ctx -> answer(ctx, Addresses.NOTIFICATIONS_MARK_ALL_READ, new JsonObject()));
    routes.getRoute("deleteNotification").addHandler(this::delete);
    routes.getRoute("getNotificationPreferences").addHandler(ctx -> answer(ctx, Addresses.PREFERENCES_GET, new JsonObject()));
    routes.getRoute("putNotificationPreferences").addHandler(ctx -> answer(ctx, Addresses.PREFERENCES_PUT, Api.body(ctx)));
    routes.getRoute("createNotification")
      .addHandler(ctx -> produce(ctx, Addresses.NOTIFICATIONS_CREATE, "notifications", limits::notificationBucket, Role.ADMIN, Role.SERVICE));
    routes.getRoute("broadcastNotification")
      .addHandler(ctx -> produce(ctx, Addresses.NOTIFICATIONS_BROADCAST, "broadcasts", limits::broadcastBucket, Role.ADMIN));
  }

  private void answer(RoutingContext ctx, String address, JsonObject body) {
    Identity caller = Api.caller(ctx);
    api.request(address, caller, body)
      .onSuccess(reply -> Api.ok(ctx, reply))
      .onFailure(failure -> Api.fail(ctx, failure));
  }

  private void delete(RoutingContext ctx) {
    Identity caller = Api.caller(ctx);
    api.request(Addresses.NOTIFICATIONS_DELETE, caller, byId(ctx))
      .onSuccess(reply -> ctx.response().setStatusCode(204).end())
      .onFailure(failure -> Api.fail(ctx, failure));
  }

  /** The caller's rate limit travels with the write and is counted in its transaction (the server's field, not the client's). */
  private void produce(RoutingContext ctx, String address, String kind, Function<Identity, JsonObject> bucket, Role... allowed) {
    Identity caller = Api.caller(ctx, allowed);
    api.request(address, caller, Api.body(ctx).put(RATE_LIMIT, bucket.apply(caller)))
      .compose(result -> result.getBoolean("refused", false)
        ? Future.failedFuture(limits.refusedWrite(result, kind))
        : Future.succeededFuture(result))
      .onSuccess(result -> Api.json(ctx, status(result), result))
      .onFailure(failure -> Api.fail(ctx, failure));
  }

  /** 202 for a broadcast still being written (a repeat of it too), 200 for another repeated request, 201 for the rest. */
  private static int status(JsonObject result) {
    if (result.getBoolean("unfinished", false)) {
      return 202;
    }
    return result.getBoolean("duplicate", false) ? 200 : 201;
  }

  private static JsonObject byId(RoutingContext ctx) {
    return new JsonObject().put("id", Api.pathId(ctx, "id"));
  }
}
