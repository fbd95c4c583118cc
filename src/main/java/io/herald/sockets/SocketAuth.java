package io.herald.sockets;

import io.herald.auth.Identity;
import io.herald.auth.TokenAuth;
import io.herald.bus.Addresses;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.authentication.TokenCredentials;

/**
 * Verifies a socket's JWT with the same rules as the REST API and reports who it is and until when. The user's row
 * is read too (one primary-key lookup per authentication): a token of a user who was disabled, or whose role changed
 * since it was issued, is refused, so a revoked user cannot simply reconnect with the same token.
 */
final class SocketAuth {

  record Grant(Identity identity, long expiresAtMillis) {
  }

  private final TokenAuth tokens;
  private final EventBus bus;
  private final DeliveryOptions delivery;

  SocketAuth(TokenAuth tokens, EventBus bus, long requestTimeoutMillis) {
    this.tokens = tokens;
    this.bus = bus;
    this.delivery = new DeliveryOptions().setSendTimeout(requestTimeoutMillis);
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
    return tokens.authenticate(new TokenCredentials(token)).compose(user -> {
      Identity identity = Identity.of(user);
      long exp = Identity.claims(user).getLong("exp");
      return identity == null ? Future.failedFuture("not a Herald token") : Future.succeededFuture(new Grant(identity, exp * 1000));
    });
  }

  /** Fails when the user is now disabled or no longer has the token's role. */
  Future<Grant> stillActive(Grant grant) {
    Identity identity = grant.identity();
    return bus.<JsonObject>request(Addresses.USERS_GET, new JsonObject().put("id", identity.userId()), delivery)
      .compose(reply -> SocketHub.revocationReason(identity, reply.body()) == null
        ? Future.succeededFuture(grant)
        : Future.failedFuture("user disabled or role changed"));
  }
}
