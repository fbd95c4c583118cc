package io.herald.persistence;

import io.vertx.core.Context;
import io.vertx.core.eventbus.EventBus;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Publishes many messages a chunk per event-loop turn, so a 100k-recipient broadcast never blocks the loop for long.
 * Lists are published in the order they were given, never interleaved, so what one writer commits in order reaches
 * each user in order.
 */
final class ChunkedPublisher {

  static final int CHUNK = 1_000;

  private final Context context;
  private final EventBus bus;
  private final Deque<List<Publication>> waiting = new ArrayDeque<>();
  private boolean publishing;

  ChunkedPublisher(Context context, EventBus bus) {
    this.context = context;
    this.bus = bus;
  }

  void publish(List<Publication> publications) {
    if (publications.isEmpty()) {
      return;
    }
    waiting.add(publications);
    if (!publishing) {
      publishing = true;
      publishFrom(waiting.poll(), 0);
    }
  }

  private void publishFrom(List<Publication> publications, int start) {
    int end = Math.min(start + CHUNK, publications.size());
    for (Publication p : publications.subList(start, end)) {
      bus.publish(p.address(), p.body());
    }
    if (end < publications.size()) {
      context.runOnContext(next -> publishFrom(publications, end));
    } else if (waiting.isEmpty()) {
      publishing = false;
    } else {
      publishFrom(waiting.poll(), 0);
    }
  }
}
