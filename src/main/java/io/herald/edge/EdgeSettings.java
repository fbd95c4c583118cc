package io.herald.edge;

import io.vertx.core.json.JsonObject;

/**
 * The limits and timeouts of Herald's HTTP servers and of the relay from the public port to the API (docs/security.md,
 * "The public port"). Read from the {@code edge} sub-object of a verticle's config.
 *
 * @param idleTimeoutMillis   a connection with no traffic either way for this long is closed
 * @param headerTimeoutMillis the first request line and headers must arrive within this after the connection opens
 * @param bodyTimeoutMillis   a request body must arrive within this after its headers (408)
 * @param connectionsPerIp    open connections from one peer address on the public port; trusted proxies are not capped
 * @param relayMaxInFlight    relayed requests in progress at once on the public port (503 beyond)
 * @param relayTimeoutMillis  connecting to the API, and silence of the API on a relayed request (502)
 */
public record EdgeSettings(long idleTimeoutMillis, long headerTimeoutMillis, long bodyTimeoutMillis, int connectionsPerIp,
                           int relayMaxInFlight, long relayTimeoutMillis, TrustedProxies trustedProxies) {

  public static final String CONFIG_IDLE_TIMEOUT_MS = "idle_timeout_ms";
  public static final String CONFIG_HEADER_TIMEOUT_MS = "header_timeout_ms";
  public static final String CONFIG_BODY_TIMEOUT_MS = "body_timeout_ms";
  public static final String CONFIG_CONNECTIONS_PER_IP = "connections_per_ip";
  public static final String CONFIG_RELAY_MAX_IN_FLIGHT = "relay_max_in_flight";
  public static final String CONFIG_RELAY_TIMEOUT_MS = "relay_timeout_ms";
  public static final String CONFIG_TRUSTED_PROXIES = "trusted_proxies";

  public static final long DEFAULT_IDLE_TIMEOUT_MS = 60_000;
  public static final long DEFAULT_HEADER_TIMEOUT_MS = 10_000;
  public static final long DEFAULT_BODY_TIMEOUT_MS = 30_000;
  public static final int DEFAULT_CONNECTIONS_PER_IP = 10_000;
  public static final int DEFAULT_RELAY_MAX_IN_FLIGHT = 1_024;
  public static final long DEFAULT_RELAY_TIMEOUT_MS = 30_000;

  public static EdgeSettings from(JsonObject config) {
    JsonObject c = config == null ? new JsonObject() : config;
    return new EdgeSettings(
      c.getLong(CONFIG_IDLE_TIMEOUT_MS, DEFAULT_IDLE_TIMEOUT_MS),
      c.getLong(CONFIG_HEADER_TIMEOUT_MS, DEFAULT_HEADER_TIMEOUT_MS),
      c.getLong(CONFIG_BODY_TIMEOUT_MS, DEFAULT_BODY_TIMEOUT_MS),
      c.getInteger(CONFIG_CONNECTIONS_PER_IP, DEFAULT_CONNECTIONS_PER_IP),
      c.getInteger(CONFIG_RELAY_MAX_IN_FLIGHT, DEFAULT_RELAY_MAX_IN_FLIGHT),
      c.getLong(CONFIG_RELAY_TIMEOUT_MS, DEFAULT_RELAY_TIMEOUT_MS),
      TrustedProxies.parse(c.getString(CONFIG_TRUSTED_PROXIES, "")));
  }

  /** How long a kept-alive connection may wait for its next request's headers after a response. */
  public long keepAliveMillis() {
    return Math.max(headerTimeoutMillis, idleTimeoutMillis);
  }

  /**
   * How long the relay keeps an idle connection to the API: shorter than the API's keep-alive time, so the API never
   * closes a pooled connection just as the relay sends on it.
   */
  public int relayKeepAliveSeconds() {
    return (int) Math.max(1, keepAliveMillis() / 2_000);
  }
}
