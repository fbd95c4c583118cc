package io.herald.persistence;

import io.herald.config.Settings;
import io.herald.database.DatabaseSettings;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;

/**
 * The persistence timers, one instance per node however many {@link PersistenceVerticle}s answer requests:
 * notification retention and Telegram housekeeping (each one node at a time through its cluster-wide lock), the purge of
 * expired request counters, and the outbox numbers sampled for the metrics.
 */
public class PersistenceDutiesVerticle extends VerticleBase {

  private Pool pool;
  private OutboxSampler outboxSampler;

  @Override
  public Future<?> start() {
    JsonObject config = config();
    pool = PersistenceVerticle.pool(vertx, DatabaseSettings.fromJson(config.getJsonObject(PersistenceVerticle.CONFIG_DATABASE)), 1);
    new NotificationRetention(vertx, pool, Settings.RETENTION_DAYS.from(config))
      .schedule(Settings.RETENTION_INTERVAL_MINUTES.from(config));
    new LimitStore(vertx, pool).schedulePurge();
    PersistenceVerticle.housekeeping(vertx, pool, config).schedule(Settings.RETENTION_INTERVAL_MINUTES.from(config));
    outboxSampler = new OutboxSampler(vertx, pool);
    outboxSampler.start(Settings.METRICS_SAMPLE_MS.from(config));
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    if (outboxSampler != null) {
      outboxSampler.stop();
    }
    return pool == null ? Future.succeededFuture() : pool.close();
  }
}
