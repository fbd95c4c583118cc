package io.herald.auth;

import io.herald.bus.Addresses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.authentication.Credentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;

/**
 * Herald's access tokens: HS256 JWTs that always carry {@code exp}, a numeric subject and a known role.
 * vertx-auth-jwt alone accepts a signed token without {@code exp}; this wrapper refuses it. {@link #authenticate}
 * (what the REST API's {@code JWTAuthHandler} calls) also refuses a token whose user was deleted, disabled or given
 * another role since it was issued ({@link ActiveUsers}).
 */
public final class TokenAuth implements JWTAuth {

  public static final String ALGORITHM = "HS256";
  public static final String CLAIM_ROLE = "role";
  public static final String CLAIM_USERNAME = "username";

  /** Bounds the user lookup behind {@link #authenticate}; a slow database answers 503, not a refused token. */
  public static final long USER_CHECK_TIMEOUT_MILLIS = 5_000;

  private final JWTAuth delegate;
  private final int accessMinutes;
  private final ActiveUsers users;

  /**
   * Made on the context that will authenticate (a verticle's, in its start): the consumer of user changes registered
   * here runs there, which is what lets {@link ActiveUsers} order a change before the requests read after it.
   */
  public TokenAuth(Vertx vertx, String secret, int accessMinutes) {
    if (secret == null || secret.isEmpty()) {
      throw new IllegalArgumentException("A JWT secret is required");
    }
    this.delegate = JWTAuth.create(vertx, new JWTAuthOptions()
      .addPubSecKey(new PubSecKeyOptions().setAlgorithm(ALGORITHM).setBuffer(secret))
      .setJWTOptions(new JWTOptions().setAlgorithm(ALGORITHM).setLeeway(5)));
    this.accessMinutes = accessMinutes;
    this.users = new ActiveUsers(vertx, USER_CHECK_TIMEOUT_MILLIS);
    vertx.eventBus().<JsonObject>consumer(Addresses.EVENT_USER_CHANGED, change -> users.changed(change.body()));
  }

  public ActiveUsers users() {
    return users;
  }

  public int accessSeconds() {
    return accessMinutes * 60;
  }

  /** Issues an access token for a user row ({@code id}, {@code username}, {@code role}). */
  public String issue(JsonObject user) {
    JsonObject claims = new JsonObject()
      .put("sub", String.valueOf(user.getLong("id")))
      .put(CLAIM_USERNAME, user.getString("username"))
      .put(CLAIM_ROLE, user.getString("role"));
    return delegate.generateToken(claims, new JWTOptions().setAlgorithm(ALGORITHM).setExpiresInMinutes(accessMinutes));
  }

  @Override
  public String generateToken(JsonObject claims, JWTOptions options) {
    return delegate.generateToken(claims, options);
  }

  @Override
  public String generateToken(JsonObject claims) {
    return delegate.generateToken(claims);
  }

  /** Signature, expiry and claims, then the user's current state. */
  @Override
  public Future<User> authenticate(Credentials credentials) {
    return verify(credentials).compose(user -> users.check(Identity.of(user)).map(user));
  }

  /** Only the token itself (signature, expiry, claims): no I/O, completes at once. */
  public Future<User> verify(Credentials credentials) {
    return verifiedByLibrary(credentials).compose(user -> {
      if (!(Identity.claims(user).getValue("exp") instanceof Number)) {
        return Future.failedFuture("token without expiry");
      }
      if (Identity.of(user) == null) {
        return Future.failedFuture("token without a valid subject or role");
      }
      return Future.succeededFuture(user);
    });
  }

  /**
   * vertx-auth-jwt throws, rather than failing the future, on a signed token whose time claims are not numbers (an
   * {@code exp} string); such a token is refused like any other bad token.
   */
  private Future<User> verifiedByLibrary(Credentials credentials) {
    try {
      return delegate.authenticate(credentials);
    } catch (ClassCastException malformedClaims) {
      return Future.failedFuture("malformed claims");
    }
  }
}
