package io.herald.email;

import io.herald.config.Settings;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mail.LoginOption;
import io.vertx.ext.mail.MailConfig;
import io.vertx.ext.mail.StartTLSOptions;

import java.util.List;
import java.util.Locale;

/**
 * The email verticle's settings: the SMTP server, the sender, where links point, and the outbox's
 * pacing and retries. Intervals are settings so that tests can run the same code fast.
 */
public record EmailOptions(String host, int port, StartTLSOptions startTls, String user, String password, String from,
                           String publicUrl, String linkKey, long sendIntervalMs, int batch, long leaseMs, long domainGapMs,
                           int maxAttempts, long backoffBaseMs, long backoffMaxMs, long sendTimeoutMs, long readLinkTtlMs,
                           long verifyLinkTtlMs) {

  /** The key of the signed links in mails (see LinkTokens). */
  public static final String LINK_KEY = "link_key";
  /** Names in {@code HERALD_EMAIL_TUNING}; their defaults are in {@link #from}. */
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

  /** The outbox names {@code HERALD_EMAIL_TUNING} may set. */
  public static final List<String> TUNING = List.of(SEND_INTERVAL_MS, BATCH, LEASE_MS, DOMAIN_GAP_MS, MAX_ATTEMPTS,
    BACKOFF_BASE_MS, BACKOFF_MAX_MS, SEND_TIMEOUT_MS, READ_LINK_TTL_MS, VERIFY_LINK_TTL_MS);

  public static EmailOptions from(JsonObject config) {
    JsonObject tuning = Settings.EMAIL_TUNING.from(config);
    return new EmailOptions(Settings.SMTP_HOST.from(config), Settings.SMTP_PORT.from(config),
      startTls(Settings.SMTP_STARTTLS.from(config)), Settings.SMTP_USER.from(config), Settings.SMTP_PASSWORD.from(config),
      Settings.SMTP_FROM.from(config), Settings.PUBLIC_URL.from(config), config.getString(LINK_KEY),
      tuning.getLong(SEND_INTERVAL_MS, 500L), tuning.getInteger(BATCH, 20), tuning.getLong(LEASE_MS, 120_000L),
      tuning.getLong(DOMAIN_GAP_MS, 1_000L), tuning.getInteger(MAX_ATTEMPTS, 10), tuning.getLong(BACKOFF_BASE_MS, 60_000L),
      tuning.getLong(BACKOFF_MAX_MS, 6 * 3_600_000L), tuning.getLong(SEND_TIMEOUT_MS, 60_000L),
      tuning.getLong(READ_LINK_TTL_MS, 14 * 86_400_000L), tuning.getLong(VERIFY_LINK_TTL_MS, 3 * 86_400_000L));
  }

  /** {@code disabled}, {@code optional} or {@code required} (the setting accepts nothing else). */
  static StartTLSOptions startTls(String value) {
    return StartTLSOptions.valueOf(value.toUpperCase(Locale.ROOT));
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
