package io.herald.http;

import io.herald.auth.Identity;
import io.herald.auth.Role;
import io.herald.bus.Addresses;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;

/** Telegram alert settings and the outbox view (admins only). */
final class TelegramResource {

  private final Api api;

  TelegramResource(Api api) {
    this.api = api;
  }

  void mount(RouterBuilder routes) {
    routes.getRoute("getNotificationConfig").addHandler(this::config);
    routes.getRoute("updateNotificationConfig").addHandler(this::updateConfig);
    routes.getRoute("listTelegramOutbox").addHandler(this::outbox);
  }

  private void config(RoutingContext ctx) {
    Identity caller = Api.caller(ctx, Role.ADMIN);
    api.request(Addresses.TELEGRAM_CONFIG_GET, caller, new JsonObject())
      .onSuccess(settings -> Api.ok(ctx, settings))
      .onFailure(failure -> Api.fail(ctx, failure));
  }

  private void updateConfig(RoutingContext ctx) {
    Identity caller = Api.caller(ctx, Role.ADMIN);
    api.request(Addresses.TELEGRAM_CONFIG_PUT, caller, new JsonObject().put("settings", Api.body(ctx)))
      .onSuccess(settings -> Api.ok(ctx, settings))
      .onFailure(failure -> Api.fail(ctx, failure));
  }

  private void outbox(RoutingContext ctx) {
    Identity caller = Api.caller(ctx, Role.ADMIN);
    api.request(Addresses.TELEGRAM_OUTBOX_LIST, caller, Api.query(ctx))
      .onSuccess(items -> Api.ok(ctx, items))
      .onFailure(failure -> Api.fail(ctx, failure));
  }
}
