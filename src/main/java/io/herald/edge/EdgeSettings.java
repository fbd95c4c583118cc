package io.herald.edge;

import io.herald.config.Setting;
import io.herald.config.Settings;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * The limits and timeouts of Herald's HTTP servers and of the relay from the public port to the API (docs/security.md,
 * "The public port"). Read from a verticle's config.
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

  /** The edge settings a verticle needs in its config (under their own keys). */
  public static final List<Setting<?>> SETTINGS = List.of(Settings.HTTP_IDLE_TIMEOUT_MS, Settings.HTTP_HEADER_TIMEOUT_MS,
    Settings.HTTP_BODY_TIMEOUT_MS, Settings.HTTP_CONNECTIONS_PER_IP, Settings.RELAY_MAX_IN_FLIGHT, Settings.RELAY_TIMEOUT_MS,
    Settings.TRUSTED_PROXIES);

  /** Read from a config holding these settings under their own keys; the defaults where one is missing. */
  public static EdgeSettings from(JsonObject config) {
    return new EdgeSettings(
      Settings.HTTP_IDLE_TIMEOUT_MS.from(config),
      Settings.HTTP_HEADER_TIMEOUT_MS.from(config),
      Settings.HTTP_BODY_TIMEOUT_MS.from(config),
      Settings.HTTP_CONNECTIONS_PER_IP.from(config),
      Settings.RELAY_MAX_IN_FLIGHT.from(config),
      Settings.RELAY_TIMEOUT_MS.from(config),
      TrustedProxies.parse(Settings.TRUSTED_PROXIES.from(config)));
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
