package io.herald.auth;

/** A valid token whose user was deleted, disabled, or given another role since it was issued. */
public final class TokenRevokedException extends RuntimeException {

  private final String reason;

  public TokenRevokedException(String reason) {
    super("token revoked: " + reason, null, false, false);
    this.reason = reason;
  }

  /** {@code user_deleted}, {@code user_disabled} or {@code role_changed}. */
  public String reason() {
    return reason;
  }
}
