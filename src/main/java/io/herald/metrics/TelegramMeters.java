package io.herald.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;

/** What the Telegram side did: messages sent, failed for good, throttled (429) and retried, alerts digested, updates received. */
public final class TelegramMeters {

  private final MeterRegistry registry = HeraldMetrics.registry();

  public void sent(String kind) {
    counter("herald_telegram_sent_total", "Messages Telegram accepted").tag("kind", kind).register(registry).increment();
  }

  public void failed() {
    counter("herald_telegram_failed_total", "Messages given up on").register(registry).increment();
  }

  /** A 429: the message waits {@code retryAfterMillis}, as Telegram asked. */
  public void throttled(long retryAfterMillis) {
    counter("herald_telegram_throttled_total", "429 answers from Telegram").register(registry).increment();
    DistributionSummary.builder("herald_telegram_retry_after_seconds").description("retry_after of Telegram's 429 answers")
      .baseUnit("seconds").serviceLevelObjectives(1, 5, 15, 30, 60, 300).register(registry)
      .record(retryAfterMillis / 1000.0);
  }

  public void retried() {
    counter("herald_telegram_retried_total", "Sends rescheduled after a network error or 5xx").register(registry).increment();
  }

  /** A digest was sent in place of {@code alerts} held alerts. */
  public void digested(int alerts) {
    counter("herald_telegram_digested_total", "Alerts delivered folded into a digest").register(registry).increment(alerts);
  }

  /** An update from polling or the webhook, before it is checked for a redelivery. */
  public void update() {
    counter("herald_telegram_updates_total", "Bot updates received").register(registry).increment();
  }

  private static Counter.Builder counter(String name, String description) {
    return Counter.builder(name).description(description);
  }
}
