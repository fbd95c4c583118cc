package io.herald.persistence.telegram;

import io.herald.bus.Addresses;
import io.herald.config.Settings;
import io.herald.support.Await;
import io.herald.support.OwnNode;
import io.herald.support.TelegramNodes;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.Lock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Old Telegram rows go after their retention; what is still pending, recent or pointed at stays. */
class TelegramHousekeepingTest {

  private static OwnNode node;

  @BeforeAll
  static void start() {
    node = OwnNode.start(new JsonObject()
      .put(Settings.TELEGRAM_OUTBOX_RETENTION_DAYS.key(), 1)
      .put(Settings.TELEGRAM_UPDATES_RETENTION_DAYS.key(), 2)
      .put(Settings.TELEGRAM_CONVERSATION_RETENTION_DAYS.key(), 7)
      .put(Settings.RETENTION_INTERVAL_MINUTES.key(), 0));
  }

  @AfterAll
  static void stop() {
    node.stop();
  }

  @Test
  void purgesWhatIsOlderThanItsRetentionAndKeepsTheRest() {
    long chat = TelegramNodes.newChatId();
    long oldSent = outbox(chat, "alert", "sent", "3 days", null);
    long oldFailed = outbox(chat, "alert", "failed", null, null);
    node.sql().update("UPDATE telegram_outbox SET created_at = now() - interval '3 days' WHERE id = $1", oldFailed);
    long recentSent = outbox(chat, "alert", "sent", "1 hour", null);
    long oldPending = outbox(chat, "alert", "pending", null, null);
    node.sql().update("UPDATE telegram_outbox SET created_at = now() - interval '3 days' WHERE id = $1", oldPending);
    long sentDigest = outbox(chat, "digest", "sent", "3 days", null);
    long foldedA = outbox(chat, "alert", "sent", "3 days", sentDigest);
    long foldedB = outbox(chat, "alert", "sent", "3 days", sentDigest);
    long digestStillHolding = outbox(chat, "digest", "sent", "3 days", null);
    long stillHeld = outbox(chat, "alert", "held", null, digestStillHolding);
    long otherChat = TelegramNodes.newChatId();
    long openDigest = outbox(otherChat, "digest", "sent", "3 days", null);
    node.sql().update("INSERT INTO telegram_chats (chat_id, open_digest_id) VALUES ($1, $2)", otherChat, openDigest);
    long oldUpdate = TelegramNodes.newChatId();
    long recentUpdate = oldUpdate + 1;
    node.sql().update("INSERT INTO telegram_updates (update_id, processed_at) "
      + "VALUES ($1, now() - interval '3 days'), ($2, now() - interval '1 day')", oldUpdate, recentUpdate);
    long idleChat = TelegramNodes.newChatId();
    long activeChat = idleChat + 1;
    node.sql().update("INSERT INTO telegram_conversations (chat_id, state, updated_at) VALUES "
      + "($1, '{\"step\":\"room\"}', now() - interval '8 days'), ($2, '{\"step\":\"room\"}', now() - interval '6 days')",
      idleChat, activeChat);

    JsonObject run = run(new JsonObject());

    assertThat(run.getBoolean("ran")).isTrue();
    assertThat(run.getLong("outbox")).isGreaterThanOrEqualTo(5);
    assertThat(existing("telegram_outbox", "id", oldSent, oldFailed, sentDigest, foldedA, foldedB)).isZero();
    assertThat(existing("telegram_outbox", "id", recentSent, oldPending, digestStillHolding, stillHeld, openDigest)).isEqualTo(5);
    assertThat(existing("telegram_updates", "update_id", oldUpdate)).isZero();
    assertThat(existing("telegram_updates", "update_id", recentUpdate)).isOne();
    assertThat(existing("telegram_conversations", "chat_id", idleChat)).isZero();
    assertThat(existing("telegram_conversations", "chat_id", activeChat)).isOne();
  }

  @Test
  void oneNodeAtATime() {
    Lock held = Await.await(node.vertx().sharedData().getLock(TelegramHousekeeping.LOCK_NAME));
    try {
      assertThat(run(new JsonObject()).getBoolean("ran")).isFalse();
    } finally {
      held.release();
    }
  }

  @Test
  void aNegativeRetentionIsRefused() {
    assertThatThrownBy(() -> run(new JsonObject().put("outbox_days", -1)))
      .isInstanceOfSatisfying(ReplyException.class, failure -> {
        assertThat(failure.failureCode()).isEqualTo(400);
        assertThat(failure.getMessage()).contains("outbox_days");
      });
  }

  private static JsonObject run(JsonObject request) {
    return Await.await(node.vertx().eventBus().<JsonObject>request(Addresses.TELEGRAM_HOUSEKEEPING_RUN, request)).body();
  }

  /** A row of the outbox; {@code sentAgo}: how long ago it was sent (an SQL interval), or null. */
  private static long outbox(long chat, String kind, String status, String sentAgo, Long digestId) {
    return node.sql().longs("INSERT INTO telegram_outbox (dedupe_key, chat_id, kind, text, status, digest_id, sent_at) "
        + "VALUES ($1, $2, $3, 'text', $4, $5, now() - $6::text::interval) RETURNING id",
      "housekeeping-" + java.util.UUID.randomUUID(), chat, kind, status, digestId, sentAgo).get(0);
  }

  private static long existing(String table, String column, Long... ids) {
    return node.sql().count("SELECT count(*) FROM " + table + " WHERE " + column + " = ANY($1)", (Object) ids);
  }
}
