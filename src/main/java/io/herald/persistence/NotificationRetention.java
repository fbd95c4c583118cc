package io.herald.persistence;

import io.herald.bus.Addresses;
import io.herald.bus.DomainException;
import io.herald.config.Settings;
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
 * Deletes read or deleted notifications older than the retention, in small batches (each its own short
 * statement) under a cluster-wide lock so that only one node purges at a time. Each batch raises the purge
 * mark of the users it touched, which tells a replay whether it may have a gap. Then, the same way, the producers'
 * idempotency keys older than their own retention (a key whose broadcast is still being written stays).
 */
final class NotificationRetention {

  static final String LOCK_NAME = "herald.notifications.retention";
  static final int BATCH = 5_000;
  private static final Logger LOG = LoggerFactory.getLogger(NotificationRetention.class);

  private final OneNodeAtATime alone;
  private final Pool pool;
  private final int retentionDays;
  private final int keyRetentionDays;

  /** With the retention settings of a persistence verticle's config. */
  static NotificationRetention from(Vertx vertx, Pool pool, JsonObject config) {
    return new NotificationRetention(vertx, pool, Settings.RETENTION_DAYS.from(config),
      Settings.IDEMPOTENCY_KEY_RETENTION_DAYS.from(config));
  }

  private NotificationRetention(Vertx vertx, Pool pool, int retentionDays, int keyRetentionDays) {
    this.alone = new OneNodeAtATime(vertx, LOCK_NAME);
    this.pool = pool;
    this.retentionDays = retentionDays;
    this.keyRetentionDays = keyRetentionDays;
  }

  void bind(BusBinder binder) {
    binder.answer(Addresses.NOTIFICATIONS_RETENTION_RUN, this::run);
  }

  /** Starts the periodic run; an interval of 0 or less disables it. */
  void schedule(long intervalMinutes) {
    alone.schedule(intervalMinutes, () -> run(new JsonObject()), LOG, "Notification retention run");
  }

  /**
   * {@code {days?, key_days?}} -> {@code {ran, deleted, keys_deleted}}; {@code ran} is false when another node holds
   * the lock.
   */
  private Future<JsonObject> run(JsonObject request) {
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    OffsetDateTime cutoff = now.minusDays(days(request, "days", retentionDays));
    OffsetDateTime keyCutoff = now.minusDays(days(request, "key_days", keyRetentionDays));
    return alone.run(() -> purge(cutoff, keyCutoff)).map(reply -> reply.containsKey("deleted") ? reply
      : reply.put("deleted", 0).put("keys_deleted", 0));
  }

  private static long days(JsonObject request, String field, int configured) {
    Long days = Requests.optionalLong(request, field);
    if (days != null && days < 0) {
      throw DomainException.badRequest("field " + field + " must not be negative");
    }
    return days == null ? configured : days;
  }

  private Future<JsonObject> purge(OffsetDateTime cutoff, OffsetDateTime keyCutoff) {
    return inBatches(NotificationSql.PURGE_BATCH, cutoff, 0).compose(deleted -> {
      if (deleted > 0) {
        LOG.info("Notification retention removed {} rows created before {}", deleted, cutoff);
      }
      return inBatches(NotificationSql.PURGE_KEYS_BATCH, keyCutoff, 0).map(keys -> {
        if (keys > 0) {
          LOG.info("Notification retention removed {} idempotency keys claimed before {}", keys, keyCutoff);
        }
        return new JsonObject().put("deleted", deleted).put("keys_deleted", keys);
      });
    });
  }

  /** Runs a purge statement ({@code $1} the cutoff, {@code $2} the batch, answering {@code deleted}) until it is done. */
  private Future<Long> inBatches(String purge, OffsetDateTime cutoff, long deletedSoFar) {
    return pool.preparedQuery(purge).execute(Tuple.of(cutoff, BATCH)).compose(rows -> {
      long deleted = rows.iterator().next().getLong("deleted");
      return deleted < BATCH ? Future.succeededFuture(deletedSoFar + deleted) : inBatches(purge, cutoff, deletedSoFar + deleted);
    });
  }
}
