package io.herald.persistence;

import io.herald.database.DatabaseSettings;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;

/**
 * The persistence timers, one instance per node however many {@link PersistenceVerticle}s answer requests:
 * notification retention (one node at a time through its cluster-wide lock) and the purge of expired request counters.
 */
public class PersistenceDutiesVerticle extends VerticleBase {

  public static final String CONFIG_DATABASE = PersistenceVerticle.CONFIG_DATABASE;
  public static final String CONFIG_RETENTION_DAYS = PersistenceVerticle.CONFIG_RETENTION_DAYS;
  public static final String CONFIG_RETENTION_INTERVAL_MINUTES = "retention_interval_minutes";

  private Pool pool;

  @Override
  public Future<?> start() {
    JsonObject config = config();
    pool = PersistenceVerticle.pool(vertx, DatabaseSettings.fromJson(config.getJsonObject(CONFIG_DATABASE)), 1);
    new NotificationRetention(vertx, pool, config.getInteger(CONFIG_RETENTION_DAYS, 90))
      .schedule(config.getLong(CONFIG_RETENTION_INTERVAL_MINUTES, 60L));
    new LimitStore(vertx, pool).schedulePurge();
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    return pool == null ? Future.succeededFuture() : pool.close();
  }
}
