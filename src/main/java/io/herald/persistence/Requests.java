package io.herald.persistence;

import io.herald.auth.Identity;
import io.herald.bus.DomainException;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** Reading fields of event-bus requests, refusing missing or malformed ones with a 400 that names the field. */
public final class Requests {

  private Requests() {
  }

  public static Identity actor(JsonObject body) {
    JsonObject actor = body.getJsonObject(Identity.KEY);
    if (actor == null) {
      throw DomainException.badRequest("missing field: " + Identity.KEY);
    }
    try {
      return Identity.fromJson(actor);
    } catch (RuntimeException e) {
      throw DomainException.badRequest("invalid field: " + Identity.KEY);
    }
  }

  /**
   * A claim of due outbox rows, {@code {node, batch, lease_ms}}, as the claim statements take it: the node, how many,
   * and the lease in seconds.
   */
  public static Tuple claim(JsonObject body) {
    return Tuple.of(requiredString(body, "node"), (int) requiredLong(body, "batch"), requiredLong(body, "lease_ms") / 1000.0);
  }

  public static String requiredString(JsonObject body, String field) {
    String value = optionalString(body, field);
    if (value == null || value.isBlank()) {
      throw DomainException.badRequest("missing field: " + field);
    }
    return value;
  }

  public static String optionalString(JsonObject body, String field) {
    Object value = body.getValue(field);
    if (value == null) {
      return null;
    }
    if (!(value instanceof String text)) {
      throw DomainException.badRequest("field " + field + " must be a string");
    }
    return text;
  }

  public static long requiredLong(JsonObject body, String field) {
    Long value = optionalLong(body, field);
    if (value == null) {
      throw DomainException.badRequest("missing field: " + field);
    }
    return value;
  }

  public static Long optionalLong(JsonObject body, String field) {
    Object value = body.getValue(field);
    if (value == null) {
      return null;
    }
    if (value instanceof Integer || value instanceof Long) {
      return ((Number) value).longValue();
    }
    try {
      return new BigDecimal(String.valueOf(value)).longValueExact();
    } catch (NumberFormatException | ArithmeticException e) {
      throw DomainException.badRequest("field " + field + " must be a whole number of at most 64 bits");
    }
  }

  public static int limit(JsonObject body, int fallback, int max) {
    Long value = optionalLong(body, "limit");
    if (value == null) {
      return fallback;
    }
    if (value < 1 || value > max) {
      throw DomainException.badRequest("field limit must be between 1 and " + max);
    }
    return value.intValue();
  }

  /** An ILIKE pattern finding the text anywhere, its wildcards taken literally; null for no text. */
  public static String likePattern(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    String escaped = text.trim().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    return "%" + escaped + "%";
  }

  public static OffsetDateTime optionalTime(JsonObject body, String field) {
    String value = optionalString(body, field);
    if (value == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(value);
    } catch (DateTimeParseException e) {
      throw DomainException.badRequest("field " + field + " must be an RFC 3339 date-time");
    }
  }
}
