package io.herald.persistence;

import io.herald.bus.UnchangedJson;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.eventbus.EventBus;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Publishes many messages a chunk per event-loop turn, so a 100k-recipient broadcast never blocks the loop for long.
 * A chunk is ten runs of user messages: publishing one only hands a reference to the bus (its consumer on each node
 * takes it apart on its own loop), and a loop shared with busy sockets may come back to the next chunk only after all
 * the frames they queued meanwhile, so small chunks would pace a broadcast by the sockets' backlog.
 * Lists are published in the order they were given, never interleaved, so what one writer commits in order reaches
 * each user in order.
 */
final class ChunkedPublisher {

  static final int CHUNK = 10 * Publication.RUN;

  private record Batch(List<Publication> publications, Promise<Void> done) {
  }

  private final Context context;
  private final EventBus bus;
  private final Deque<Batch> waiting = new ArrayDeque<>();
  private boolean publishing;

  ChunkedPublisher(Context context, EventBus bus) {
    this.context = context;
    this.bus = bus;
    UnchangedJson.register(bus);
  }

  /** Completes once the last of these publications is published. */
  Future<Void> publish(List<Publication> publications) {
    if (publications.isEmpty()) {
      return Future.succeededFuture();
    }
    Batch batch = new Batch(publications, Promise.promise());
    waiting.add(batch);
    if (!publishing) {
      publishing = true;
      publishFrom(waiting.poll(), 0);
    }
    return batch.done().future();
  }

  private void publishFrom(Batch batch, int start) {
    List<Publication> publications = batch.publications();
    int end = Math.min(start + CHUNK, publications.size());
    Publication.publishAll(bus, publications.subList(start, end));
    if (end < publications.size()) {
      context.runOnContext(next -> publishFrom(batch, end));
      return;
    }
    batch.done().complete();
    if (waiting.isEmpty()) {
      publishing = false;
    } else {
      publishFrom(waiting.poll(), 0);
    }
  }
}
