package io.herald.http;

import io.herald.auth.Identity;
import io.herald.auth.Passwords;
import io.herald.auth.TokenAuth;
import io.herald.bus.Addresses;
import io.herald.bus.Failures;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;

/** Login and "who am I". */
final class AuthResource {

  private final Vertx vertx;
  private final Api api;
  private final TokenAuth tokens;
  private final Passwords passwords;

  AuthResource(Vertx vertx, Api api, TokenAuth tokens, Passwords passwords) {
    this.vertx = vertx;
    this.api = api;
    this.tokens = tokens;
    this.passwords = passwords;
  }

  void mount(RouterBuilder routes) {
    routes.getRoute("login").addHandler(this::login);
    routes.getRoute("me").addHandler(this::me);
  }

  private void login(RoutingContext ctx) {
    JsonObject body = Api.body(ctx);
    String password = body.getString("password");
    api.request(Addresses.USERS_CREDENTIALS, null, new JsonObject().put("username", body.getString("username")))
      .recover(failure -> Failures.httpStatus(failure) == Failures.NOT_FOUND
        ? Future.succeededFuture(new JsonObject()) : Future.failedFuture(failure))
      .compose(user -> vertx.executeBlocking(() -> passwords.matches(password, user.getString("password_hash")))
        .map(matches -> matches && !user.getBoolean("disabled", true) ? user : null))
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

  private void me(RoutingContext ctx) {
    Identity caller = Api.caller(ctx);
    api.request(Addresses.USERS_GET, caller, new JsonObject().put("id", caller.userId()))
      .onSuccess(user -> Api.ok(ctx, user))
      .onFailure(failure -> Api.fail(ctx, failure));
  }
}
