package io.herald.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.concurrent.TimeUnit;

/**
 * This node's numbers for the dashboard's System page, read from the same meters {@code /metrics} shows: open
 * sockets and users, notifications written and pushed, push-latency percentiles (from the histogram's buckets), the
 * Telegram outbox and outcomes, and event-bus failures by family and code.
 */
public final class MetricsSummary {

  private static final double[] PERCENTILES = {0.5, 0.95, 0.99};

  private MetricsSummary() {
  }

  public static JsonObject of(MeterRegistry registry) {
    return new JsonObject()
      .put("connections", new JsonObject()
        .put(SocketMeters.WEBSOCKET, gauge(registry, "herald_socket_connections", "transport", SocketMeters.WEBSOCKET))
        .put(SocketMeters.SOCKJS, gauge(registry, "herald_socket_connections", "transport", SocketMeters.SOCKJS)))
      .put("users", gauge(registry, "herald_socket_users"))
      .put("notifications_written", counter(registry, "herald_notifications_written_total"))
      .put("notifications_pushed", counter(registry, "herald_notifications_pushed_total"))
      .put("push_latency_ms", latency(registry.find("herald_notification_push_latency").timer()))
      .put("outbox", new JsonObject()
        .put("depth", gauge(registry, "herald_telegram_outbox_depth"))
        .put("oldest_pending_seconds", gauge(registry, "herald_telegram_outbox_oldest_pending_seconds")))
      .put("telegram", new JsonObject()
        .put("sent", counter(registry, "herald_telegram_sent_total"))
        .put("failed", counter(registry, "herald_telegram_failed_total"))
        .put("throttled", counter(registry, "herald_telegram_throttled_total"))
        .put("retried", counter(registry, "herald_telegram_retried_total")))
      .put("bus_failures", busFailures(registry));
  }

  private static long gauge(MeterRegistry registry, String name, String... tags) {
    return (long) registry.find(name).tags(tags).gauges().stream().mapToDouble(Gauge::value).sum();
  }

  private static long counter(MeterRegistry registry, String name) {
    return (long) registry.find(name).counters().stream().mapToDouble(Counter::count).sum();
  }

  private static JsonArray busFailures(MeterRegistry registry) {
    JsonArray failures = new JsonArray();
    registry.find("herald_eventbus_request_failures_total").counters().forEach(counter -> failures.add(new JsonObject()
      .put("family", counter.getId().getTag("family")).put("code", counter.getId().getTag("code"))
      .put("count", (long) counter.count())));
    return failures;
  }

  /** Percentiles estimated from the histogram's buckets (linear within a bucket), as Prometheus's histogram_quantile does. */
  static JsonObject latency(Timer timer) {
    JsonObject latency = new JsonObject().put("count", timer == null ? 0 : timer.count());
    if (timer == null || timer.count() == 0) {
      return latency;
    }
    CountAtBucket[] buckets = timer.takeSnapshot().histogramCounts();
    for (double percentile : PERCENTILES) {
      latency.put("p" + Math.round(percentile * 100), quantile(buckets, timer.count(), percentile));
    }
    return latency;
  }

  private static double quantile(CountAtBucket[] buckets, long total, double percentile) {
    double rank = percentile * total;
    double lowerBound = 0;
    double lowerCount = 0;
    for (CountAtBucket bucket : buckets) {
      double upperBound = bucket.bucket(TimeUnit.MILLISECONDS);
      if (bucket.count() >= rank) {
        double inBucket = bucket.count() - lowerCount;
        double fraction = inBucket == 0 ? 1 : (rank - lowerCount) / inBucket;
        return Math.round((lowerBound + (upperBound - lowerBound) * fraction) * 10) / 10.0;
      }
      lowerBound = upperBound;
      lowerCount = bucket.count();
    }
    return lowerBound;
  }
}
