package io.herald.persistence;

import io.herald.database.DatabaseSettings;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;

/**
 * The producer API's writes ({@code persistence.notifications.create} and {@code .broadcast}), one instance per
 * node: they are committed in groups, one group at a time, so that each user receives what this node wrote for them
 * in id order ({@link GroupCommit}). One group is written at a time, hence one connection.
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
