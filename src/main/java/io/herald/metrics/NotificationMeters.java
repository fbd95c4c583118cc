package io.herald.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;

/** Notifications written, by type and by the kind of producer, and how long a broadcast's fan-out took. */
public final class NotificationMeters {

  /** A complaint's own changes (created, status, assignment) route notifications without a producer. */
  public static final String COMPLAINT_EVENT = "complaint_event";

  private final MeterRegistry registry = HeraldMetrics.registry();

  /** {@code type}: a notification type (a fixed set); {@code producer}: a role or {@link #COMPLAINT_EVENT}. */
  public void created(String type, String producer, int count) {
    if (count > 0) {
      Counter.builder("herald_notifications_written_total").description("Notification rows written")
        .tag("type", type).tag("producer", producer).register(registry).increment(count);
    }
  }

  /** From the first to the last publication of a broadcast's messages to its recipients. */
  public void fanOut(Duration took) {
    Timer.builder("herald_broadcast_fanout").description("Time to publish a broadcast to every recipient")
      .register(registry).record(took);
  }
}
