package io.herald.persistence;

import io.herald.bus.Addresses;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;

/**
 * Something to publish on the event bus once the transaction that produced it has committed. {@code userId} is set
 * for a message to one user, which goes to every node on {@link Addresses#USER_MESSAGES} (docs/event-bus.md).
 */
public record Publication(String address, JsonObject body, Long userId) {

  /** A domain fact or topic message, on its own address. */
  public static Publication of(String address, JsonObject body) {
    return new Publication(address, body, null);
  }

  /** A message to one user's sockets, wherever they are. */
  public static Publication toUser(long userId, JsonObject envelope) {
    return new Publication(Addresses.USER_MESSAGES, envelope, userId);
  }

  void publishOn(EventBus bus) {
    if (userId == null) {
      bus.publish(address, body);
    } else {
      bus.publish(address, body, new DeliveryOptions().addHeader(Addresses.USER_ID_HEADER, Long.toString(userId)));
    }
  }
}
