package io.herald.sockets;

import io.vertx.core.json.JsonObject;

/**
 * The notification id a client names in {@code mark_read}: {@code notification_id}, or {@code id} as the seed clients
 * send it, each a non-negative integer given as a JSON number or as a string of digits.
 */
final class NotificationIds {

  private static final int MAX_DIGITS = 19;

  private NotificationIds() {
  }

  /** The id, or null when neither field holds one. */
  static Long from(JsonObject body) {
    Long id = parse(body.getValue("notification_id"));
    return id != null ? id : parse(body.getValue("id"));
  }

  private static Long parse(Object value) {
    if (value instanceof Number number) {
      return number.longValue() >= 0 ? number.longValue() : null;
    }
    if (value instanceof String text && !text.isEmpty() && text.length() <= MAX_DIGITS
      && text.chars().allMatch(c -> c >= '0' && c <= '9')) {
      try {
        return Long.parseLong(text);
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }
}
