package io.herald.persistence;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;

import java.util.function.Supplier;

/**
 * A periodic duty that one node of the cluster does at a time: every node schedules it, and a run starts only under
 * a cluster-wide lock (a local one on a single node), so that another node's run in progress makes it skip.
 */
public final class OneNodeAtATime {

  private static final long LOCK_WAIT_MS = 1_000;

  private final Vertx vertx;
  private final String lockName;

  public OneNodeAtATime(Vertx vertx, String lockName) {
    this.vertx = vertx;
    this.lockName = lockName;
  }

  /** The run's reply, with {@code ran: true}; {@code {ran: false}} when another node holds the lock. */
  public Future<JsonObject> run(Supplier<Future<JsonObject>> work) {
    return vertx.sharedData().getLockWithTimeout(lockName, LOCK_WAIT_MS).transform(locked -> locked.succeeded()
      ? work.get().map(reply -> reply.put("ran", true)).onComplete(done -> locked.result().release())
      : Future.succeededFuture(new JsonObject().put("ran", false)));
  }

  /** Runs {@code duty} every {@code intervalMinutes}; 0 or less disables it. A failed run is logged as {@code what}. */
  public void schedule(long intervalMinutes, Supplier<Future<JsonObject>> duty, Logger log, String what) {
    if (intervalMinutes > 0) {
      vertx.setPeriodic(intervalMinutes * 60_000, tick -> duty.get()
        .onFailure(failure -> log.warn("{} failed: {}", what, failure.toString())));
    }
  }
}
