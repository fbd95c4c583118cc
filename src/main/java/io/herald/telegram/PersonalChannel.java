package io.herald.telegram;

import io.herald.bus.Addresses;
import io.herald.bus.Failures;
import io.herald.bus.OnThisNode;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/**
 * The per-user {@code telegram} channel: a reporter whose chat is linked hears when their complaint's
 * status changes, unless their preferences turn the channel off; during quiet hours it waits until they end.
 * Without the inbox's preferences service the defaults apply (on, no quiet hours).
 */
final class PersonalChannel {

  private final EventBus bus;
  private final OutboxWriter outbox;
  private final AlertMessages messages;

  PersonalChannel(EventBus bus, OutboxWriter outbox, AlertMessages messages) {
    this.bus = bus;
    this.outbox = outbox;
    this.messages = messages;
  }

  Future<Void> onStatusChanged(JsonObject event) {
    JsonObject complaint = event.getJsonObject("complaint");
    return bus.<JsonObject>request(Addresses.TELEGRAM_LINKS_GET, new JsonObject().put("user_id", complaint.getLong("reporter_id")),
        OnThisNode.delivery())
      .map(reply -> reply.body())
      .compose(link -> preferences(link.getJsonObject("user")).compose(preferences -> {
        if (!QuietHours.telegramOn(preferences)) {
          return Future.succeededFuture();
        }
        boolean critical = "critical".equals(complaint.getString("severity"));
        Duration wait = critical ? Duration.ZERO : QuietHours.delay(preferences, ZonedDateTime.now(ZoneOffset.UTC));
        long chatId = link.getLong("chat_id");
        String key = "personal:" + complaint.getLong("id") + ":" + event.getString("new_status") + ":"
          + event.getString("occurred_at") + ":" + chatId;
        return outbox.enqueue(OutboxWriter.message(key, chatId, OutboxWriter.KIND_PERSONAL, messages.yourComplaintChanged(event))
          .put("complaint_id", complaint.getLong("id")).put("delay_ms", wait.toMillis()));
      }))
      .recover(failure -> Failures.httpStatus(failure) == Failures.NOT_FOUND ? Future.succeededFuture() : Future.failedFuture(failure));
  }

  private Future<JsonObject> preferences(JsonObject user) {
    return bus.<JsonObject>request(Addresses.PREFERENCES_GET, new JsonObject().put("actor", user), OnThisNode.delivery())
      .map(reply -> reply.body() == null ? new JsonObject() : reply.body())
      .recover(failure -> isAbsent(failure) ? Future.succeededFuture(new JsonObject()) : Future.failedFuture(failure));
  }

  private static boolean isAbsent(Throwable failure) {
    return failure instanceof ReplyException reply
      && (reply.failureType() == ReplyFailure.NO_HANDLERS || reply.failureCode() == Failures.NOT_FOUND);
  }
}
