package io.herald.sockets;

import io.herald.auth.Identity;
import io.herald.auth.TokenAuth;
import io.vertx.core.Future;
import io.vertx.ext.auth.authentication.TokenCredentials;

/**
 * Verifies a socket's JWT with the same rules as the REST API and reports who it is and until when. The user's state
 * is checked too, by the same {@link io.herald.auth.ActiveUsers} as the REST API: a token of a user who was deleted,
 * disabled, or whose role changed since it was issued, is refused, so a revoked user cannot simply reconnect with it.
 */
final class SocketAuth {

  record Grant(Identity identity, long expiresAtMillis) {
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

  /** Fails when the user is now deleted, disabled or no longer has the token's role. */
  Future<Grant> stillActive(Grant grant) {
    return tokens.users().check(grant.identity()).map(grant);
  }
}
