package io.herald.http;

import io.herald.auth.Role;
import io.herald.bus.Addresses;
import io.herald.bus.PublishCollect;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;

/**
 * Real-time stats and health. Stats are gathered from every node: the request is published on
 * {@code sockets.stats.get} with a one-off reply address, and answers arriving within {@link #COLLECT_MILLIS} are summed.
 */
final class WebSocketResource {

  static final long COLLECT_MILLIS = 300;
  static final String SEED_STATS_PATH = "/ws/stats";

  private final Vertx vertx;
  private final Api api;

  WebSocketResource(Vertx vertx, Api api) {
    this.vertx = vertx;
    this.api = api;
  }

  void mount(RouterBuilder routes) {
    routes.getRoute("websocketStats").addHandler(this::stats);
    routes.getRoute("websocketHealth").addHandler(this::health);
  }

  private void stats(RoutingContext ctx) {
    Api.caller(ctx, Role.ADMIN);
    collect().onSuccess(total -> Api.ok(ctx, total)).onFailure(failure -> Api.fail(ctx, failure));
  }

  /** {@code GET /ws/stats}, the seed clients' shape of the same totals (docs/sockets.md, compatibility). */
  void seedStats(RoutingContext ctx) {
    Api.caller(ctx, Role.ADMIN);
    collect()
      .onSuccess(total -> Api.ok(ctx, new JsonObject().put("total_connections", total.getInteger("total_connections"))
        .put("connected_users", total.getInteger("connected_users")).put("status", "healthy")))
      .onFailure(failure -> Api.fail(ctx, failure));
  }

  private Future<JsonObject> collect() {
    return PublishCollect.ask(vertx, Addresses.SOCKETS_STATS, Addresses.SOCKETS_STATS_REPLY_PREFIX, new JsonObject(), COLLECT_MILLIS)
      .map(WebSocketResource::total);
  }

  /** This node's sockets verticle answers on a local-only address; no answer means its sockets are down. */
  private void health(RoutingContext ctx) {
    api.request(Addresses.SOCKETS_HEALTH, null, new JsonObject()).onComplete(answer -> {
      if (answer.succeeded()) {
        Api.ok(ctx, answer.result());
      } else {
        Problems.send(ctx, 503, "The sockets of this node are not answering");
      }
    });
  }

  static JsonObject total(JsonArray nodes) {
    JsonObject total = new JsonObject().put("connections", 0).put("users", 0).put("delivered", 0L)
      .put("by_role", new JsonObject()).put("by_transport", new JsonObject().put("websocket", 0).put("sockjs", 0));
    for (int i = 0; i < nodes.size(); i++) {
      JsonObject node = nodes.getJsonObject(i);
      add(total, node, "connections");
      add(total, node, "users");
      total.put("delivered", total.getLong("delivered") + node.getLong("delivered", 0L));
      node.getJsonObject("by_role").fieldNames().forEach(role -> add(total.getJsonObject("by_role"), node.getJsonObject("by_role"), role));
      node.getJsonObject("by_transport").fieldNames().forEach(t -> add(total.getJsonObject("by_transport"), node.getJsonObject("by_transport"), t));
    }
    return total.put("nodes", nodes)
      .put("total_connections", total.getInteger("connections")).put("connected_users", total.getInteger("users"));
  }

  private static void add(JsonObject total, JsonObject node, String key) {
    total.put(key, total.getInteger(key, 0) + node.getInteger(key, 0));
  }
}
