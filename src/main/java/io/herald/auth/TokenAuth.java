package io.herald.auth;

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
 * vertx-auth-jwt alone accepts a signed token without {@code exp}; this wrapper refuses it.
 */
public final class TokenAuth implements JWTAuth {

  public static final String ALGORITHM = "HS256";
  public static final String CLAIM_ROLE = "role";
  public static final String CLAIM_USERNAME = "username";

  private final JWTAuth delegate;
  private final int accessMinutes;

  public TokenAuth(Vertx vertx, String secret, int accessMinutes) {
    if (secret == null || secret.isEmpty()) {
      throw new IllegalArgumentException("A JWT secret is required");
    }
    this.delegate = JWTAuth.create(vertx, new JWTAuthOptions()
      .addPubSecKey(new PubSecKeyOptions().setAlgorithm(ALGORITHM).setBuffer(secret))
      .setJWTOptions(new JWTOptions().setAlgorithm(ALGORITHM).setLeeway(5)));
    this.accessMinutes = accessMinutes;
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

  @Override
  public Future<User> authenticate(Credentials credentials) {
    return delegate.authenticate(credentials).compose(user -> {
      if (!(Identity.claims(user).getValue("exp") instanceof Number)) {
        return Future.failedFuture("token without expiry");
      }
      if (Identity.of(user) == null) {
        return Future.failedFuture("token without a valid subject or role");
      }
      return Future.succeededFuture(user);
    });
  }
}
