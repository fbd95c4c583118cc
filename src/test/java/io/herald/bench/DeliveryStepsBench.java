package io.herald.bench;

import io.herald.metrics.HeraldMetrics;
import io.herald.notify.Envelopes;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;

import java.util.Arrays;

/**
 * Two steps of every delivery to a socket, timed alone on one event loop (bench/performance.md, "Where a broadcast
 * delivery's CPU goes"): turning a broadcast row into its envelope and JSON text, and one local publish to a user's
 * address with its delivery to that user's consumer, with Herald's metrics options, with them but the event bus's
 * meters off, and with no metrics; and a publish to a user's address where nobody listens. Median of rounds over N
 * users. Not a test; run by bench/delivery-steps.sh.
 */
public final class DeliveryStepsBench {

  public static void main(String[] args) {
    int users = Integer.getInteger("bench.n", 10_000);
    int rounds = Integer.getInteger("bench.rounds", 40);
    System.out.printf("envelope and JSON text of a broadcast row: median %.2f us%n", envelopeMicros(users, rounds));
    MicrometerMetricsOptions noEventBus = HeraldMetrics.options().addDisabledMetricsCategory(MetricsDomain.EVENT_BUS);
    for (var options : new Object[][] {{"Herald's metrics", HeraldMetrics.options()},
      {"no event-bus meters", noEventBus}, {"no metrics", null}}) {
      System.out.printf("local publish and delivery, %s: median %.2f us%n", options[0],
        publishMicros((MicrometerMetricsOptions) options[1], users, rounds));
    }
    System.out.printf("local publish to a user's address nobody listens on, Herald's metrics: median %.2f us%n",
      unheardPublishMicros(users, rounds));
  }

  private static double envelopeMicros(int users, int rounds) {
    JsonObject shared = new JsonObject().put("sent_at", 1764550000123L).put("seq", 7);
    double[] perRound = new double[rounds];
    long sink = 0;
    for (int round = 0; round < rounds; round++) {
      long started = System.nanoTime();
      for (int i = 0; i < users; i++) {
        JsonObject row = new JsonObject().put("id", 1_000_000L + i).put("user_id", 5_000L + i).put("type", "broadcast")
          .put("title", "bench").put("message", "m 7").put("data", shared).putNull("link")
          .put("created_at", "2026-12-01T02:10:11.123456Z").putNull("read_at").put("priority", "normal")
          .put("previous_id", 999_000L + i);
        sink += Envelopes.notification(row).encode().length();
      }
      perRound[round] = (System.nanoTime() - started) / 1000.0 / users;
    }
    if (sink == 0) {
      throw new IllegalStateException("nothing encoded");
    }
    return median(perRound);
  }

  /** Per user: one publish on notifications.user.<id> and its delivery to the one consumer there, same event loop. */
  private static double publishMicros(MicrometerMetricsOptions metrics, int users, int rounds) {
    var builder = Vertx.builder().with(new VertxOptions().setEventLoopPoolSize(1));
    Vertx vertx = metrics == null ? builder.build()
      : builder.with(new VertxOptions().setEventLoopPoolSize(1).setMetricsOptions(metrics))
        .withMetrics(new MicrometerMetricsFactory()).build();
    try {
      Promise<double[]> done = Promise.promise();
      vertx.runOnContext(start -> {
        long[] received = {0};
        for (int user = 0; user < users; user++) {
          vertx.eventBus().<JsonObject>localConsumer("notifications.user." + user, message -> received[0]++);
        }
        JsonObject body = new JsonObject().put("type", "notification");
        double[] perRound = new double[rounds];
        round(vertx, users, body, received, perRound, 0, done);
      });
      return median(done.future().await());
    } finally {
      vertx.close().await();
    }
  }

  /**
   * Per user: one publish on notifications.user.<id> where no consumer is, what the node's speaker did for every user
   * without a SockJS session on the node before it looked them up first.
   */
  private static double unheardPublishMicros(int users, int rounds) {
    Vertx vertx = Vertx.builder().with(new VertxOptions().setEventLoopPoolSize(1).setMetricsOptions(HeraldMetrics.options()))
      .withMetrics(new MicrometerMetricsFactory()).build();
    try {
      JsonObject body = new JsonObject().put("type", "notification");
      return median(vertx.<double[]>executeBlocking(() -> {
        double[] perRound = new double[rounds];
        for (int round = 0; round < rounds; round++) {
          long started = System.nanoTime();
          for (int user = 0; user < users; user++) {
            vertx.eventBus().publish("notifications.user." + user, body);
          }
          perRound[round] = (System.nanoTime() - started) / 1000.0 / users;
        }
        return perRound;
      }).await());
    } finally {
      vertx.close().await();
    }
  }

  /** One round: publishes to every user, then waits (on the loop) until every message has been delivered. */
  private static void round(Vertx vertx, int users, JsonObject body, long[] received, double[] perRound, int round,
                            Promise<double[]> done) {
    if (round == perRound.length) {
      done.complete(perRound);
      return;
    }
    long target = received[0] + users;
    long started = System.nanoTime();
    for (int user = 0; user < users; user++) {
      vertx.eventBus().publish("notifications.user." + user, body);
    }
    awaitDelivered(vertx, received, target).onSuccess(ok -> {
      perRound[round] = (System.nanoTime() - started) / 1000.0 / users;
      round(vertx, users, body, received, perRound, round + 1, done);
    });
  }

  private static Future<Void> awaitDelivered(Vertx vertx, long[] received, long target) {
    Promise<Void> delivered = Promise.promise();
    check(vertx, received, target, delivered);
    return delivered.future();
  }

  private static void check(Vertx vertx, long[] received, long target, Promise<Void> delivered) {
    if (received[0] >= target) {
      delivered.complete();
    } else {
      vertx.runOnContext(again -> check(vertx, received, target, delivered));
    }
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}
