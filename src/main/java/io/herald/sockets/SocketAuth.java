package io.herald.sockets;

import io.herald.auth.Identity;
import io.herald.auth.TokenAuth;
import io.vertx.core.Future;
import io.vertx.ext.auth.authentication.TokenCredentials;

/** Verifies a socket's JWT with the same rules as the REST API and reports who it is and until when. */
final class SocketAuth {

  record Grant(Identity identity, long expiresAtMillis) {
  }

  private final TokenAuth tokens;

  SocketAuth(TokenAuth tokens) {
    this.tokens = tokens;
  }

  Future<Grant> verify(String token) {
    if (token == null || token.isBlank()) {
      return Future.failedFuture("missing token");
    }
    return tokens.authenticate(new TokenCredentials(token)).compose(user -> {
      Identity identity = Identity.of(user);
      long exp = Identity.claims(user).getLong("exp");
      return identity == null ? Future.failedFuture("not a Herald token") : Future.succeededFuture(new Grant(identity, exp * 1000));
    });
  }
}
