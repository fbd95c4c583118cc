package io.herald.persistence;

import io.herald.config.Settings;
import io.herald.outbox.ClaimRounds;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.sqlclient.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The producer API's writes ({@code persistence.notifications.create} and {@code .broadcast}), committed in groups,
 * one group at a time per instance ({@link GroupCommit}), hence one connection per instance. With several instances
 * (HERALD_PRODUCER_INSTANCES) two writes for one user may be published in the other order than their ids; the
 * sockets put them back in order (docs/sockets.md, "Gaps in the live stream"). Each instance also takes over the
 * broadcasts whose node stopped writing them ({@link BroadcastWriter}), and finishes its own before it stops.
 */
public class ProducerVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(ProducerVerticle.class);

  private Pool pool;
  private ClaimRounds takeOvers;
  private BroadcastWriter broadcasts;

  @Override
  public Future<?> start() {
    pool = PersistenceVerticle.producerPool(vertx, config());
    BusBinder binder = new BusBinder(vertx.eventBus());
    GroupCommit writes = new GroupCommit(pool, new ChunkedPublisher(context, vertx.eventBus()));
    BroadcastOptions options = BroadcastOptions.from(config());
    broadcasts = new BroadcastWriter(vertx, pool, writes, options, Settings.REQUEST_TIMEOUT_MS.from(config()) / 2);
    new ProducerStore(writes, broadcasts).bind(binder);
    takeOvers = new ClaimRounds(vertx, options.takeOverIntervalMs(), () -> broadcasts.resumeOne()
      .onFailure(failure -> LOG.warn("Taking over a stalled broadcast failed: {}", failure.toString())));
    return binder.ready().onSuccess(ready -> takeOvers.start());
  }

  @Override
  public Future<?> stop() {
    Future<Void> pass = takeOvers == null ? Future.succeededFuture() : takeOvers.stop().compose(none -> broadcasts.written());
    return pass.compose(done -> pool == null ? Future.succeededFuture() : pool.close());
  }
}
