package io.herald.persistence;

import io.herald.metrics.NotificationMeters;
import io.herald.notify.Draft;
import io.herald.notify.NotificationType;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Transaction;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Function;

/**
 * Producer writes committed in groups: what arrives while one group is being written goes into the next
 * transaction (one BEGIN, sent together with the rate-limit hits of the whole group in one statement and the
 * ordered-ids lock, then the writes' statements pipelined in arrival order with each run of plain inserts as one
 * statement, one COMMIT). One group at a time, so notification ids grow in the order the writes arrived, and the
 * envelopes are published after the commit in that same order. A group that fails is written again one write at a
 * time, so that a bad write fails alone. One instance per verticle, used from its event loop only.
 */
final class GroupCommit {

  static final int MAX_GROUP = 200;

  /** One producer request's statements inside the group's transaction. */
  interface Write {

    Future<Written> run(SqlConnection tx);

    /** Whether the writes after it must wait for its answers (it decides on its own statements' results). */
    boolean dependent();

    /**
     * Whether it is committed in a group of its own (a slice of a broadcast: the writes queued next to it commit
     * without waiting for its thousand rows).
     */
    default boolean alone() {
      return false;
    }
  }

  /**
   * A write that only inserts its draft: consecutive ones share one INSERT statement, so the notification triggers
   * run once for them all.
   */
  record Insert(Draft draft) implements Write {

    @Override
    public Future<Written> run(SqlConnection tx) {
      return runAll(tx, List.of(this)).get(0);
    }

    @Override
    public boolean dependent() {
      return false;
    }

    private static List<Future<Written>> runAll(SqlConnection tx, List<Insert> inserts) {
      Future<List<List<JsonObject>>> rows = NotificationWriter.insertAll(tx, inserts.stream().map(Insert::draft).toList());
      List<Future<Written>> written = new ArrayList<>(inserts.size());
      for (int i = 0; i < inserts.size(); i++) {
        int index = i;
        written.add(rows.map(all -> all.get(index))
          .map(own -> new Written(new JsonObject().put("count", own.size()).put("duplicate", false), own)));
      }
      return written;
    }
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
    while (group.size() < size && !queue.isEmpty()
      && (group.isEmpty() || !group.get(0).write().alone() && !queue.peek().write().alone())) {
      group.add(queue.poll());
    }
    aloneLeft = Math.max(0, aloneLeft - 1);
    List<Written> written = new ArrayList<>();
    inTransaction(tx -> write(tx, group, written)).onComplete(done -> {
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

  /**
   * What {@link Pool#withTransaction} does, except that the statements go out right behind BEGIN instead of after
   * its answer: with the limits' statement and the lock, that is one round trip to PostgreSQL instead of three.
   */
  private Future<Void> inTransaction(Function<SqlConnection, Future<Void>> statements) {
    return pool.getConnection().compose(conn -> {
      Future<Transaction> begun = conn.begin();
      // issued at once, behind BEGIN; one that throws fails like any other (rolled back, the connection closed)
      Future<Void> done = Future.<Void>succeededFuture().compose(nothing -> statements.apply(conn));
      return begun.compose(tx -> done.transform(result -> result.succeeded()
          ? tx.commit()
          : tx.rollback().transform(rolledBack -> Future.<Void>failedFuture(result.cause()))))
        .eventually(conn::close);
    });
  }

  /**
   * The group's statements: its rate-limit hits and the ordered-ids lock (sent together: the lock does not wait for
   * the hits' answer), then the writes in arrival order, pipelined except after a dependent one, each run of
   * consecutive {@link Insert}s as one statement.
   */
  private static Future<Void> write(SqlConnection tx, List<Pending> group, List<Written> written) {
    Future<List<Long>> limits = LimitStore.takeEach(tx, group.stream().map(Pending::bucket).toList());
    Future<?> locked = tx.query(NotificationSql.ORDERED_IDS_LOCK).execute();
    return Future.all(limits, locked).map(both -> limits.result())
      .compose(retryAfter -> {
        List<Future<Written>> results = new ArrayList<>();
        List<Insert> inserts = new ArrayList<>();
        Future<Void> turn = Future.succeededFuture();
        for (int i = 0; i < group.size(); i++) {
          Write write = group.get(i).write();
          long refusedFor = retryAfter.get(i);
          if (refusedFor > 0) {
            turn = flush(tx, turn, inserts, results).map(issued -> {
              results.add(Future.succeededFuture(refused(refusedFor)));
              return null;
            });
          } else if (write instanceof Insert insert) {
            inserts.add(insert);
          } else {
            turn = flush(tx, turn, inserts, results).compose(issued -> {
              Future<Written> result = write.run(tx);
              results.add(result);
              return write.dependent() ? result.mapEmpty() : Future.succeededFuture();
            });
          }
        }
        return flush(tx, turn, inserts, results).compose(all -> Future.all(results)).map(all -> {
          results.forEach(result -> written.add(result.result()));
          return null;
        });
      });
  }

  /** Issues the inserts gathered so far as one statement once {@code turn} has come, and empties the list. */
  private static Future<Void> flush(SqlConnection tx, Future<Void> turn, List<Insert> inserts,
                                    List<Future<Written>> results) {
    if (inserts.isEmpty()) {
      return turn;
    }
    List<Insert> batch = List.copyOf(inserts);
    inserts.clear();
    return turn.map(previous -> {
      results.addAll(Insert.runAll(tx, batch));
      return null;
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
