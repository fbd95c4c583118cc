package io.herald.auth;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.User;

/** The authenticated caller, as carried on event-bus requests under the key {@value #KEY}. */
public record Identity(long userId, String username, Role role) {

  public static final String KEY = "actor";

  /** The identity in a verified token, or null when the token's claims are not Herald's. */
  public static Identity of(User user) {
    if (user == null) {
      return null;
    }
    JsonObject principal = claims(user);
    try {
      long id = Long.parseLong(principal.getString("sub"));
      Role role = Role.fromWire(principal.getString(TokenAuth.CLAIM_ROLE)).orElse(null);
      return role == null ? null : new Identity(id, principal.getString(TokenAuth.CLAIM_USERNAME), role);
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** The verified claims of a token: vertx-auth-jwt keeps them in the attributes, not the principal. */
  public static JsonObject claims(User user) {
    JsonObject decoded = user.attributes().getJsonObject("accessToken");
    return decoded != null ? decoded : user.principal();
  }

  public static Identity fromJson(JsonObject json) {
    return new Identity(json.getLong("id"), json.getString("username"), Role.fromWire(json.getString("role")).orElseThrow());
  }

  public JsonObject toJson() {
    return new JsonObject().put("id", userId).put("username", username).put("role", role.wire());
  }

  public boolean is(Role candidate) {
    return role == candidate;
  }
}
