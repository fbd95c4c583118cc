package io.herald.support;

import io.herald.bus.Addresses;
import io.vertx.core.Handler;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** The users' messages as the inbox writer sends them: on the users' address every node takes apart. */
public final class UserMessages {

  private UserMessages() {
  }

  /** Publishes a message to one user's sockets. */
  public static void publish(EventBus bus, long userId, JsonObject envelope) {
    bus.publish(Addresses.USER_MESSAGES, new JsonObject().put(Addresses.MESSAGES,
      new JsonArray().add(new JsonObject().put(Addresses.USER_ID, userId).put(Addresses.ENVELOPE, envelope))));
  }

  /** Hands {@code handler} each message sent to {@code userId}, in the order sent. */
  public static MessageConsumer<JsonObject> consumer(EventBus bus, long userId, Handler<JsonObject> handler) {
    return bus.consumer(Addresses.USER_MESSAGES, message -> {
      JsonArray messages = message.body().getJsonArray(Addresses.MESSAGES);
      for (int i = 0; i < messages.size(); i++) {
        JsonObject toUser = messages.getJsonObject(i);
        if (toUser.getLong(Addresses.USER_ID) == userId) {
          handler.handle(toUser.getJsonObject(Addresses.ENVELOPE));
        }
      }
    });
  }
}
