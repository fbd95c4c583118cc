package io.herald.support;

import io.herald.bus.Addresses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** Creates notifications the way a producer does, through the inbox's bus address, as the admin. */
public final class Notifier {

  private final Vertx vertx;
  private final JsonObject adminActor;

  public Notifier(Vertx vertx, ApiClient api, String adminToken) {
    this.vertx = vertx;
    JsonObject me = api.get("/api/v1/auth/me", adminToken).bodyAsJsonObject();
    this.adminActor = new JsonObject().put("id", me.getLong("id")).put("username", me.getString("username")).put("role", "admin");
  }

  public Future<JsonObject> notify(long userId, String title) {
    return vertx.eventBus().<JsonObject>request(Addresses.NOTIFICATIONS_CREATE, new JsonObject().put("actor", adminActor)
        .put("user_ids", new JsonArray().add(userId)).put("title", title).put("message", "body of " + title))
      .map(reply -> reply.body());
  }
}
