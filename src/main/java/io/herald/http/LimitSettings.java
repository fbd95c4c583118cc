package io.herald.http;

import io.vertx.core.json.JsonObject;

/**
 * The REST API's request limits, read from the {@code limits} sub-object of the API verticle's config. Logins are
 * counted per client address and per username before bcrypt runs; repeated wrong passwords lock the username for a
 * time that doubles up to a bound; complaint and notification writes are counted per user. Windows are fixed.
 */
public record LimitSettings(int loginsPerAddress, int loginsPerUsername, long loginWindowMillis, int lockAfterFailures,
                            long lockMillis, long lockMaxMillis, int bcryptThreads, int bcryptQueue, int complaintsPerUser,
                            int notificationsPerUser, int broadcastsPerUser, long writeWindowMillis) {

  public static final String CONFIG_LOGINS_PER_ADDRESS = "logins_per_address";
  public static final String CONFIG_LOGINS_PER_USERNAME = "logins_per_username";
  public static final String CONFIG_LOGIN_WINDOW_SECONDS = "login_window_seconds";
  public static final String CONFIG_LOCK_AFTER_FAILURES = "lock_after_failures";
  public static final String CONFIG_LOCK_SECONDS = "lock_seconds";
  public static final String CONFIG_LOCK_MAX_SECONDS = "lock_max_seconds";
  public static final String CONFIG_BCRYPT_THREADS = "bcrypt_threads";
  public static final String CONFIG_BCRYPT_QUEUE = "bcrypt_queue";
  public static final String CONFIG_COMPLAINTS_PER_USER = "complaints_per_user";
  public static final String CONFIG_NOTIFICATIONS_PER_USER = "notifications_per_user";
  public static final String CONFIG_BROADCASTS_PER_USER = "broadcasts_per_user";
  public static final String CONFIG_WRITE_WINDOW_SECONDS = "write_window_seconds";

  /** Wrong passwords in a row are forgotten this long after the last one (or at once after a correct one). */
  public static final long FAILURES_FORGOTTEN_AFTER_MILLIS = 60 * 60_000;

  public static LimitSettings from(JsonObject config) {
    JsonObject c = config == null ? new JsonObject() : config;
    return new LimitSettings(
      positive(c, CONFIG_LOGINS_PER_ADDRESS, 120),
      positive(c, CONFIG_LOGINS_PER_USERNAME, 10),
      positive(c, CONFIG_LOGIN_WINDOW_SECONDS, 60) * 1000L,
      positive(c, CONFIG_LOCK_AFTER_FAILURES, 5),
      positive(c, CONFIG_LOCK_SECONDS, 30) * 1000L,
      positive(c, CONFIG_LOCK_MAX_SECONDS, 300) * 1000L,
      positive(c, CONFIG_BCRYPT_THREADS, 2),
      positive(c, CONFIG_BCRYPT_QUEUE, 32),
      positive(c, CONFIG_COMPLAINTS_PER_USER, 30),
      positive(c, CONFIG_NOTIFICATIONS_PER_USER, 600),
      positive(c, CONFIG_BROADCASTS_PER_USER, 10),
      positive(c, CONFIG_WRITE_WINDOW_SECONDS, 60) * 1000L);
  }

  private static int positive(JsonObject config, String key, int fallback) {
    int value = config.getInteger(key, fallback);
    if (value < 1) {
      throw new IllegalArgumentException("Limit " + key + " must be at least 1, was " + value);
    }
    return value;
  }
}
