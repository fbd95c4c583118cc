package io.herald.persistence;

import io.herald.auth.Identity;
import io.herald.auth.Role;
import io.herald.bus.DomainException;
import io.herald.bus.Failures;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;

/**
 * A validated {@code persistence.users.update} request: an admin disabling/enabling a user, changing their role or
 * setting a new password (already hashed).
 */
record UserChange(long userId, Boolean disabled, Role role, String passwordHash) {

  static UserChange from(JsonObject request) {
    Identity actor = Requests.actor(request);
    if (actor.role() != Role.ADMIN) {
      throw new DomainException(Failures.FORBIDDEN, "only admins may change users");
    }
    long userId = Requests.requiredLong(request, "id");
    Boolean disabled = optionalBoolean(request, "disabled");
    Role role = optionalRole(request);
    String passwordHash = Requests.optionalString(request, "password_hash");
    if (disabled == null && role == null && passwordHash == null) {
      throw DomainException.badRequest("give at least one of: disabled, role, password");
    }
    if (Boolean.TRUE.equals(disabled) && userId == actor.userId()) {
      throw new DomainException(Failures.CONFLICT, "an admin may not disable themselves");
    }
    return new UserChange(userId, disabled, role, passwordHash);
  }

  Tuple params() {
    return Tuple.of(userId, disabled, role == null ? null : role.wire(), passwordHash);
  }

  /** The {@code events.user.changed} body for the user as it is after the change. */
  static JsonObject event(JsonObject user) {
    return new JsonObject().put("user_id", user.getLong("id")).put("disabled", user.getBoolean("disabled"))
      .put("role", user.getString("role"));
  }

  private static Boolean optionalBoolean(JsonObject request, String field) {
    Object value = request.getValue(field);
    if (value != null && !(value instanceof Boolean)) {
      throw DomainException.badRequest("field " + field + " must be a boolean");
    }
    return (Boolean) value;
  }

  private static Role optionalRole(JsonObject request) {
    String role = Requests.optionalString(request, "role");
    if (role == null) {
      return null;
    }
    return Role.fromWire(role).orElseThrow(() -> DomainException.badRequest("field role must be one of admin, porter, student, service"));
  }
}
