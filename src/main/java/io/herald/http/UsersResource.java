package io.herald.http;

import io.herald.auth.Identity;
import io.herald.auth.PasswordWorkers;
import io.herald.auth.Role;
import io.herald.bus.Addresses;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;

import java.util.List;

/** User administration (admins only). */
final class UsersResource {

  private static final List<String> PROFILE_FIELDS = List.of("email", "locale", "time_zone");

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

  /** Role and disabled first, then the profile (an address set here counts as verified); the user as it is after both. */
  private void update(RoutingContext ctx) {
    Identity caller = Api.caller(ctx, Role.ADMIN);
    long id = Api.pathId(ctx, "id");
    JsonObject body = Api.body(ctx);
    JsonObject profile = new JsonObject();
    PROFILE_FIELDS.stream().filter(body::containsKey).forEach(field -> profile.put(field, body.remove(field)));
    String password = (String) body.remove("password");
    Future<JsonObject> account = password == null ? Future.succeededFuture(body)
      : passwords.hash(password).map(hash -> body.put("password_hash", hash));
    account.compose(change -> change.isEmpty() ? Future.succeededFuture()
        : api.request(Addresses.USERS_UPDATE, caller, change.put("id", id)))
      .compose(changed -> profile.isEmpty() ? Future.succeededFuture(changed) : changeProfile(api, caller, id, profile, true))
      .onSuccess(user -> Api.ok(ctx, user))
      .onFailure(failure -> Api.fail(ctx, failure));
  }

  /** Sets email, locale and time zone ({@code vouched}: an admin's address is verified at once); answers the user after it. */
  static Future<JsonObject> changeProfile(Api api, Identity caller, long userId, JsonObject profile, boolean vouched) {
    return api.request(Addresses.USERS_PROFILE_UPDATE, caller, profile.copy().put("id", userId).put("vouched", vouched))
      .compose(done -> api.request(Addresses.USERS_GET, caller, new JsonObject().put("id", userId)));
  }
}
