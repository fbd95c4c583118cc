package io.herald.persistence.email;

import io.herald.auth.Identity;
import io.herald.auth.Role;
import io.herald.bus.DomainException;
import io.herald.bus.Failures;
import io.herald.persistence.Requests;
import io.herald.texts.Texts;
import io.vertx.core.json.JsonObject;

import java.time.ZoneId;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A validated {@code persistence.users.profile.update} request: a user's own address, language and time zone, set by
 * the user themselves or by an admin. A field that is absent stays as it is; {@code email} or {@code time_zone}
 * given as null clears it. An address an admin sets counts as verified ({@code vouched}).
 */
record ProfileChange(long userId, boolean emailGiven, String email, String locale, boolean zoneGiven, String timeZone,
                     boolean vouched) {

  /** One @, no spaces or angle brackets, a dot in the domain: enough to refuse typos; the confirmation mail proves the rest. */
  private static final Pattern ADDRESS = Pattern.compile("^[^\\s@<>\"]{1,64}@[^\\s@<>\"]+\\.[^\\s@<>\"]+$");
  private static final int MAX_ADDRESS = 254;

  static ProfileChange from(JsonObject request) {
    Identity actor = Requests.actor(request);
    long userId = Requests.requiredLong(request, "id");
    boolean admin = actor.role() == Role.ADMIN;
    if (userId != actor.userId() && !admin) {
      throw new DomainException(Failures.FORBIDDEN, "only admins may change another user's profile");
    }
    String locale = Requests.optionalString(request, "locale");
    if (locale != null && !Texts.isSupported(locale)) {
      throw DomainException.badRequest("field locale must be one of " + String.join(", ", Texts.LOCALES));
    }
    return new ProfileChange(userId, request.containsKey("email"), address(request), locale,
      request.containsKey("time_zone"), zone(request), admin && request.getBoolean("vouched", false));
  }

  private static String address(JsonObject request) {
    String email = Requests.optionalString(request, "email");
    if (email == null) {
      return null;
    }
    String trimmed = email.trim();
    if (trimmed.length() > MAX_ADDRESS || !ADDRESS.matcher(trimmed).matches()) {
      throw DomainException.badRequest("field email must be an address such as name@example.org");
    }
    int at = trimmed.lastIndexOf('@');
    return trimmed.substring(0, at + 1) + trimmed.substring(at + 1).toLowerCase(Locale.ROOT);
  }

  private static String zone(JsonObject request) {
    String zone = Requests.optionalString(request, "time_zone");
    if (zone != null && !ZoneId.getAvailableZoneIds().contains(zone)) {
      throw DomainException.badRequest("field time_zone must be an IANA time zone such as Europe/Athens, not " + zone);
    }
    return zone;
  }
}
