package io.herald.outbox;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The rounds of a durable outbox's sender on one node: every interval one round (claim, send, record), never two at
 * once; {@link #stop()} completes when the round in flight has recorded its outcomes, so a clean stop re-sends nothing.
 */
public final class ClaimRounds {

  private final Vertx vertx;
  private final long intervalMs;
  private final Supplier<Future<Void>> round;
  private long timer = -1;
  private Future<Void> current = Future.succeededFuture();

  public ClaimRounds(Vertx vertx, long intervalMs, Supplier<Future<Void>> round) {
    this.vertx = vertx;
    this.intervalMs = intervalMs;
    this.round = round;
  }

  public void start() {
    timer = vertx.setPeriodic(intervalMs, id -> {
      if (current.isComplete()) {
        current = round.get();
      }
    });
  }

  public Future<Void> stop() {
    vertx.cancelTimer(timer);
    return current.recover(failure -> Future.succeededFuture());
  }

  /** Sends every claimed item at once; completes when each has recorded its outcome, whatever became of the others. */
  public static Future<Void> each(JsonArray items, Function<JsonObject, Future<Void>> send) {
    List<Future<Void>> sends = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      sends.add(send.apply(items.getJsonObject(i)));
    }
    return Future.join(sends).mapEmpty();
  }
}
