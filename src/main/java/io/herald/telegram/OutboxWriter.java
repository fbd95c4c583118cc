package io.herald.telegram;

import io.herald.bus.Addresses;
import io.herald.bus.OnThisNode;
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
  private final long minuteMs;

  /** {@code minuteMs} is how long a "minute" of {@code rate_limit_minutes} lasts: 60000 except in fast tests. */
  OutboxWriter(EventBus bus, long minuteMs) {
    this.bus = bus;
    this.minuteMs = minuteMs;
  }

  static JsonObject message(String dedupeKey, long chatId, String kind, String text) {
    return new JsonObject().put("dedupe_key", dedupeKey).put("chat_id", chatId).put("kind", kind).put("text", text);
  }

  /** Alerts, counted against each chat's rate limit from the alert settings. */
  Future<Void> enqueueAlerts(JsonArray alerts, JsonObject settings) {
    alerts.forEach(alert -> ((JsonObject) alert).put("rate_limited", true));
    return enqueue(new JsonObject().put("messages", alerts)
      .put("window_ms", settings.getLong("rate_limit_minutes") * minuteMs)
      .put("rate_limit_count", settings.getInteger("rate_limit_count")));
  }

  Future<Void> enqueue(JsonObject message) {
    JsonObject request = message.containsKey("messages") ? message : new JsonObject().put("messages", new JsonArray().add(message));
    return bus.<JsonObject>request(Addresses.TELEGRAM_OUTBOX_ENQUEUE, request, OnThisNode.delivery()).mapEmpty();
  }
}
