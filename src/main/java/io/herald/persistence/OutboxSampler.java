package io.herald.persistence;

import io.herald.metrics.OutboxMeters;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reads the outbox's depth and the age of its oldest pending message into {@link OutboxMeters} at a fixed interval. */
final class OutboxSampler {

  private static final Logger LOG = LoggerFactory.getLogger(OutboxSampler.class);
  private static final String SAMPLE = "SELECT count(*) AS waiting, "
    + "coalesce((extract(epoch FROM now() - min(created_at) FILTER (WHERE status = 'pending')) * 1000)::bigint, 0) AS oldest_ms "
    + "FROM telegram_outbox WHERE status IN ('pending', 'held')";

  private final Vertx vertx;
  private final Pool pool;
  private final OutboxMeters meters = new OutboxMeters();
  private long timer = -1;
  private boolean failing;

  OutboxSampler(Vertx vertx, Pool pool) {
    this.vertx = vertx;
    this.pool = pool;
  }

  void start(long intervalMillis) {
    timer = vertx.setPeriodic(0, intervalMillis, tick -> sample());
  }

  void stop() {
    vertx.cancelTimer(timer);
    meters.close();
  }

  private void sample() {
    pool.query(SAMPLE).execute()
      .onSuccess(rows -> {
        Row row = rows.iterator().next();
        meters.sample(row.getLong("waiting"), row.getLong("oldest_ms"));
        failing = false;
      })
      .onFailure(failure -> {
        if (!failing) {
          LOG.warn("Cannot read the Telegram outbox for its metrics: {}", failure.getMessage());
        }
        failing = true;
      });
  }
}
