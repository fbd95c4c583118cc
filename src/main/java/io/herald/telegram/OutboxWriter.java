package io.herald.telegram;

import io.herald.bus.Addresses;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** Puts messages into the durable outbox; the sender delivers them. Every message has a key that makes it idempotent. */
final class OutboxWriter {

  static final String KIND_ALERT = "alert";
  static final String KIND_PERSONAL = "personal";
  static final String KIND_REPLY = "reply";

  private final EventBus bus;

  OutboxWriter(EventBus bus) {
    this.bus = bus;
  }

  static JsonObject message(String dedupeKey, long chatId, String kind, String text) {
    return new JsonObject().put("dedupe_key", dedupeKey).put("chat_id", chatId).put("kind", kind).put("text", text);
  }

  Future<Void> enqueue(JsonObject message) {
    return bus.<JsonObject>request(Addresses.TELEGRAM_OUTBOX_ENQUEUE, new JsonObject().put("messages", new JsonArray().add(message)))
      .mapEmpty();
  }
}
