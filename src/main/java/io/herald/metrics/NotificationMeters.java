package io.herald.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Notifications written, by type and by the kind of producer, and how long a broadcast's fan-out took. One instance
 * per verticle instance, used from its event loop only.
 */
public final class NotificationMeters {

  /** A complaint's own changes (created, status, assignment) route notifications without a producer. */
  public static final String COMPLAINT_EVENT = "complaint_event";

  private final MeterRegistry registry = HeraldMetrics.registry();
  /** By type, then producer: looked up once, as every producer request counts here. */
  private final Map<String, Map<String, Counter>> written = new HashMap<>();

  /** {@code type}: a notification type (a fixed set); {@code producer}: a role or {@link #COMPLAINT_EVENT}. */
  public void created(String type, String producer, int count) {
    if (count > 0) {
      written.computeIfAbsent(type, any -> new HashMap<>()).computeIfAbsent(producer, any ->
        Counter.builder("herald_notifications_written_total").description("Notification rows written")
          .tag("type", type).tag("producer", producer).register(registry)).increment(count);
    }
  }

  /** From the first to the last publication of a broadcast's messages to its recipients. */
  public void fanOut(Duration took) {
    Timer.builder("herald_broadcast_fanout").description("Time to publish a broadcast to every recipient")
      .register(registry).record(took);
  }
}
