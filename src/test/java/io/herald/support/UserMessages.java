package io.herald.support;

import io.herald.bus.Addresses;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** Publishes a message to one user's sockets as the inbox writer does: on the users' address every node takes apart. */
public final class UserMessages {

  private UserMessages() {
  }

  public static void publish(EventBus bus, long userId, JsonObject envelope) {
    bus.publish(Addresses.USER_MESSAGES, new JsonObject().put(Addresses.MESSAGES,
      new JsonArray().add(new JsonObject().put(Addresses.USER_ID, userId).put(Addresses.ENVELOPE, envelope))));
  }
}
