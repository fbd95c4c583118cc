package io.herald.persistence;

import io.herald.metrics.NotificationMeters;
import io.herald.notify.NotificationType;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Producer writes committed in groups: what arrives while one group is being written goes into the next
 * transaction (one BEGIN, the rate-limit hits of the whole group in one statement, the writes' statements
 * pipelined in arrival order, one COMMIT). One group at a time, so notification ids grow in the order the writes
 * arrived, and the envelopes are published after the commit in that same order. A group that fails is written again one write at a time, so that a bad write fails
 * alone. One instance per verticle, used from its event loop only.
 */
final class GroupCommit {

  static final int MAX_GROUP = 200;

  /** One producer request's statements inside the group's transaction. */
  interface Write {

    Future<Written> run(SqlConnection tx);

    /** Whether the writes after it must wait for its answers (it decides on its own statements' results). */
    boolean dependent();
  }

  /** The reply, and the notification rows to publish after the commit. */
  record Written(JsonObject reply, List<JsonObject> rows) {
  }

  private record Pending(LimitStore.Bucket bucket, Write write, Promise<JsonObject> reply) {
  }

  private final Pool pool;
  private final ChunkedPublisher publisher;
  private final NotificationMeters meters = new NotificationMeters();
  private final Deque<Pending> queue = new ArrayDeque<>();
  private boolean writing;
  private int aloneLeft;

  GroupCommit(Pool pool, ChunkedPublisher publisher) {
    this.pool = pool;
    this.publisher = publisher;
  }

  /** Queues a write; {@code bucket} (or null) is the caller's rate limit, counted in the same transaction. */
  Future<JsonObject> submit(LimitStore.Bucket bucket, Write write) {
    Promise<JsonObject> reply = Promise.promise();
    queue.add(new Pending(bucket, write, reply));
    if (!writing) {
      writeNext();
    }
    return reply.future();
  }

  private void writeNext() {
    writing = !queue.isEmpty();
    if (!writing) {
      return;
    }
    List<Pending> group = new ArrayList<>();
    int size = aloneLeft > 0 ? 1 : MAX_GROUP;
    while (group.size() < size && !queue.isEmpty()) {
      group.add(queue.poll());
    }
    aloneLeft = Math.max(0, aloneLeft - 1);
    List<Written> written = new ArrayList<>();
    pool.withTransaction(tx -> write(tx, group, written)).onComplete(done -> {
      if (done.succeeded()) {
        finish(group, written);
      } else if (group.size() > 1) {
        aloneLeft = group.size();
        for (int i = group.size() - 1; i >= 0; i--) {
          queue.addFirst(group.get(i));
        }
      } else {
        group.get(0).reply().fail(done.cause());
      }
      writeNext();
    });
  }

  private static Future<Void> write(SqlConnection tx, List<Pending> group, List<Written> written) {
    return LimitStore.takeEach(tx, group.stream().map(Pending::bucket).toList()).compose(retryAfter -> {
      List<Future<Written>> results = new ArrayList<>();
      Future<Void> turn = Future.succeededFuture();
      for (int i = 0; i < group.size(); i++) {
        Write write = group.get(i).write();
        long refusedFor = retryAfter.get(i);
        turn = turn.compose(previous -> {
          Future<Written> result = refusedFor > 0 ? Future.succeededFuture(refused(refusedFor)) : write.run(tx);
          results.add(result);
          return write.dependent() ? result.mapEmpty() : Future.succeededFuture();
        });
      }
      return turn.compose(all -> Future.all(results)).map(all -> {
        results.forEach(result -> written.add(result.result()));
        return null;
      });
    });
  }

  private void finish(List<Pending> group, List<Written> written) {
    List<JsonObject> rows = new ArrayList<>();
    written.forEach(w -> rows.addAll(w.rows()));
    long started = System.nanoTime();
    publisher.publish(NotificationWriter.publications(rows)).onSuccess(published -> {
      if (rows.stream().anyMatch(row -> NotificationType.BROADCAST.equals(row.getString("type")))) {
        meters.fanOut(Duration.ofNanos(System.nanoTime() - started));
      }
    });
    for (int i = 0; i < group.size(); i++) {
      group.get(i).reply().complete(written.get(i).reply());
    }
  }

  private static Written refused(long retryAfterMillis) {
    return new Written(new JsonObject().put("refused", true).put("retry_after_ms", retryAfterMillis), List.of());
  }
}
