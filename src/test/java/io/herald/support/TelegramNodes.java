package io.herald.support;

import io.herald.config.HeraldConfig;
import io.herald.config.Settings;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.concurrent.ThreadLocalRandom;

/** Test nodes with Telegram on, pointed at a {@link FakeBotApi}, with pacing shortened so tests run fast. */
public final class TelegramNodes {

  public static final String TOKEN = "4242:SECRET-test-token-never-logged";

  private TelegramNodes() {
  }

  public static HeraldConfig config(FakeBotApi fake) {
    return config(fake.baseUrl());
  }

  public static HeraldConfig config(String baseUrl) {
    return TestNode.config()
      .with(Settings.TELEGRAM_BOT_TOKEN.key(), TOKEN)
      .with(Settings.TELEGRAM_API_BASE_URL.key(), baseUrl)
      .with(Settings.PUBLIC_URL.key(), "https://herald.example")
      .with(Settings.TELEGRAM_TUNING.key(), fastTuning());
  }

  /** One "minute" of rate_limit_minutes lasts 1.5 s here; everything else is shortened the same way. */
  public static JsonObject fastTuning() {
    return new JsonObject().put("send_interval_ms", 30).put("global_per_second", 30).put("chat_gap_ms", 0).put("group_gap_ms", 0)
      .put("backoff_base_ms", 50).put("backoff_max_ms", 200).put("request_timeout_ms", 1_000)
      .put("poll_timeout_seconds", 1).put("poll_retry_ms", 100).put("lock_wait_ms", 200).put("rate_minute_ms", 1_500)
      .put("lease_ms", 10_000);
  }

  /** Alert settings that send every new complaint, at once, to {@code chat} and nowhere else. */
  public static JsonObject everyAlertTo(long chat) {
    return new JsonObject().put("enabled", true).put("high_severity_only", false).put("rate_limit_minutes", 0)
      .put("hostel_specific", false).put("hostel_chat_ids", new JsonObject())
      .put("admin_chat_ids", new JsonArray().add(chat)).put("notify_status_updates", false);
  }

  /** A chat id no other test uses (private chats are positive, groups negative). */
  public static long newChatId() {
    return ThreadLocalRandom.current().nextLong(1_000_000L, 9_000_000_000L);
  }

  public static String newHostel() {
    return "Hostel-" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
  }
}
