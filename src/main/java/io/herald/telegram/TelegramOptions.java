package io.herald.telegram;

import io.herald.config.Settings;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * The Telegram verticle's settings. Intervals and timeouts are settings so that tests
 * can run the same code fast; the defaults follow Telegram's published limits.
 */
public record TelegramOptions(String token, String baseUrl, String publicUrl, Long adminChatId, String webhookUrl,
                              String webhookSecret, long sendIntervalMs, int globalPerSecond, long leaseMs, long chatGapMs,
                              long groupGapMs, int maxAttempts, long backoffBaseMs, long backoffMaxMs,
                              long requestTimeoutMs, int pollTimeoutSeconds, long pollRetryMs, long lockWaitMs,
                              long rateMinuteMs, String locale) {

  /** Names in {@code HERALD_TELEGRAM_TUNING}; their defaults are in {@link #from}. */
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

  /** The pacing names {@code HERALD_TELEGRAM_TUNING} may set. */
  public static final List<String> TUNING = List.of(SEND_INTERVAL_MS, GLOBAL_PER_SECOND, LEASE_MS, CHAT_GAP_MS, GROUP_GAP_MS,
    MAX_ATTEMPTS, BACKOFF_BASE_MS, BACKOFF_MAX_MS, REQUEST_TIMEOUT_MS, POLL_TIMEOUT_SECONDS, POLL_RETRY_MS, LOCK_WAIT_MS,
    RATE_MINUTE_MS);

  public static TelegramOptions from(JsonObject config) {
    JsonObject tuning = Settings.TELEGRAM_TUNING.from(config);
    return new TelegramOptions(Settings.TELEGRAM_BOT_TOKEN.from(config), Settings.TELEGRAM_API_BASE_URL.from(config),
      Settings.PUBLIC_URL.from(config), Settings.TELEGRAM_ADMIN_CHAT_ID.from(config),
      Settings.TELEGRAM_WEBHOOK_URL.from(config), Settings.TELEGRAM_WEBHOOK_SECRET.from(config),
      tuning.getLong(SEND_INTERVAL_MS, 250L), tuning.getInteger(GLOBAL_PER_SECOND, 30), tuning.getLong(LEASE_MS, 60_000L),
      tuning.getLong(CHAT_GAP_MS, 1_000L), tuning.getLong(GROUP_GAP_MS, 3_000L), tuning.getInteger(MAX_ATTEMPTS, 12),
      tuning.getLong(BACKOFF_BASE_MS, 1_000L), tuning.getLong(BACKOFF_MAX_MS, 600_000L),
      tuning.getLong(REQUEST_TIMEOUT_MS, 10_000L), tuning.getInteger(POLL_TIMEOUT_SECONDS, 25),
      tuning.getLong(POLL_RETRY_MS, 2_000L), tuning.getLong(LOCK_WAIT_MS, 5_000L),
      tuning.getLong(RATE_MINUTE_MS, 60_000L), Settings.DEFAULT_LOCALE.from(config));
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
