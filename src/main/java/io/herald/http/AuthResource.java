package io.herald.http;

import io.herald.auth.Identity;
import io.herald.auth.PasswordWorkers;
import io.herald.auth.TokenAuth;
import io.herald.bus.Addresses;
import io.herald.bus.Failures;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;

/** Login and "who am I". */
final class AuthResource {

  private final Api api;
  private final TokenAuth tokens;
  private final PasswordWorkers passwords;
  private final RequestLimits limits;

  AuthResource(Api api, TokenAuth tokens, PasswordWorkers passwords, RequestLimits limits) {
    this.api = api;
    this.tokens = tokens;
    this.passwords = passwords;
    this.limits = limits;
  }

  void mount(RouterBuilder routes) {
    routes.getRoute("login").addHandler(PasswordLength::check).addHandler(this::login);
    routes.getRoute("me").addHandler(this::me);
    routes.getRoute("updateMe").addHandler(this::updateMe);
  }

  /** Counted and checked for a lock before bcrypt runs; a wrong password counts towards the username's lock. */
  private void login(RoutingContext ctx) {
    JsonObject body = Api.body(ctx);
    String username = body.getString("username");
    String password = body.getString("password");
    limits.loginAttempt(ctx, username)
      .compose(allowed -> credentials(username))
      .compose(user -> passwords.matches(password, user.getString("password_hash"))
        .map(matches -> matches && !user.getBoolean("disabled", true) ? user : null))
      .compose(user -> user == null
        ? limits.loginFailed(username).map((JsonObject) null)
        : limits.loginSucceeded(username).map(user))
      .onSuccess(user -> {
        if (user == null) {
          Problems.send(ctx, 401, "Unknown username or wrong password");
        } else {
          Api.ok(ctx, new JsonObject()
            .put("access_token", tokens.issue(user))
            .put("token_type", "Bearer")
            .put("expires_in", tokens.accessSeconds()));
        }
      })
      .onFailure(failure -> Api.fail(ctx, failure));
  }

  /** The user with that name, or an empty object (checked against a decoy hash, so that timing tells nothing). */
  private Future<JsonObject> credentials(String username) {
    return api.request(Addresses.USERS_CREDENTIALS, null, new JsonObject().put("username", username))
      .recover(failure -> Failures.httpStatus(failure) == Failures.NOT_FOUND
        ? Future.succeededFuture(new JsonObject()) : Future.failedFuture(failure));
  }

  /**
   * The caller's own address, language and time zone: a new address waits for its confirmation. Setting an address
   * counts against the caller's address changes and that address's (each may mail a confirmation link to any address).
   */
  private void updateMe(RoutingContext ctx) {
    Identity caller = Api.caller(ctx);
    JsonObject change = Api.body(ctx);
    String address = change.getString("email");
    Future<Void> allowed = address == null ? Future.succeededFuture() : limits.addressChange(caller, address);
    allowed.compose(ok -> UsersResource.changeProfile(api, caller, caller.userId(), change, false))
      .onSuccess(user -> Api.ok(ctx, user))
      .onFailure(failure -> Api.fail(ctx, failure));
  }

  private void me(RoutingContext ctx) {
    Identity caller = Api.caller(ctx);
    api.request(Addresses.USERS_GET, caller, new JsonObject().put("id", caller.userId()))
      .onSuccess(user -> Api.ok(ctx, user))
      .onFailure(failure -> Api.fail(ctx, failure));
  }
}
