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

  /**
   * A JSON number that is a non-negative whole number of at most 64 bits, or null: a fraction, a number beyond 64
   * bits (which the JSON parser gives as a big integer or a double) or a negative one is never rounded or wrapped into
   * another id.
   */
  static Long wholeNumber(Object value) {
    return (value instanceof Integer || value instanceof Long) && ((Number) value).longValue() >= 0
      ? ((Number) value).longValue() : null;
  }

  /** Digits only, a non-negative whole number of at most 64 bits (a URL's {@code last_id}), or null. */
  static Long digits(String text) {
    if (text == null || text.isEmpty() || text.length() > MAX_DIGITS || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return null;
    }
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static Long parse(Object value) {
    if (value instanceof Number) {
      return wholeNumber(value);
    }
    return value instanceof String text ? digits(text) : null;
  }
}
