package io.herald.persistence.telegram;

import io.herald.bus.DomainException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The Telegram settings: defaults, and validation of a change (a 400 naming the field).
 * {@code rate_limit_count} alerts per chat are sent in each window of {@code rate_limit_minutes}
 * (0 minutes = no limit); the rest are folded into one digest sent when the window reopens.
 * {@code registration} says who may link a chat with /start ({@code anyone}, {@code allow-list} of
 * {@code registration_allow_list} chat ids and usernames, or {@code approval} by an admin, the default);
 * a chat may file {@code complaints_per_chat} complaints through the bot per {@code complaint_window_minutes}.
 */
final class AlertSettings {

  private static final Set<String> FIELDS = Set.of("enabled", "high_severity_only", "rate_limit_minutes",
    "rate_limit_count", "hostel_specific", "hostel_chat_ids", "admin_chat_ids", "notify_status_updates",
    "registration", "registration_allow_list", "complaints_per_chat", "complaint_window_minutes");
  static final String ANYONE = "anyone";
  static final String ALLOW_LIST = "allow-list";
  static final String APPROVAL = "approval";
  private static final Set<String> REGISTRATION = Set.of(ANYONE, ALLOW_LIST, APPROVAL);
  private static final Pattern USERNAME = Pattern.compile("@?[A-Za-z0-9_]{5,32}");
  private static final int MAX_COMPLAINTS = 1000;
  private static final int MAX_MINUTES = 1440;
  private static final int MAX_COUNT = 100;

  private AlertSettings() {
  }

  static JsonObject defaults() {
    return new JsonObject().put("enabled", true).put("high_severity_only", false).put("rate_limit_minutes", 5)
      .put("rate_limit_count", 1).put("hostel_specific", false).put("hostel_chat_ids", new JsonObject())
      .put("admin_chat_ids", new JsonArray()).put("notify_status_updates", false)
      .put("registration", APPROVAL).put("registration_allow_list", new JsonArray())
      .put("complaints_per_chat", 10).put("complaint_window_minutes", 60);
  }

  /** The current settings with the validated change applied. */
  static JsonObject merge(JsonObject current, JsonObject change) {
    JsonObject merged = defaults().mergeIn(current == null ? new JsonObject() : current);
    for (String field : change.fieldNames()) {
      if (!FIELDS.contains(field)) {
        throw DomainException.badRequest("unknown field: " + field);
      }
      merged.put(field, validated(field, change.getValue(field)));
    }
    return merged;
  }

  private static Object validated(String field, Object value) {
    return switch (field) {
      case "enabled", "high_severity_only", "hostel_specific", "notify_status_updates" -> bool(field, value);
      case "rate_limit_minutes", "complaint_window_minutes" -> whole(field, value, 0, MAX_MINUTES);
      case "complaints_per_chat" -> whole(field, value, 1, MAX_COMPLAINTS);
      case "registration" -> registration(field, value);
      case "registration_allow_list" -> allowList(field, value);
      case "rate_limit_count" -> whole(field, value, 1, MAX_COUNT);
      case "admin_chat_ids" -> chatIds(field, value);
      default -> hostelChats(field, value);
    };
  }

  private static Boolean bool(String field, Object value) {
    if (value instanceof Boolean flag) {
      return flag;
    }
    throw invalid(field, "must be true or false");
  }

  private static Integer whole(String field, Object value, int min, int max) {
    if (value instanceof Number number && number.doubleValue() == number.longValue()
      && number.longValue() >= min && number.longValue() <= max) {
      return number.intValue();
    }
    throw invalid(field, "must be a whole number between " + min + " and " + max);
  }

  private static String registration(String field, Object value) {
    if (value instanceof String policy && REGISTRATION.contains(policy)) {
      return policy;
    }
    throw invalid(field, "must be one of anyone, allow-list, approval");
  }

  /** Chat ids stay numbers; usernames are stored lower case without the @, as {@link #allows} compares them. */
  private static JsonArray allowList(String field, Object value) {
    if (!(value instanceof JsonArray entries)) {
      throw invalid(field, "must be a list of chat ids and usernames");
    }
    JsonArray clean = new JsonArray();
    for (Object entry : entries) {
      Object normalised = allowListEntry(field, entry);
      if (!clean.contains(normalised)) {
        clean.add(normalised);
      }
    }
    return clean;
  }

  private static Object allowListEntry(String field, Object entry) {
    if (entry instanceof String name && USERNAME.matcher(name).matches()) {
      return name.replace("@", "").toLowerCase(Locale.ROOT);
    }
    if (entry instanceof Number number && number.doubleValue() == number.longValue() && number.longValue() != 0) {
      return number.longValue();
    }
    throw invalid(field, "must hold chat ids (non-zero whole numbers) or usernames (5-32 letters, digits or _)");
  }

  /** Whether the allow-list names the chat or the sender's username. */
  static boolean allows(JsonObject settings, long chatId, String username) {
    for (Object entry : settings.getJsonArray("registration_allow_list", new JsonArray())) {
      if (entry instanceof Number number ? number.longValue() == chatId
        : username != null && username.equalsIgnoreCase((String) entry)) {
        return true;
      }
    }
    return false;
  }

  private static JsonArray chatIds(String field, Object value) {
    if (!(value instanceof JsonArray ids)) {
      throw invalid(field, "must be a list of chat ids");
    }
    JsonArray clean = new JsonArray();
    for (Object id : ids) {
      if (!(id instanceof Number number) || number.doubleValue() != number.longValue() || number.longValue() == 0) {
        throw invalid(field, "must hold non-zero whole numbers (Telegram chat ids)");
      }
      if (!clean.contains(number.longValue())) {
        clean.add(number.longValue());
      }
    }
    return clean;
  }

  private static JsonObject hostelChats(String field, Object value) {
    if (!(value instanceof JsonObject byHostel)) {
      throw invalid(field, "must map hostel names to lists of chat ids");
    }
    JsonObject clean = new JsonObject();
    for (String hostel : byHostel.fieldNames()) {
      if (hostel.isBlank()) {
        throw invalid(field, "must not have a blank hostel name");
      }
      clean.put(hostel, chatIds(field + "." + hostel, byHostel.getValue(hostel)));
    }
    return clean;
  }

  private static DomainException invalid(String field, String rule) {
    return DomainException.badRequest("field " + field + " " + rule);
  }
}
