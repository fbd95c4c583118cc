package io.herald.telegram;

import io.herald.bus.Addresses;
import io.herald.bus.OnThisNode;
import io.herald.outbox.Backoff;
import io.herald.outbox.ClaimRounds;
import io.herald.metrics.TelegramMeters;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.UUID;

/**
 * Claims due outbox rows (leased to this node), sends each, and records the outcome: Telegram's
 * {@code message_id}; a retry with exponential backoff and jitter after a network error or 5xx; the
 * {@code retry_after} of a 429 for the chat and the whole bot; or a permanent failure with its reason.
 */
final class OutboxSender {

  private static final Logger LOG = LoggerFactory.getLogger(OutboxSender.class);
  private static final String DIGEST = "digest";

  private final EventBus bus;
  private final BotApiClient client;
  private final TelegramOptions options;
  private final AlertMessages messages;
  private final TelegramMeters meters = new TelegramMeters();
  private final String node = UUID.randomUUID().toString();
  private final ClaimRounds rounds;

  OutboxSender(Vertx vertx, BotApiClient client, TelegramOptions options) {
    this.bus = vertx.eventBus();
    this.client = client;
    this.options = options;
    this.messages = new AlertMessages(options.publicUrl(), options.locale());
    this.rounds = new ClaimRounds(vertx, options.sendIntervalMs(), this::round);
  }

  void start() {
    rounds.start();
  }

  /** Stops claiming; completes when the round in flight has recorded its outcomes, so a clean stop re-sends nothing. */
  Future<Void> stop() {
    return rounds.stop();
  }

  private Future<Void> round() {
    JsonObject claim = new JsonObject().put("node", node).put("per_second", options.globalPerSecond())
      .put("lease_ms", options.leaseMs());
    return bus.<JsonObject>request(Addresses.TELEGRAM_OUTBOX_CLAIM, claim, OnThisNode.delivery())
      .compose(reply -> ClaimRounds.each(reply.body().getJsonArray("items"), this::send))
      .onFailure(failure -> LOG.warn("Telegram outbox round failed: {}", client.redact(failure.getMessage())));
  }

  private Future<Void> send(JsonObject item) {
    long chatId = item.getLong("chat_id");
    String text = DIGEST.equals(item.getString("kind"))
      ? messages.digest(item.getJsonArray("summaries"), item.getBoolean("all_new_complaints", true))
      : item.getString("text");
    return client.sendMessage(chatId, text, readButton(item.getString("read_token"))).compose(result -> record(item, result));
  }

  /** A personal notification's inline "Mark read" button; its callback data is the message's own random token. */
  private static JsonObject readButton(String token) {
    if (token == null) {
      return null;
    }
    JsonObject button = new JsonObject().put("text", "Mark read").put("callback_data", CallbackQuery.READ_PREFIX + token);
    return new JsonObject().put("inline_keyboard", new JsonArray().add(new JsonArray().add(button)));
  }

  private Future<Void> record(JsonObject item, SendResult result) {
    long id = item.getLong("id");
    long chatId = item.getLong("chat_id");
    if (result instanceof SendResult.Accepted accepted) {
      meters.sent(item.getString("kind"));
      if (DIGEST.equals(item.getString("kind"))) {
        meters.digested(item.getJsonArray("summaries", new JsonArray()).size());
      }
      return request(Addresses.TELEGRAM_OUTBOX_MARK_SENT, new JsonObject().put("id", id)
        .put("message_id", accepted.messageId()).put("chat_gap_ms", options.gapFor(chatId)));
    }
    if (result instanceof SendResult.Throttled throttled) {
      meters.throttled(throttled.retryAfterMs());
      return request(Addresses.TELEGRAM_OUTBOX_RESCHEDULE, new JsonObject().put("id", id)
        .put("reason", "429 retry after " + throttled.retryAfterMs() + " ms").put("delay_ms", throttled.retryAfterMs())
        .put("chat_pause_ms", throttled.retryAfterMs()).put("global_pause_ms", throttled.retryAfterMs()));
    }
    if (result instanceof SendResult.Refused refused) {
      return fail(id, chatId, refused.reason());
    }
    String reason = ((SendResult.Transient) result).reason();
    int attempts = item.getInteger("attempts");
    return attempts >= options.maxAttempts()
      ? fail(id, chatId, "gave up after " + attempts + " attempts: " + reason)
      : retry(id, reason, attempts);
  }

  private Future<Void> retry(long id, String reason, int attempts) {
    meters.retried();
    return request(Addresses.TELEGRAM_OUTBOX_RESCHEDULE, new JsonObject().put("id", id).put("reason", reason)
      .put("delay_ms", Backoff.equalJitter(attempts, options.backoffBaseMs(), options.backoffMaxMs())));
  }

  private Future<Void> fail(long id, long chatId, String reason) {
    meters.failed();
    LOG.warn("Telegram message {} to chat {} failed for good: {}", id, chatId, reason);
    return request(Addresses.TELEGRAM_OUTBOX_MARK_FAILED, new JsonObject().put("id", id).put("reason", reason));
  }

  private Future<Void> request(String address, JsonObject body) {
    return bus.request(address, body, OnThisNode.delivery()).mapEmpty();
  }
}
