package io.herald.telegram;

import io.vertx.core.json.JsonObject;

/**
 * The Telegram verticle's configuration sub-object. Intervals and timeouts are settings so that tests
 * can run the same code fast; the defaults follow Telegram's published limits.
 */
public record TelegramOptions(String token, String baseUrl, String publicUrl, Long adminChatId, String webhookUrl,
                              String webhookSecret, long sendIntervalMs, int globalPerSecond, long leaseMs, long chatGapMs,
                              long groupGapMs, int maxAttempts, long backoffBaseMs, long backoffMaxMs,
                              long requestTimeoutMs, int pollTimeoutSeconds, long pollRetryMs, long lockWaitMs,
                              long rateMinuteMs, String locale) {

  public static final String TOKEN = "token";
  public static final String BASE_URL = "base_url";
  public static final String PUBLIC_URL = "public_url";
  public static final String ADMIN_CHAT_ID = "admin_chat_id";
  public static final String WEBHOOK_URL = "webhook_url";
  public static final String WEBHOOK_SECRET = "webhook_secret";
  public static final String SEND_INTERVAL_MS = "send_interval_ms";
  public static final String GLOBAL_PER_SECOND = "global_per_second";
  public static final String LEASE_MS = "lease_ms";
  public static final String CHAT_GAP_MS = "chat_gap_ms";
  public static final String GROUP_GAP_MS = "group_gap_ms";
  public static final String MAX_ATTEMPTS = "max_attempts";
  public static final String BACKOFF_BASE_MS = "backoff_base_ms";
  public static final String BACKOFF_MAX_MS = "backoff_max_ms";
  public static final String REQUEST_TIMEOUT_MS = "request_timeout_ms";
  public static final String POLL_TIMEOUT_SECONDS = "poll_timeout_seconds";
  public static final String POLL_RETRY_MS = "poll_retry_ms";
  public static final String LOCK_WAIT_MS = "lock_wait_ms";
  public static final String RATE_MINUTE_MS = "rate_minute_ms";
  /** The language of messages to chats (the organisation's default locale). */
  public static final String LOCALE = "locale";

  public static TelegramOptions from(JsonObject config) {
    return new TelegramOptions(config.getString(TOKEN), config.getString(BASE_URL, "https://api.telegram.org"),
      config.getString(PUBLIC_URL, "http://localhost:8080"), config.getLong(ADMIN_CHAT_ID),
      config.getString(WEBHOOK_URL), config.getString(WEBHOOK_SECRET),
      config.getLong(SEND_INTERVAL_MS, 250L), config.getInteger(GLOBAL_PER_SECOND, 30), config.getLong(LEASE_MS, 60_000L),
      config.getLong(CHAT_GAP_MS, 1_000L), config.getLong(GROUP_GAP_MS, 3_000L), config.getInteger(MAX_ATTEMPTS, 12),
      config.getLong(BACKOFF_BASE_MS, 1_000L), config.getLong(BACKOFF_MAX_MS, 600_000L),
      config.getLong(REQUEST_TIMEOUT_MS, 10_000L), config.getInteger(POLL_TIMEOUT_SECONDS, 25),
      config.getLong(POLL_RETRY_MS, 2_000L), config.getLong(LOCK_WAIT_MS, 5_000L),
      config.getLong(RATE_MINUTE_MS, 60_000L), config.getString(LOCALE, "en"));
  }

  public boolean enabled() {
    return token != null && !token.isBlank();
  }

  public boolean webhookMode() {
    return webhookUrl != null && !webhookUrl.isBlank();
  }

  /** Telegram allows about one message a second to a chat and twenty a minute to a group (negative id). */
  public long gapFor(long chatId) {
    return chatId < 0 ? groupGapMs : chatGapMs;
  }
}
