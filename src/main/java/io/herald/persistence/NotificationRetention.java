package io.herald.persistence;

import io.herald.bus.Addresses;
import io.herald.bus.DomainException;
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
 * mark of the users it touched, which tells a replay whether it may have a gap.
 */
final class NotificationRetention {

  static final String LOCK_NAME = "herald.notifications.retention";
  static final int BATCH = 5_000;
  private static final Logger LOG = LoggerFactory.getLogger(NotificationRetention.class);

  private final OneNodeAtATime alone;
  private final Pool pool;
  private final int retentionDays;

  NotificationRetention(Vertx vertx, Pool pool, int retentionDays) {
    this.alone = new OneNodeAtATime(vertx, LOCK_NAME);
    this.pool = pool;
    this.retentionDays = retentionDays;
  }

  void bind(BusBinder binder) {
    binder.answer(Addresses.NOTIFICATIONS_RETENTION_RUN, this::run);
  }

  /** Starts the periodic run; an interval of 0 or less disables it. */
  void schedule(long intervalMinutes) {
    alone.schedule(intervalMinutes, () -> run(new JsonObject()), LOG, "Notification retention run");
  }

  /** {@code {days?}} -> {@code {ran, deleted}}; {@code ran} is false when another node holds the lock. */
  private Future<JsonObject> run(JsonObject request) {
    Long days = Requests.optionalLong(request, "days");
    if (days != null && days < 0) {
      throw DomainException.badRequest("field days must not be negative");
    }
    OffsetDateTime cutoff = OffsetDateTime.now(ZoneOffset.UTC).minusDays(days == null ? retentionDays : days);
    return alone.run(() -> purge(cutoff)).map(reply -> reply.containsKey("deleted") ? reply : reply.put("deleted", 0));
  }

  private Future<JsonObject> purge(OffsetDateTime cutoff) {
    return purgeFrom(cutoff, 0).map(deleted -> {
      if (deleted > 0) {
        LOG.info("Notification retention removed {} rows created before {}", deleted, cutoff);
      }
      return new JsonObject().put("deleted", deleted);
    });
  }

  private Future<Long> purgeFrom(OffsetDateTime cutoff, long deletedSoFar) {
    return pool.preparedQuery(NotificationSql.PURGE_BATCH).execute(Tuple.of(cutoff, BATCH)).compose(rows -> {
      long deleted = rows.iterator().next().getLong("deleted");
      return deleted < BATCH ? Future.succeededFuture(deletedSoFar + deleted) : purgeFrom(cutoff, deletedSoFar + deleted);
    });
  }
}
