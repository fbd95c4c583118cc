package io.herald.persistence;

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

  public static final String CONFIG_DATABASE = PersistenceVerticle.CONFIG_DATABASE;
  public static final String CONFIG_RETENTION_DAYS = PersistenceVerticle.CONFIG_RETENTION_DAYS;
  public static final String CONFIG_RETENTION_INTERVAL_MINUTES = "retention_interval_minutes";

  private Pool pool;
  private OutboxSampler outboxSampler;

  @Override
  public Future<?> start() {
    JsonObject config = config();
    pool = PersistenceVerticle.pool(vertx, DatabaseSettings.fromJson(config.getJsonObject(CONFIG_DATABASE)), 1);
    new NotificationRetention(vertx, pool, config.getInteger(CONFIG_RETENTION_DAYS, 90))
      .schedule(config.getLong(CONFIG_RETENTION_INTERVAL_MINUTES, 60L));
    new LimitStore(vertx, pool).schedulePurge();
    PersistenceVerticle.housekeeping(vertx, pool, config).schedule(config.getLong(CONFIG_RETENTION_INTERVAL_MINUTES, 60L));
    outboxSampler = new OutboxSampler(vertx, pool);
    outboxSampler.start(config.getLong(PersistenceVerticle.CONFIG_METRICS_SAMPLE_MS, 5_000L));
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
