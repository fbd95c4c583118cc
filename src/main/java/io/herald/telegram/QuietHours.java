package io.herald.telegram;

import io.herald.notify.NotificationType;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Reads the inbox's per-user preferences ({@link io.herald.notify.Preferences} JSON shape
 * {@code {types: {status_update: {telegram: bool}}, quiet_hours: {start: "22:00", end: "07:00", zone: "UTC"}}})
 * for the {@code telegram} channel: whether it is on for status updates, and how long to wait when now
 * falls in the user's quiet hours. Missing parts mean telegram on, no quiet hours.
 */
final class QuietHours {

  private QuietHours() {
  }

  static boolean telegramOn(JsonObject preferences) {
    JsonObject statusUpdates = preferences.getJsonObject("types", new JsonObject())
      .getJsonObject(NotificationType.STATUS_UPDATE, new JsonObject());
    return statusUpdates.getBoolean(NotificationType.TELEGRAM, true);
  }

  /** Zero outside quiet hours, otherwise the time until they end. */
  static Duration delay(JsonObject preferences, ZonedDateTime nowUtc) {
    JsonObject quiet = preferences.getJsonObject("quiet_hours");
    if (quiet == null) {
      return Duration.ZERO;
    }
    Optional<LocalTime> start = time(quiet.getString("start"));
    Optional<LocalTime> end = time(quiet.getString("end"));
    if (start.isEmpty() || end.isEmpty() || start.get().equals(end.get())) {
      return Duration.ZERO;
    }
    ZonedDateTime now = nowUtc.withZoneSameInstant(zone(quiet.getString("zone")));
    LocalTime time = now.toLocalTime();
    boolean overnight = start.get().isAfter(end.get());
    boolean quietNow = overnight ? !time.isBefore(start.get()) || time.isBefore(end.get())
      : !time.isBefore(start.get()) && time.isBefore(end.get());
    if (!quietNow) {
      return Duration.ZERO;
    }
    ZonedDateTime endAt = now.with(end.get());
    return Duration.between(now, endAt.isAfter(now) ? endAt : endAt.plusDays(1));
  }

  private static Optional<LocalTime> time(String value) {
    try {
      return Optional.ofNullable(value).map(LocalTime::parse);
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private static ZoneId zone(String value) {
    try {
      return value == null ? ZoneId.of("UTC") : ZoneId.of(value);
    } catch (RuntimeException e) {
      return ZoneId.of("UTC");
    }
  }
}
