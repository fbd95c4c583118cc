package io.herald.persistence;

import io.herald.database.DatabaseSettings;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;

/**
 * The producer API's writes ({@code persistence.notifications.create} and {@code .broadcast}), committed in groups,
 * one group at a time per instance ({@link GroupCommit}), hence one connection per instance. With several instances
 * (HERALD_PRODUCER_INSTANCES) two writes for one user may be published in the other order than their ids; the
 * sockets put them back in order (docs/sockets.md, "Gaps in the live stream").
 */
public class ProducerVerticle extends VerticleBase {

  private Pool pool;

  @Override
  public Future<?> start() {
    pool = PersistenceVerticle.pool(vertx, DatabaseSettings.fromJson(config().getJsonObject(PersistenceVerticle.CONFIG_DATABASE)), 1);
    BusBinder binder = new BusBinder(vertx.eventBus());
    new ProducerStore(new GroupCommit(pool, new ChunkedPublisher(context, vertx.eventBus()))).bind(binder);
    return binder.ready();
  }

  @Override
  public Future<?> stop() {
    return pool == null ? Future.succeededFuture() : pool.close();
  }
}
