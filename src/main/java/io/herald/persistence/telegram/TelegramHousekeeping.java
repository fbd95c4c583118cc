package io.herald.persistence.telegram;

import io.herald.bus.Addresses;
import io.herald.bus.DomainException;
import io.herald.config.Settings;
import io.herald.persistence.BusBinder;
import io.herald.persistence.OneNodeAtATime;
import io.herald.persistence.Requests;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Purges what the Telegram side no longer needs, under a cluster-wide lock so that one node at a time does it: outbox
 * rows sent or failed longer ago than their retention (a digest's held alerts first, then rows nothing points at),
 * processed update ids (kept long enough to recognise a redelivery), and bot conversations left unfinished.
 */
public final class TelegramHousekeeping {

  static final String LOCK_NAME = "herald.telegram.housekeeping";
  private static final int BATCH = 5_000;
  private static final Logger LOG = LoggerFactory.getLogger(TelegramHousekeeping.class);

  private static final String PURGE_HELD = "DELETE FROM telegram_outbox WHERE id IN (SELECT id FROM telegram_outbox "
    + "WHERE digest_id IS NOT NULL AND status IN ('sent', 'failed') AND coalesce(sent_at, created_at) < $1 LIMIT $2)";
  private static final String PURGE_OUTBOX = "DELETE FROM telegram_outbox o WHERE o.id IN (SELECT id FROM telegram_outbox r "
    + "WHERE r.status IN ('sent', 'failed', 'cancelled') AND coalesce(r.sent_at, r.created_at) < $1 "
    + "AND NOT EXISTS (SELECT 1 FROM telegram_outbox c WHERE c.digest_id = r.id) "
    + "AND NOT EXISTS (SELECT 1 FROM telegram_chats ch WHERE ch.open_digest_id = r.id) LIMIT $2)";
  private static final String PURGE_UPDATES = "DELETE FROM telegram_updates WHERE update_id IN "
    + "(SELECT update_id FROM telegram_updates WHERE processed_at < $1 LIMIT $2)";
  private static final String PURGE_CONVERSATIONS = "DELETE FROM telegram_conversations WHERE chat_id IN "
    + "(SELECT chat_id FROM telegram_conversations WHERE updated_at < $1 LIMIT $2)";

  /** Retention in days of sent or failed outbox rows, processed update ids and unfinished conversations. */
  record Retention(long outboxDays, long updatesDays, long conversationDays) {
  }

  private final OneNodeAtATime alone;
  private final Pool pool;
  private final Retention retention;

  TelegramHousekeeping(Vertx vertx, Pool pool, Retention retention) {
    this.alone = new OneNodeAtATime(vertx, LOCK_NAME);
    this.pool = pool;
    this.retention = retention;
  }

  /** With the retention settings of a persistence verticle's config. */
  public static TelegramHousekeeping from(Vertx vertx, Pool pool, JsonObject config) {
    return new TelegramHousekeeping(vertx, pool, new Retention(Settings.TELEGRAM_OUTBOX_RETENTION_DAYS.from(config),
      Settings.TELEGRAM_UPDATES_RETENTION_DAYS.from(config), Settings.TELEGRAM_CONVERSATION_RETENTION_DAYS.from(config)));
  }

  public void bind(BusBinder binder) {
    binder.answer(Addresses.TELEGRAM_HOUSEKEEPING_RUN, this::run);
  }

  /** Starts the periodic run; an interval of 0 or less disables it. */
  public void schedule(long intervalMinutes) {
    alone.schedule(intervalMinutes, () -> run(new JsonObject()), LOG, "Telegram housekeeping");
  }

  /**
   * {@code {outbox_days?, updates_days?, conversation_days?}} (defaults: the configured retention) -> {@code {ran,
   * outbox, updates, conversations}} (rows deleted); {@code ran} is false when another node holds the lock.
   */
  private Future<JsonObject> run(JsonObject request) {
    Retention asked = new Retention(days(request, "outbox_days", retention.outboxDays()),
      days(request, "updates_days", retention.updatesDays()), days(request, "conversation_days", retention.conversationDays()));
    return alone.run(() -> purge(asked));
  }

  private static long days(JsonObject request, String field, long configured) {
    Long days = Requests.optionalLong(request, field);
    if (days != null && days < 0) {
      throw DomainException.badRequest("field " + field + " must not be negative");
    }
    return days == null ? configured : days;
  }

  private Future<JsonObject> purge(Retention asked) {
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    OffsetDateTime outboxCutoff = now.minusDays(asked.outboxDays());
    JsonObject deleted = new JsonObject();
    return purge(PURGE_HELD, outboxCutoff, 0)
      .compose(held -> purge(PURGE_OUTBOX, outboxCutoff, held)).map(rows -> deleted.put("outbox", rows))
      .compose(v -> purge(PURGE_UPDATES, now.minusDays(asked.updatesDays()), 0)).map(rows -> deleted.put("updates", rows))
      .compose(v -> purge(PURGE_CONVERSATIONS, now.minusDays(asked.conversationDays()), 0))
      .map(rows -> deleted.put("conversations", rows))
      .onSuccess(done -> {
        if (done.getLong("outbox") + done.getLong("updates") + done.getLong("conversations") > 0) {
          LOG.info("Telegram housekeeping removed {} outbox rows, {} update ids, {} unfinished conversations",
            done.getLong("outbox"), done.getLong("updates"), done.getLong("conversations"));
        }
      });
  }

  private Future<Long> purge(String sql, OffsetDateTime cutoff, long deletedSoFar) {
    return pool.preparedQuery(sql).execute(Tuple.of(cutoff, BATCH)).compose(rows -> rows.rowCount() < BATCH
      ? Future.succeededFuture(deletedSoFar + rows.rowCount())
      : purge(sql, cutoff, deletedSoFar + rows.rowCount()));
  }
}
