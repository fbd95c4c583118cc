package io.herald.persistence;

import io.herald.auth.Role;
import io.herald.metrics.NotificationMeters;
import io.herald.notify.Draft;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowIterator;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Broadcasts, written a slice of recipients at a time (1,000 by default, in user id order), each slice in a
 * group commit of its own and published after it: the first slice's recipients have the broadcast while the next is
 * written, and the writes queued behind a broadcast wait for one slice, not for all of it (in one statement, a
 * broadcast to 10,000 users held the ordered-ids lock for over 100 ms).
 * <p>
 * A broadcast has a row in {@code broadcasts} from its first slice's commit to its last one's: how far it has come,
 * and a lease held by the node writing it, renewed with every slice. Should that node stop, any node's producer takes
 * it over once the lease has run out ({@link #resumeOne()}) and writes the rest. A slice is claimed by moving the
 * row on from where it starts, in the slice's own transaction, so two nodes never both write one.
 * <p>
 * The request is answered with the count once the last slice is written, unless that takes more than half the
 * request timeout, or a slice fails after the first committed: the broadcast is recorded by then and will reach all
 * its recipients (the rest is written on, or taken over after its lease), so the answer is
 * {@code {count (so far), unfinished: true}} rather than a failure that an admin would answer by sending it again.
 * <p>
 * With an idempotency key, the first slice's transaction claims the key (as a targeted notification does) and the
 * last one's saves the count as the request's result; each slice in between adds its count to the broadcast's row.
 * A repeat creates nothing: it is answered with that result, or while the broadcast is written, with its count so far
 * and {@code unfinished: true}; both with {@code duplicate: true}.
 */
final class BroadcastWriter {

  private static final Logger LOG = LoggerFactory.getLogger(BroadcastWriter.class);

  /** A broadcast in progress: its row's id, its draft, the newest user when it was accepted, and how it is written. */
  private record Job(long id, Draft draft, long lastUserId, BroadcastOptions options) {

    Tuple claim(long afterUserId) {
      return Tuple.of(id, afterUserId, lastUserId, draft.roles().toArray(String[]::new), options.slice(),
        leaseSeconds(options));
    }
  }

  /** The notifications a broadcast's slices have written so far. */
  private static final class Progress {
    private int count;
  }

  private final Vertx vertx;
  private final Pool pool;
  private final GroupCommit writes;
  private final BroadcastOptions options;
  private final long answerWithinMs;
  private final Set<Future<Void>> writing = new HashSet<>();
  private final NotificationMeters meters = new NotificationMeters();

  /** {@code answerWithinMs}: how long a request waits for a broadcast's last slice before it is answered unfinished. */
  BroadcastWriter(Vertx vertx, Pool pool, GroupCommit writes, BroadcastOptions options, long answerWithinMs) {
    this.vertx = vertx;
    this.pool = pool;
    this.writes = writes;
    this.options = options;
    this.answerWithinMs = answerWithinMs;
  }

  /**
   * Writes a broadcast to the draft's roles; {@code bucket} (or null), the caller's limit, counts its first slice.
   * {@code key}: the producer and its idempotency key, or null.
   */
  Future<JsonObject> write(LimitStore.Bucket bucket, Draft draft, Tuple key) {
    return writes.submit(bucket, new FirstSlice(draft, options, key)).compose(reply -> {
      if (reply.getBoolean("refused", false) || reply.getBoolean("duplicate", false)) {
        return Future.succeededFuture(reply);
      }
      Progress progress = new Progress();
      progress.count = counted(draft, reply.getInteger("count"));
      if (!reply.containsKey("through")) {
        return Future.succeededFuture(result(progress.count));
      }
      Job job = new Job(reply.getLong("broadcast_id"), draft, reply.getLong("last_user_id"), options);
      Future<Void> finished = tracked(rest(job, reply.getLong("through"), progress));
      Promise<JsonObject> answer = Promise.promise();
      long timer = vertx.setTimer(answerWithinMs, id -> answer.tryComplete(unfinished(progress)));
      finished.onComplete(done -> {
        vertx.cancelTimer(timer);
        if (done.failed()) {
          LOG.warn("Broadcast {} interrupted after {} notifications ({}); it is finished once its lease has run out",
            job.id(), progress.count, done.cause().toString());
        }
        answer.tryComplete(done.succeeded() ? result(progress.count) : unfinished(progress));
      });
      return answer.future();
    });
  }

  /**
   * Takes over the oldest broadcast whose node stopped writing it, if any, and writes the rest of it. Completes when
   * it is written, or with no broadcast to take over.
   */
  Future<Void> resumeOne() {
    return pool.preparedQuery(NotificationSql.RESUME_BROADCAST).execute(Tuple.of(leaseSeconds(options))).compose(rows -> {
      RowIterator<Row> found = rows.iterator();
      if (!found.hasNext()) {
        return Future.succeededFuture();
      }
      Row row = found.next();
      Job job = new Job(row.getLong("id"), NotificationWriter.draft(row.getJsonObject("draft")), row.getLong("last_user_id"),
        options);
      long after = row.getLong("through_user_id");
      LOG.info("Taking over broadcast {} after user {}: its node stopped writing it", job.id(), after);
      Progress progress = new Progress();
      return tracked(rest(job, after, progress))
        .onSuccess(done -> LOG.info("Broadcast {} finished: {} more notifications", job.id(), progress.count));
    });
  }

  /**
   * Completes when the broadcasts being written now are written (or have failed): a node that stops cleanly finishes
   * them rather than leave them to another node after their lease.
   */
  Future<Void> written() {
    return Future.join(List.copyOf(writing)).mapEmpty();
  }

  private Future<Void> tracked(Future<Void> broadcast) {
    writing.add(broadcast);
    return broadcast.onComplete(done -> writing.remove(broadcast));
  }

  /** The slices after user id {@code afterUserId}, one after the other, each adding its rows to {@code progress}. */
  private Future<Void> rest(Job job, long afterUserId, Progress progress) {
    return writes.submit(null, new NextSlice(job, afterUserId)).compose(reply -> {
      if (reply.getBoolean("lost", false)) {
        return Future.failedFuture("taken over by another node after this one stalled past its lease");
      }
      progress.count += counted(job.draft(), reply.getInteger("count"));
      return reply.containsKey("through") ? rest(job, reply.getLong("through"), progress) : Future.succeededFuture();
    });
  }

  /** A slice is written once its claim has answered, and committed in a group of its own. */
  private interface SliceWrite extends GroupCommit.Write {

    @Override
    default boolean dependent() {
      return true;
    }

    @Override
    default boolean alone() {
      return true;
    }
  }

  /**
   * Claims the idempotency key if there is one (a repeat is answered from the first request, and writes nothing),
   * records the broadcast, then writes its first slice, in the same transaction.
   */
  private record FirstSlice(Draft draft, BroadcastOptions options, Tuple key) implements SliceWrite {

    @Override
    public Future<GroupCommit.Written> run(SqlConnection tx) {
      if (key == null) {
        return start(tx, null);
      }
      return tx.preparedQuery(NotificationSql.CLAIM_KEY).execute(key).compose(claimed -> {
        RowIterator<Row> request = claimed.iterator();
        return request.hasNext() ? start(tx, request.next().getLong("id")) : repeated(tx);
      });
    }

    private Future<GroupCommit.Written> start(SqlConnection tx, Long requestId) {
      Tuple broadcast = Tuple.of(NotificationWriter.parameter(draft), leaseSeconds(options), requestId);
      return tx.preparedQuery(NotificationSql.START_BROADCAST).execute(broadcast).compose(rows -> {
        Row row = rows.iterator().next();
        Job job = new Job(row.getLong("id"), draft, row.getLong("last_user_id"), options);
        return slice(tx, job, 0).map(written -> {
          JsonObject reply = written.reply();
          if (reply.containsKey("through")) {
            reply.put("broadcast_id", job.id()).put("last_user_id", job.lastUserId());
          }
          return written;
        });
      });
    }

    private Future<GroupCommit.Written> repeated(SqlConnection tx) {
      return tx.preparedQuery(NotificationSql.BROADCAST_REQUEST).execute(key).map(rows -> {
        Row first = rows.iterator().next();
        JsonObject result = first.getJsonObject("result");
        JsonObject reply = result != null ? result.copy()
          : new JsonObject().put("count", Objects.requireNonNullElse(first.getInteger("written"), 0)).put("unfinished", true);
        return new GroupCommit.Written(reply.put("duplicate", true), List.of());
      });
    }
  }

  private record NextSlice(Job job, long afterUserId) implements SliceWrite {

    @Override
    public Future<GroupCommit.Written> run(SqlConnection tx) {
      return slice(tx, job, afterUserId);
    }
  }

  /**
   * Claims and writes the slice after user id {@code afterUserId}; after the last one, deletes the broadcast's row.
   * The reply holds the slice's {@code count}, and where the next slice starts ({@code through}) unless this was the
   * last; {@code lost} when another node has moved the broadcast on.
   */
  private static Future<GroupCommit.Written> slice(SqlConnection tx, Job job, long afterUserId) {
    return tx.preparedQuery(NotificationSql.CLAIM_SLICE).execute(job.claim(afterUserId)).compose(claimed -> {
      RowIterator<Row> found = claimed.iterator();
      if (!found.hasNext()) {
        return Future.succeededFuture(new GroupCommit.Written(new JsonObject().put("lost", true), List.of()));
      }
      Row end = found.next();
      Long through = end.getLong("through");
      boolean last = end.getLong("members") < job.options().slice();
      Future<List<JsonObject>> rows = through == null
        ? Future.succeededFuture(List.of())
        : NotificationWriter.insertSlice(tx, job.draft(), afterUserId, through);
      return rows.compose(written -> {
        JsonObject reply = result(written.size());
        Tuple count = Tuple.of(job.id(), written.size());
        if (!last) {
          return tx.preparedQuery(NotificationSql.SLICE_WRITTEN).execute(count)
            .map(counted -> new GroupCommit.Written(reply.put("through", through), written));
        }
        return tx.preparedQuery(NotificationSql.FINISH_BROADCAST).execute(count)
          .map(finished -> new GroupCommit.Written(reply, written));
      });
    });
  }

  private static double leaseSeconds(BroadcastOptions options) {
    return options.leaseMs() / 1_000.0;
  }

  /** Counts a slice's rows in the metrics as they commit (a broadcast is an admin's, whichever node writes it). */
  private int counted(Draft draft, int count) {
    meters.created(draft.type(), Role.ADMIN.wire(), count);
    return count;
  }

  private static JsonObject unfinished(Progress progress) {
    return result(progress.count).put("unfinished", true);
  }

  private static JsonObject result(int count) {
    return new JsonObject().put("count", count).put("duplicate", false);
  }
}
