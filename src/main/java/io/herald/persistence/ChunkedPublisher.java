package io.herald.persistence;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.eventbus.EventBus;

import java.util.List;

/** Publishes many messages a chunk per event-loop turn, so a 100k-recipient broadcast never blocks the loop for long. */
final class ChunkedPublisher {

  static final int CHUNK = 1_000;

  private final Context context;
  private final EventBus bus;

  ChunkedPublisher(Context context, EventBus bus) {
    this.context = context;
    this.bus = bus;
  }

  /** Completes once the last chunk is published. */
  Future<Void> publish(List<Publication> publications) {
    Promise<Void> done = Promise.promise();
    publishFrom(publications, 0, done);
    return done.future();
  }

  private void publishFrom(List<Publication> publications, int start, Promise<Void> done) {
    int end = Math.min(start + CHUNK, publications.size());
    for (Publication p : publications.subList(start, end)) {
      bus.publish(p.address(), p.body());
    }
    if (end < publications.size()) {
      context.runOnContext(next -> publishFrom(publications, end, done));
    } else {
      done.complete();
    }
  }
}
