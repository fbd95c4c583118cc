package io.herald.email;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.mail.LoginOption;
import io.vertx.ext.mail.MailConfig;
import io.vertx.ext.mail.StartTLSOptions;

import java.util.Locale;

/**
 * The email verticle's configuration sub-object: the SMTP server, the sender, where links point, and the outbox's
 * pacing and retries. Intervals are settings so that tests can run the same code fast.
 */
public record EmailOptions(String host, int port, StartTLSOptions startTls, String user, String password, String from,
                           String publicUrl, String linkKey, long sendIntervalMs, int batch, long leaseMs, long domainGapMs,
                           int maxAttempts, long backoffBaseMs, long backoffMaxMs, long sendTimeoutMs, long readLinkTtlMs,
                           long verifyLinkTtlMs) {

  public static final String HOST = "host";
  public static final String PORT = "port";
  public static final String STARTTLS = "starttls";
  public static final String USER = "user";
  public static final String PASSWORD = "password";
  public static final String FROM = "from";
  public static final String PUBLIC_URL = "public_url";
  public static final String LINK_KEY = "link_key";
  public static final String SEND_INTERVAL_MS = "send_interval_ms";
  public static final String BATCH = "batch";
  public static final String LEASE_MS = "lease_ms";
  public static final String DOMAIN_GAP_MS = "domain_gap_ms";
  public static final String MAX_ATTEMPTS = "max_attempts";
  public static final String BACKOFF_BASE_MS = "backoff_base_ms";
  public static final String BACKOFF_MAX_MS = "backoff_max_ms";
  public static final String SEND_TIMEOUT_MS = "send_timeout_ms";
  public static final String READ_LINK_TTL_MS = "read_link_ttl_ms";
  public static final String VERIFY_LINK_TTL_MS = "verify_link_ttl_ms";

  public static EmailOptions from(JsonObject config) {
    return new EmailOptions(config.getString(HOST), config.getInteger(PORT, 587), startTls(config.getString(STARTTLS, "optional")),
      config.getString(USER), config.getString(PASSWORD), config.getString(FROM, "herald@localhost"),
      config.getString(PUBLIC_URL, "http://localhost:8080"), config.getString(LINK_KEY),
      config.getLong(SEND_INTERVAL_MS, 500L), config.getInteger(BATCH, 20), config.getLong(LEASE_MS, 120_000L),
      config.getLong(DOMAIN_GAP_MS, 1_000L), config.getInteger(MAX_ATTEMPTS, 10), config.getLong(BACKOFF_BASE_MS, 60_000L),
      config.getLong(BACKOFF_MAX_MS, 6 * 3_600_000L), config.getLong(SEND_TIMEOUT_MS, 60_000L),
      config.getLong(READ_LINK_TTL_MS, 14 * 86_400_000L), config.getLong(VERIFY_LINK_TTL_MS, 3 * 86_400_000L));
  }

  /** {@code disabled}, {@code optional} or {@code required}; anything else is refused at start. */
  static StartTLSOptions startTls(String value) {
    try {
      return StartTLSOptions.valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("HERALD_SMTP_STARTTLS must be disabled, optional or required, not " + value);
    }
  }

  public boolean enabled() {
    return host != null && !host.isBlank();
  }

  /** The mail client's settings; a login only when a user is configured. The password is never logged. */
  MailConfig mailConfig() {
    MailConfig config = new MailConfig().setHostname(host).setPort(port).setStarttls(startTls)
      .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, sendTimeoutMs)).setKeepAlive(true).setMaxPoolSize(4);
    if (user == null || user.isBlank()) {
      return config.setLogin(LoginOption.DISABLED);
    }
    return config.setLogin(LoginOption.REQUIRED).setUsername(user).setPassword(password);
  }

  @Override
  public String toString() {
    return "EmailOptions[host=" + host + ", port=" + port + ", starttls=" + startTls + ", user=" + user + ", from=" + from + "]";
  }
}
