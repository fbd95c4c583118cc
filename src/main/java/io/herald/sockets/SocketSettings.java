package io.herald.sockets;

import io.herald.config.Setting;
import io.herald.config.Settings;
import io.herald.edge.TrustedProxies;
import io.vertx.core.json.JsonObject;

import java.util.Arrays;
import java.util.List;

/** The tunables of the real-time endpoints, read from the sockets verticle's config. */
public record SocketSettings(long pingIntervalMillis, long idleTimeoutMillis, long authTimeoutMillis,
                             long authWarningMillis, int framesPerSecond, int frameBurst, List<String> allowedOrigins,
                             TrustedProxies trustedProxies, int outboundQueueBytes, int maxSocketsPerUser,
                             int maxSocketsPerIp, int resumesPerMinute, int resumeBurst) {

  /** The socket settings a verticle needs in its config (under their own keys). */
  public static final List<Setting<?>> SETTINGS = List.of(Settings.WS_PING_INTERVAL_MS, Settings.WS_IDLE_TIMEOUT_MS,
    Settings.WS_AUTH_TIMEOUT_MS, Settings.WS_FRAMES_PER_SECOND, Settings.WS_FRAME_BURST, Settings.ALLOWED_ORIGINS,
    Settings.TRUSTED_PROXIES, Settings.WS_OUTBOUND_QUEUE_BYTES, Settings.WS_MAX_SOCKETS_PER_USER,
    Settings.WS_MAX_SOCKETS_PER_IP, Settings.WS_RESUMES_PER_MINUTE, Settings.WS_RESUME_BURST);
  /** How long before its access token expires a socket is told ({@code auth_expiring}). */
  public static final long AUTH_WARNING_MS = 60_000;
  public static final int MAX_FRAME_BYTES = 16 * 1024;
  /**
   * Netty drops the connection without a close frame when one wire frame exceeds its limit, so the wire limit is
   * larger and Herald itself closes messages over {@link #MAX_FRAME_BYTES} with 1009.
   */
  public static final int MAX_WIRE_FRAME_BYTES = 64 * 1024;

  /** Read from a config holding these settings under their own keys; the defaults where one is missing. */
  public static SocketSettings from(JsonObject config) {
    return new SocketSettings(
      Settings.WS_PING_INTERVAL_MS.from(config),
      Settings.WS_IDLE_TIMEOUT_MS.from(config),
      Settings.WS_AUTH_TIMEOUT_MS.from(config),
      AUTH_WARNING_MS,
      Settings.WS_FRAMES_PER_SECOND.from(config),
      Settings.WS_FRAME_BURST.from(config),
      origins(Settings.ALLOWED_ORIGINS.from(config)),
      TrustedProxies.parse(Settings.TRUSTED_PROXIES.from(config)),
      Settings.WS_OUTBOUND_QUEUE_BYTES.from(config),
      Settings.WS_MAX_SOCKETS_PER_USER.from(config),
      Settings.WS_MAX_SOCKETS_PER_IP.from(config),
      Settings.WS_RESUMES_PER_MINUTE.from(config),
      Settings.WS_RESUME_BURST.from(config));
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
