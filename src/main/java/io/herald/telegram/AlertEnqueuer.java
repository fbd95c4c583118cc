package io.herald.telegram;

import io.herald.bus.Addresses;
import io.herald.bus.OnThisNode;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Set;

/**
 * Turns complaint events into outbox rows for the admin chats. Every node receives every event, so each
 * row's key names the event, the complaint and the chat: however many nodes enqueue, one row results.
 */
final class AlertEnqueuer {

  private final EventBus bus;
  private final OutboxWriter outbox;
  private final AlertMessages messages;

  AlertEnqueuer(EventBus bus, OutboxWriter outbox, AlertMessages messages) {
    this.bus = bus;
    this.outbox = outbox;
    this.messages = messages;
  }

  Future<Void> onCreated(JsonObject event) {
    JsonObject complaint = event.getJsonObject("complaint");
    return settings().compose(settings -> enqueue(settings, complaint, "created:" + complaint.getLong("id"),
      messages.created(complaint), AlertMessages.summary(complaint)));
  }

  Future<Void> onStatusChanged(JsonObject event) {
    JsonObject complaint = event.getJsonObject("complaint");
    String key = "status:" + complaint.getLong("id") + ":" + event.getString("new_status") + ":" + event.getString("occurred_at");
    return settings().compose(settings -> settings.getBoolean("notify_status_updates", false)
      ? enqueue(settings, complaint, key, messages.statusChanged(event), AlertMessages.statusSummary(event))
      : Future.succeededFuture());
  }

  private Future<JsonObject> settings() {
    return bus.<JsonObject>request(Addresses.TELEGRAM_CONFIG_GET, new JsonObject(), OnThisNode.delivery()).map(reply -> reply.body());
  }

  private Future<Void> enqueue(JsonObject settings, JsonObject complaint, String key, String text, String summary) {
    Set<Long> chats = AlertRouting.chatsFor(settings, complaint);
    if (chats.isEmpty()) {
      return Future.succeededFuture();
    }
    JsonArray alerts = new JsonArray();
    for (long chat : chats) {
      alerts.add(OutboxWriter.message(key + ":" + chat, chat, OutboxWriter.KIND_ALERT, text)
        .put("complaint_id", complaint.getLong("id")).put("summary", summary));
    }
    return outbox.enqueueAlerts(alerts, settings);
  }
}
