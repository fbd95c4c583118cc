package io.herald.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The Telegram outbox as the database holds it (the same numbers on every node of a cluster): messages waiting to be
 * sent, and the age of the oldest one. Sampled by the persistence side; {@link #close()} removes the gauges.
 */
public final class OutboxMeters {

  private final MeterRegistry registry = HeraldMetrics.registry();
  private final AtomicLong depth = new AtomicLong();
  private final AtomicLong oldestMillis = new AtomicLong();
  private final OwnGauges gauges = new OwnGauges(registry);

  public OutboxMeters() {
    gauges.add("herald_telegram_outbox_depth", "Outbox messages not yet sent (pending or held for a digest)", Tags.empty(),
      depth, AtomicLong::get);
    gauges.add("herald_telegram_outbox_oldest_pending_seconds", "Age of the oldest pending outbox message; 0 when none is pending",
      Tags.empty(), oldestMillis, millis -> millis.get() / 1000.0);
  }

  public void sample(long waiting, long oldestPendingMillis) {
    depth.set(waiting);
    oldestMillis.set(oldestPendingMillis);
  }

  public long depth() {
    return depth.get();
  }

  public void close() {
    gauges.removeAll();
  }
}
