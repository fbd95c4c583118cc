package io.herald.http;

import io.herald.auth.Passwords;
import io.vertx.ext.web.RoutingContext;

/**
 * Refuses a password bcrypt cannot take whole before any work is done: the schema counts characters, bcrypt counts
 * UTF-8 bytes, so a password of 72 characters may still be too long.
 */
final class PasswordLength {

  static final String FIELD = "password";

  private PasswordLength() {
  }

  static void check(RoutingContext ctx) {
    String password = Api.body(ctx).getString(FIELD);
    if (password != null && !Passwords.fits(password)) {
      Problems.send(ctx, 400, "Invalid field password: at most " + Passwords.MAX_BYTES + " bytes in UTF-8", FIELD);
    } else {
      ctx.next();
    }
  }
}
