package io.herald.persistence;

import io.vertx.core.Context;
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

  void publish(List<Publication> publications) {
    publishFrom(publications, 0);
  }

  private void publishFrom(List<Publication> publications, int start) {
    int end = Math.min(start + CHUNK, publications.size());
    for (Publication p : publications.subList(start, end)) {
      bus.publish(p.address(), p.body());
    }
    if (end < publications.size()) {
      context.runOnContext(next -> publishFrom(publications, end));
    }
  }
}
