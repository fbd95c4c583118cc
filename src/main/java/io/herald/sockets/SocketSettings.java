package io.herald.sockets;

import io.herald.edge.TrustedProxies;
import io.vertx.core.json.JsonObject;

import java.util.Arrays;
import java.util.List;

/** The tunables of the real-time endpoints, read from the {@code sockets} sub-object of the HTTP verticle's config. */
public record SocketSettings(long pingIntervalMillis, long idleTimeoutMillis, long authTimeoutMillis,
                             long authWarningMillis, int framesPerSecond, int frameBurst, List<String> allowedOrigins,
                             TrustedProxies trustedProxies, int outboundQueueBytes, int maxSocketsPerUser,
                             int maxSocketsPerIp, int resumesPerMinute, int resumeBurst) {

  public static final String CONFIG_PING_INTERVAL_MS = "ping_interval_ms";
  public static final String CONFIG_IDLE_TIMEOUT_MS = "idle_timeout_ms";
  public static final String CONFIG_AUTH_TIMEOUT_MS = "auth_timeout_ms";
  public static final String CONFIG_AUTH_WARNING_MS = "auth_warning_ms";
  public static final String CONFIG_FRAMES_PER_SECOND = "frames_per_second";
  public static final String CONFIG_FRAME_BURST = "frame_burst";
  public static final String CONFIG_ALLOWED_ORIGINS = "allowed_origins";
  public static final String CONFIG_TRUSTED_PROXIES = "trusted_proxies";
  public static final String CONFIG_OUTBOUND_QUEUE_BYTES = "outbound_queue_bytes";
  public static final String CONFIG_MAX_SOCKETS_PER_USER = "max_sockets_per_user";
  public static final String CONFIG_MAX_SOCKETS_PER_IP = "max_sockets_per_ip";
  public static final String CONFIG_RESUMES_PER_MINUTE = "resumes_per_minute";
  public static final String CONFIG_RESUME_BURST = "resume_burst";
  public static final int DEFAULT_OUTBOUND_QUEUE_BYTES = 1024 * 1024;
  public static final int DEFAULT_MAX_SOCKETS_PER_USER = 50;
  public static final int DEFAULT_MAX_SOCKETS_PER_IP = 5_000;
  public static final int DEFAULT_RESUMES_PER_MINUTE = 60;
  /** Every socket a user may hold can resume at once, as all of them do after a restart. */
  public static final int DEFAULT_RESUME_BURST = DEFAULT_MAX_SOCKETS_PER_USER;
  public static final int MAX_FRAME_BYTES = 16 * 1024;
  /**
   * Netty drops the connection without a close frame when one wire frame exceeds its limit, so the wire limit is
   * larger and Herald itself closes messages over {@link #MAX_FRAME_BYTES} with 1009.
   */
  public static final int MAX_WIRE_FRAME_BYTES = 64 * 1024;

  public static SocketSettings from(JsonObject config) {
    JsonObject c = config == null ? new JsonObject() : config;
    return new SocketSettings(
      c.getLong(CONFIG_PING_INTERVAL_MS, 25_000L),
      c.getLong(CONFIG_IDLE_TIMEOUT_MS, 70_000L),
      c.getLong(CONFIG_AUTH_TIMEOUT_MS, 10_000L),
      c.getLong(CONFIG_AUTH_WARNING_MS, 60_000L),
      c.getInteger(CONFIG_FRAMES_PER_SECOND, 20),
      c.getInteger(CONFIG_FRAME_BURST, 40),
      origins(c.getString(CONFIG_ALLOWED_ORIGINS, "")),
      TrustedProxies.parse(c.getString(CONFIG_TRUSTED_PROXIES, "")),
      positive(c, CONFIG_OUTBOUND_QUEUE_BYTES, DEFAULT_OUTBOUND_QUEUE_BYTES),
      positive(c, CONFIG_MAX_SOCKETS_PER_USER, DEFAULT_MAX_SOCKETS_PER_USER),
      positive(c, CONFIG_MAX_SOCKETS_PER_IP, DEFAULT_MAX_SOCKETS_PER_IP),
      positive(c, CONFIG_RESUMES_PER_MINUTE, DEFAULT_RESUMES_PER_MINUTE),
      positive(c, CONFIG_RESUME_BURST, DEFAULT_RESUME_BURST));
  }

  private static int positive(JsonObject config, String key, int fallback) {
    int value = config.getInteger(key, fallback);
    if (value < 1) {
      throw new IllegalArgumentException("Socket setting " + key + " must be at least 1, not " + value);
    }
    return value;
  }

  private static List<String> origins(String commaSeparated) {
    return Arrays.stream(commaSeparated.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }

  /** With no origins configured only same-origin requests (and clients that send no Origin) are accepted. */
  public boolean originAllowed(String origin, String host) {
    if (origin == null) {
      return true;
    }
    if (allowedOrigins.contains("*") || allowedOrigins.contains(origin)) {
      return true;
    }
    return host != null && (origin.equals("http://" + host) || origin.equals("https://" + host));
  }
}
