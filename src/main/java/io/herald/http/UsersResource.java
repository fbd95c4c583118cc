package io.herald.http;

import io.herald.auth.Identity;
import io.herald.auth.PasswordWorkers;
import io.herald.auth.Role;
import io.herald.bus.Addresses;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;

/** User administration (admins only). */
final class UsersResource {

  private final Api api;
  private final PasswordWorkers passwords;

  UsersResource(Api api, PasswordWorkers passwords) {
    this.api = api;
    this.passwords = passwords;
  }

  void mount(RouterBuilder routes) {
    routes.getRoute("createUser").addHandler(PasswordLength::check).addHandler(this::create);
    routes.getRoute("listUsers").addHandler(this::list);
    routes.getRoute("updateUser").addHandler(PasswordLength::check).addHandler(this::update);
  }

  private void create(RoutingContext ctx) {
    Identity caller = Api.caller(ctx, Role.ADMIN);
    JsonObject body = Api.body(ctx);
    String password = (String) body.remove("password");
    passwords.hash(password)
      .compose(hash -> api.request(Addresses.USERS_CREATE, caller, body.put("password_hash", hash)))
      .onSuccess(user -> Api.created(ctx, user))
      .onFailure(failure -> Api.fail(ctx, failure));
  }

  private void list(RoutingContext ctx) {
    Identity caller = Api.caller(ctx, Role.ADMIN);
    api.request(Addresses.USERS_LIST, caller, Api.query(ctx))
      .onSuccess(users -> Api.ok(ctx, users))
      .onFailure(failure -> Api.fail(ctx, failure));
  }

  private void update(RoutingContext ctx) {
    Identity caller = Api.caller(ctx, Role.ADMIN);
    JsonObject body = Api.body(ctx).put("id", Api.pathId(ctx, "id"));
    String password = (String) body.remove("password");
    Future<JsonObject> change = password == null ? Future.succeededFuture(body)
      : passwords.hash(password).map(hash -> body.put("password_hash", hash));
    change.compose(request -> api.request(Addresses.USERS_UPDATE, caller, request))
      .onSuccess(user -> Api.ok(ctx, user))
      .onFailure(failure -> Api.fail(ctx, failure));
  }
}
