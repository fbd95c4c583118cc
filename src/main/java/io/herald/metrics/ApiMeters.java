package io.herald.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;

import java.util.Locale;

/** Requests refused by a rate limit, and event-bus requests that failed, by address family and failure code. */
public final class ApiMeters {

  private final MeterRegistry registry = HeraldMetrics.registry();

  /** {@code limit}: the limit's name (login, complaints, notifications, broadcasts, ...). */
  public void refused(String limit) {
    Counter.builder("herald_rate_limit_refusals_total").description("Requests refused by a rate limit")
      .tag("limit", limit).register(registry).increment();
  }

  public void busFailure(String address, Throwable failure) {
    Counter.builder("herald_eventbus_request_failures_total").description("Event-bus requests that failed")
      .tag("family", family(address)).tag("code", code(failure)).register(registry).increment();
  }

  /**
   * The first two parts of an address ({@code persistence.complaints}); per-user addresses end in an id, so the id is
   * never part of the family.
   */
  static String family(String address) {
    String[] parts = address.split("\\.", 3);
    return parts.length < 2 ? address : parts[0] + "." + parts[1];
  }

  /** The failure code (equal to an HTTP status), or {@code timeout}, {@code no_handlers}, {@code error}. */
  static String code(Throwable failure) {
    if (failure instanceof ReplyException reply) {
      return reply.failureType() == ReplyFailure.RECIPIENT_FAILURE
        ? Integer.toString(reply.failureCode())
        : reply.failureType().name().toLowerCase(Locale.ROOT);
    }
    return "error";
  }
}
