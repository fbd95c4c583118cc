package io.herald.http;

import io.herald.config.Setting;
import io.herald.config.Settings;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * The REST API's request limits, read from the API verticle's config. Logins are
 * counted per client address and per username before bcrypt runs; repeated wrong passwords lock the username for a
 * time that doubles up to a bound; complaint and notification writes, and changes of one's own email address (each
 * may send a confirmation mail), are counted per user, and address changes also per address they set. Windows are
 * fixed.
 */
public record LimitSettings(int loginsPerAddress, int loginsPerUsername, long loginWindowMillis, int lockAfterFailures,
                            long lockMillis, long lockMaxMillis, int bcryptThreads, int bcryptQueue, int complaintsPerUser,
                            int notificationsPerUser, int broadcastsPerUser, long writeWindowMillis,
                            int addressChangesPerHour, int addressChangesPerAddress) {

  /** Wrong passwords in a row are forgotten this long after the last one (or at once after a correct one). */
  public static final long FAILURES_FORGOTTEN_AFTER_MILLIS = 60 * 60_000;

  /** The limit settings a verticle needs in its config (under their own keys). */
  public static final List<Setting<?>> SETTINGS = List.of(Settings.LOGINS_PER_ADDRESS, Settings.LOGINS_PER_USERNAME,
    Settings.LOGIN_WINDOW_SECONDS, Settings.LOGIN_LOCK_AFTER, Settings.LOGIN_LOCK_SECONDS, Settings.LOGIN_LOCK_MAX_SECONDS,
    Settings.BCRYPT_THREADS, Settings.BCRYPT_QUEUE, Settings.COMPLAINTS_PER_USER, Settings.NOTIFICATIONS_PER_USER,
    Settings.BROADCASTS_PER_USER, Settings.WRITE_WINDOW_SECONDS, Settings.ADDRESS_CHANGES_PER_HOUR,
    Settings.ADDRESS_CHANGES_PER_ADDRESS);

  /** Read from a config holding these settings under their own keys; the defaults where one is missing. */
  public static LimitSettings from(JsonObject config) {
    return new LimitSettings(
      Settings.LOGINS_PER_ADDRESS.from(config),
      Settings.LOGINS_PER_USERNAME.from(config),
      Settings.LOGIN_WINDOW_SECONDS.from(config) * 1000L,
      Settings.LOGIN_LOCK_AFTER.from(config),
      Settings.LOGIN_LOCK_SECONDS.from(config) * 1000L,
      Settings.LOGIN_LOCK_MAX_SECONDS.from(config) * 1000L,
      Settings.BCRYPT_THREADS.from(config),
      Settings.BCRYPT_QUEUE.from(config),
      Settings.COMPLAINTS_PER_USER.from(config),
      Settings.NOTIFICATIONS_PER_USER.from(config),
      Settings.BROADCASTS_PER_USER.from(config),
      Settings.WRITE_WINDOW_SECONDS.from(config) * 1000L,
      Settings.ADDRESS_CHANGES_PER_HOUR.from(config),
      Settings.ADDRESS_CHANGES_PER_ADDRESS.from(config));
  }
}
