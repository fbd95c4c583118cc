package io.herald.notify;

import io.herald.bus.DomainException;
import io.vertx.core.json.JsonObject;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;

/**
 * One user's notification preferences: per type and channel on/off, and optional quiet hours during
 * which non-critical notifications are stored (in-app) but not pushed to external channels.
 * <p>
 * JSON shape (GET/PUT {@code /api/v1/notifications/preferences}, {@code persistence.preferences.get}):
 * {@code {types: {<type>: {in_app, telegram, email}}, quiet_hours: {start: "22:00", end: "07:00", zone: "Europe/Berlin"} | null,
 * digest: {enabled, channel: "email" | "telegram", hour: 0-23}}}.
 * Defaults for a user who never set any: every type on for {@code in_app} and {@code telegram}, off for
 * {@code email}; no quiet hours; no digest. Pure and immutable: the Telegram side asks
 * {@code shouldPush(type, channel, critical, now)}.
 */
public final class Preferences {

  public static final String TYPES = "types";
  public static final String QUIET_HOURS = "quiet_hours";
  public static final String DIGEST = "digest";

  private final JsonObject types;
  private final QuietHours quietHours;
  private final Digest digest;

  private Preferences(JsonObject types, QuietHours quietHours, Digest digest) {
    this.types = types;
    this.quietHours = quietHours;
    this.digest = digest;
  }

  public static Preferences defaults() {
    JsonObject types = new JsonObject();
    for (String type : NotificationType.ALL) {
      types.put(type, new JsonObject().put(NotificationType.IN_APP, true)
        .put(NotificationType.TELEGRAM, true).put(NotificationType.EMAIL, false));
    }
    return new Preferences(types, null, Digest.OFF);
  }

  /**
   * Reads preferences from their JSON shape; anything not given keeps its default. Refuses unknown types
   * or channels, non-boolean switches, bad times and unknown zones with a 400 naming the field.
   */
  public static Preferences fromJson(JsonObject json) {
    JsonObject types = defaults().types.copy();
    Object given = json.getValue(TYPES);
    if (given != null) {
      mergeTypes(types, requireObject(given, TYPES));
    }
    Object quiet = json.getValue(QUIET_HOURS);
    Object digest = json.getValue(DIGEST);
    return new Preferences(types, quiet == null ? null : QuietHours.fromJson(requireObject(quiet, QUIET_HOURS)),
      digest == null ? Digest.OFF : Digest.fromJson(requireObject(digest, DIGEST)));
  }

  public JsonObject toJson() {
    return new JsonObject().put(TYPES, types.copy()).put(QUIET_HOURS, quietHours == null ? null : quietHours.toJson())
      .put(DIGEST, digest.toJson());
  }

  /** The per-type channel switches as stored in {@code notification_preferences.channels}. */
  public JsonObject channels() {
    return types.copy();
  }

  public QuietHours quietHours() {
    return quietHours;
  }

  public Digest digest() {
    return digest;
  }

  public boolean allows(String type, String channel) {
    JsonObject switches = types.getJsonObject(type);
    return switches != null && switches.getBoolean(channel, false);
  }

  public boolean inQuietHours(Instant now) {
    return quietHours != null && quietHours.contains(now);
  }

  /** Whether a notification goes out on an external channel now: switched on, and critical or outside quiet hours. */
  public boolean shouldPush(String type, String channel, boolean critical, Instant now) {
    return allows(type, channel) && (critical || !inQuietHours(now));
  }

  /**
   * Critical notifications bypass quiet hours: those whose {@code data.priority} is {@code critical}
   * (producers may set it on any type; complaint notifications get it when the complaint's severity is critical).
   */
  public static boolean isCritical(JsonObject notification) {
    JsonObject data = notification.getJsonObject("data");
    return data != null && "critical".equals(data.getString("priority"));
  }

  private static void mergeTypes(JsonObject target, JsonObject given) {
    for (String type : given.fieldNames()) {
      if (!NotificationType.isKnown(type)) {
        throw field(TYPES + "." + type, "unknown notification type " + type);
      }
      JsonObject switches = requireObject(given.getValue(type), TYPES + "." + type);
      for (String channel : switches.fieldNames()) {
        String name = TYPES + "." + type + "." + channel;
        if (!NotificationType.isChannel(channel)) {
          throw field(name, "unknown channel " + channel);
        }
        if (!(switches.getValue(channel) instanceof Boolean on)) {
          throw field(name, "must be true or false");
        }
        target.getJsonObject(type).put(channel, on);
      }
    }
  }

  private static JsonObject requireObject(Object value, String name) {
    if (value instanceof JsonObject object) {
      return object;
    }
    throw field(name, "must be an object");
  }

  static DomainException field(String name, String problem) {
    return DomainException.badRequest("field " + name + ": " + problem);
  }

  /** A daily window in a time zone; a window whose end is before its start spans midnight. */
  public record QuietHours(LocalTime start, LocalTime end, ZoneId zone) {

    static QuietHours fromJson(JsonObject json) {
      return new QuietHours(time(json, "start"), time(json, "end"), zone(json));
    }

    public JsonObject toJson() {
      return new JsonObject().put("start", start.toString()).put("end", end.toString()).put("zone", zone.getId());
    }

    public boolean contains(Instant now) {
      LocalTime local = now.atZone(zone).toLocalTime();
      if (start.equals(end)) {
        return false;
      }
      return start.isBefore(end)
        ? !local.isBefore(start) && local.isBefore(end)
        : !local.isBefore(start) || local.isBefore(end);
    }

    private static LocalTime time(JsonObject json, String key) {
      String name = QUIET_HOURS + "." + key;
      if (!(json.getValue(key) instanceof String text) || !text.matches("\\d{2}:\\d{2}")) {
        throw field(name, "must be a time HH:mm");
      }
      try {
        return LocalTime.parse(text);
      } catch (DateTimeParseException e) {
        throw field(name, "must be a time HH:mm");
      }
    }

    private static ZoneId zone(JsonObject json) {
      String name = QUIET_HOURS + ".zone";
      if (!(json.getValue("zone") instanceof String text)) {
        throw field(name, "must be an IANA time zone such as Europe/Berlin");
      }
      try {
        return ZoneId.of(text);
      } catch (DateTimeException e) {
        throw field(name, "unknown time zone " + text);
      }
    }
  }

  /**
   * The daily digest of what is still unread: on or off, the channel it goes to ({@code email} or the user's linked
   * {@code telegram} chat), and the whole hour (0-23) of the user's own time zone at which it is due. Fields left out
   * keep their defaults (off, email, 8).
   */
  public record Digest(boolean enabled, String channel, int hour) {

    public static final Digest OFF = new Digest(false, NotificationType.EMAIL, 8);
    private static final List<String> CHANNELS = List.of(NotificationType.EMAIL, NotificationType.TELEGRAM);
    private static final Set<String> FIELDS = Set.of("enabled", "channel", "hour");

    static Digest fromJson(JsonObject json) {
      for (String field : json.fieldNames()) {
        if (!FIELDS.contains(field)) {
          throw field(DIGEST + "." + field, "unknown field; a digest is {enabled, channel, hour}");
        }
      }
      Object enabled = json.getValue("enabled", OFF.enabled());
      if (!(enabled instanceof Boolean on)) {
        throw field(DIGEST + ".enabled", "must be true or false");
      }
      Object channel = json.getValue("channel", OFF.channel());
      if (!CHANNELS.contains(channel)) {
        throw field(DIGEST + ".channel", "must be one of " + String.join(", ", CHANNELS));
      }
      Object hour = json.getValue("hour", OFF.hour());
      if (!(hour instanceof Integer || hour instanceof Long) || ((Number) hour).longValue() < 0 || ((Number) hour).longValue() > 23) {
        throw field(DIGEST + ".hour", "must be a whole hour from 0 to 23");
      }
      return new Digest(on, (String) channel, ((Number) hour).intValue());
    }

    public JsonObject toJson() {
      return new JsonObject().put("enabled", enabled).put("channel", channel).put("hour", hour);
    }
  }
}
