package io.herald.persistence;

import io.herald.config.Settings;
import io.herald.outbox.ClaimRounds;
import io.herald.persistence.digest.DigestOptions;
import io.herald.persistence.digest.DigestStore;
import io.herald.persistence.telegram.TelegramHousekeeping;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The persistence timers, one instance per node however many {@link PersistenceVerticle}s answer requests:
 * notification retention and Telegram housekeeping (each one node at a time through its cluster-wide lock), the purge of
 * expired request counters, the outbox numbers sampled for the metrics, and the daily digests (every node looks for
 * due ones; each user's day is taken by one of them, see {@link DigestStore}).
 */
public class PersistenceDutiesVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(PersistenceDutiesVerticle.class);

  private Pool pool;
  private OutboxSampler outboxSampler;
  private ClaimRounds digests;

  @Override
  public Future<?> start() {
    JsonObject config = config();
    pool = PersistenceVerticle.pool(vertx, config, 1);
    NotificationRetention.from(vertx, pool, config).schedule(Settings.RETENTION_INTERVAL_MINUTES.from(config));
    new LimitStore(vertx, pool).schedulePurge();
    TelegramHousekeeping.from(vertx, pool, config).schedule(Settings.RETENTION_INTERVAL_MINUTES.from(config));
    outboxSampler = new OutboxSampler(vertx, pool);
    outboxSampler.start(Settings.METRICS_SAMPLE_MS.from(config));
    scheduleDigests(config);
    return Future.succeededFuture();
  }

  private void scheduleDigests(JsonObject config) {
    DigestOptions options = DigestOptions.from(config);
    if (options.intervalMs() > 0) {
      DigestStore store = new DigestStore(pool, options, Settings.PUBLIC_URL.from(config));
      digests = new ClaimRounds(vertx, options.intervalMs(), () -> store.run()
        .onFailure(failure -> LOG.warn("Digest run failed: {}", failure.toString())).mapEmpty());
      digests.start();
    }
  }

  @Override
  public Future<?> stop() {
    if (outboxSampler != null) {
      outboxSampler.stop();
    }
    Future<Void> pass = digests == null ? Future.succeededFuture() : digests.stop();
    return pass.compose(done -> pool == null ? Future.succeededFuture() : pool.close());
  }
}
