package io.herald.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The sockets' meters: open connections by transport and connected users (sampled on the sockets' own event loop
 * into numbers the scrape reads), connects and disconnects, notifications pushed and replayed, incomplete resumes and
 * the publish-to-push latency. Transports and close codes are fixed sets, so every label stays bounded. One per
 * sockets instance, used from its event loop only (the scrape reads the sampled numbers through atomics).
 */
public final class SocketMeters {

  public static final String WEBSOCKET = "websocket";
  public static final String SOCKJS = "sockjs";
  private static final String NOTIFICATION = "notification";
  /** The protocol's codes and Herald's own (docs/sockets.md); any other code a client sends counts as "other". */
  private static final Set<Integer> KNOWN_CODES = Set.of(1000, 1001, 1002, 1003, 1005, 1006, 1007, 1008, 1009, 1010, 1011,
    1012, 1013, 1014, 1015, 3000, 4401, 4403, 4408, 4429);
  private static final Duration[] LATENCY_BUCKETS = {Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
    Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
    Duration.ofMillis(2_500), Duration.ofSeconds(5), Duration.ofSeconds(10)};

  private final MeterRegistry registry = HeraldMetrics.registry();
  private final AtomicLong websockets = new AtomicLong();
  private final AtomicLong sockjs = new AtomicLong();
  private final AtomicLong users = new AtomicLong();
  private final OwnGauges gauges = new OwnGauges(registry);
  // looked up once: they count every connect, disconnect and frame of a fan-out
  private final Map<String, Counter> connects = new HashMap<>();
  private final Map<String, Counter> disconnects = new HashMap<>();
  private final Counter pushedWebSocket = pushedCounter(WEBSOCKET);
  private final Counter pushedSockJs = pushedCounter(SOCKJS);
  private final Timer latency = Timer.builder("herald_notification_push_latency")
    .description("From a notification's commit to its push to a socket").serviceLevelObjectives(LATENCY_BUCKETS)
    .register(registry);
  // the last creation time read: a broadcast's rows share one, and parsing it for each of 10,000 sockets showed in
  // profiles of the fan-out (one instance per sockets verticle instance, used from its event loop only)
  private String lastCreatedAt;
  private long lastCreatedMillis;

  /**
   * {@code nodeGauges}: whether this one registers the node's gauges (and {@link #close()} removes them); one sockets
   * instance per node does, and samples the node's totals into them.
   */
  public SocketMeters(boolean nodeGauges) {
    if (!nodeGauges) {
      return;
    }
    gauges.add("herald_socket_connections", "Open sockets on this node", Tags.of("transport", WEBSOCKET), websockets,
      AtomicLong::get);
    gauges.add("herald_socket_connections", "Open sockets on this node", Tags.of("transport", SOCKJS), sockjs, AtomicLong::get);
    gauges.add("herald_socket_users", "Users with at least one authenticated socket on this node", Tags.empty(), users,
      AtomicLong::get);
  }

  /** {@code stats}: the node's socket numbers ({@code by_transport}, {@code users}), as {@code GET /api/v1/websocket/stats} gives them. */
  public void sample(JsonObject stats) {
    JsonObject byTransport = stats.getJsonObject("by_transport", new JsonObject());
    websockets.set(byTransport.getInteger(WEBSOCKET, 0));
    sockjs.set(byTransport.getInteger(SOCKJS, 0));
    users.set(stats.getInteger("users", 0));
  }

  public void connected(String transport) {
    connects.computeIfAbsent(transport, any -> Counter.builder("herald_socket_connects_total").description("Sockets opened")
      .tag("transport", transport).register(registry)).increment();
  }

  public void disconnected(String transport, Integer code) {
    String label = codeLabel(code);
    disconnects.computeIfAbsent(transport + " " + label, any -> Counter.builder("herald_socket_disconnects_total")
      .description("Sockets closed, by close code").tag("transport", transport).tag("code", label).register(registry))
      .increment();
  }

  /** A new notification's envelope ({@code {type, data: row}}) written to a socket, and its latency from {@code created_at}; other envelopes are not counted. */
  public void pushed(String transport, JsonObject envelope) {
    if (!NOTIFICATION.equals(envelope.getString("type"))) {
      return;
    }
    (SOCKJS.equals(transport) ? pushedSockJs : pushedWebSocket).increment();
    JsonObject row = envelope.getJsonObject("data");
    pushLatency(row == null ? null : row.getString("created_at"));
  }

  /** A resume's replay: how many notifications it sent, and whether it had to say {@code complete:false}. */
  public void replayed(int items, boolean complete) {
    Counter.builder("herald_notifications_replayed_total").description("Notifications sent again on resume")
      .register(registry).increment(items);
    if (!complete) {
      Counter.builder("herald_resumes_incomplete_total").description("Resumes answered with complete:false")
        .register(registry).increment();
    }
  }

  /** A socket received a notification before one it had not yet got, and read the missing ones from the inbox. */
  public void gapFilled() {
    Counter.builder("herald_socket_gap_fills_total")
      .description("Notifications that reached a socket after a newer one (or never) and were read from the inbox")
      .register(registry).increment();
  }

  /** From the notification's {@code created_at} (ISO-8601) to now; nothing for a missing or unreadable time. */
  private void pushLatency(String createdAt) {
    if (createdAt == null) {
      return;
    }
    if (!createdAt.equals(lastCreatedAt)) {
      try {
        lastCreatedMillis = java.time.OffsetDateTime.parse(createdAt).toInstant().toEpochMilli();
        lastCreatedAt = createdAt;
      } catch (java.time.format.DateTimeParseException e) {
        return; // not a time we wrote: nothing to measure
      }
    }
    latency.record(Math.max(0, System.currentTimeMillis() - lastCreatedMillis), TimeUnit.MILLISECONDS);
  }

  private Counter pushedCounter(String transport) {
    return Counter.builder("herald_notifications_pushed_total").description("Notifications written to a socket")
      .tag("transport", transport).register(registry);
  }

  static String codeLabel(Integer code) {
    return code == null ? "none" : KNOWN_CODES.contains(code) ? code.toString() : "other";
  }

  public void close() {
    gauges.removeAll();
  }
}
