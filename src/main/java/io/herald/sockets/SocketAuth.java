package io.herald.sockets;

import io.herald.auth.Identity;
import io.herald.auth.TokenAuth;
import io.herald.auth.TokenRevokedException;
import io.vertx.core.Future;
import io.vertx.ext.auth.authentication.TokenCredentials;

/**
 * Verifies a socket's JWT with the same rules as the REST API and reports who it is and until when. The user's state
 * is checked too, by the same {@link io.herald.auth.ActiveUsers} as the REST API: a token of a user who was deleted,
 * disabled, or whose role changed since it was issued, is refused, so a revoked user cannot simply reconnect with it.
 * When that check cannot be made (database down, timeout), the failure is {@link Unavailable}: the token may be fine,
 * and the client is told to try again later rather than to drop it.
 */
final class SocketAuth {

  record Grant(Identity identity, long expiresAtMillis) {
  }

  /** The user's state could not be read; says nothing about the token. */
  static final class Unavailable extends RuntimeException {
    Unavailable(Throwable cause) {
      super("user check unavailable: " + cause.getMessage(), cause, false, false);
    }
  }

  private final TokenAuth tokens;

  SocketAuth(TokenAuth tokens) {
    this.tokens = tokens;
  }

  /** The token's signature, expiry and claims, then the user's row. */
  Future<Grant> verify(String token) {
    return verifyToken(token).compose(this::stillActive);
  }

  /** Only the token itself: completes at once, for a caller that cannot wait for the database (SockJS session start). */
  Future<Grant> verifyToken(String token) {
    if (token == null || token.isBlank()) {
      return Future.failedFuture("missing token");
    }
    return tokens.verify(new TokenCredentials(token)).compose(user -> {
      Identity identity = Identity.of(user);
      long exp = Identity.claims(user).getLong("exp");
      return identity == null ? Future.failedFuture("not a Herald token") : Future.succeededFuture(new Grant(identity, exp * 1000));
    });
  }

  /**
   * Fails with {@link TokenRevokedException} when the user is now deleted, disabled or no longer has the token's role,
   * and with {@link Unavailable} when that could not be checked.
   */
  Future<Grant> stillActive(Grant grant) {
    return tokens.users().check(grant.identity()).map(grant).recover(failure -> Future.failedFuture(
      failure instanceof TokenRevokedException ? failure : new Unavailable(failure)));
  }

  static boolean unavailable(Throwable failure) {
    return failure instanceof Unavailable;
  }
}
