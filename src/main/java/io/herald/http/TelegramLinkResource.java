package io.herald.http;

import io.herald.auth.Identity;
import io.herald.bus.Addresses;
import io.herald.bus.Failures;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;

/** The caller's own Telegram chat: whether one is linked, a one-time link code with the bot's deep link, and unlinking. */
final class TelegramLinkResource {

  private final Api api;
  private final Settings settings;

  /** {@code botUsername} may be null (no deep link then); {@code enabled} is whether this server has a bot at all. */
  record Settings(boolean enabled, String botUsername, long codeTtlMs) {
  }

  TelegramLinkResource(Api api, Settings settings) {
    this.api = api;
    this.settings = settings;
  }

  void mount(RouterBuilder routes) {
    routes.getRoute("getTelegramLink").addHandler(this::state);
    routes.getRoute("createTelegramLink").addHandler(this::create);
    routes.getRoute("deleteTelegramLink").addHandler(this::delete);
  }

  /** {@code available}: this server has a bot; {@code linked}/{@code linked_at}: the caller's chat, if any. */
  private void state(RoutingContext ctx) {
    Identity caller = Api.caller(ctx);
    api.request(Addresses.TELEGRAM_LINKS_GET, caller, new JsonObject().put("user_id", caller.userId()))
      .map(link -> link.getString("linked_at"))
      .recover(failure -> Failures.httpStatus(failure) == Failures.NOT_FOUND
        ? Future.succeededFuture(null) : Future.failedFuture(failure))
      .onSuccess(linkedAt -> Api.ok(ctx, new JsonObject().put("available", settings.enabled())
        .put("linked", linkedAt != null).put("linked_at", linkedAt)))
      .onFailure(failure -> Api.fail(ctx, failure));
  }

  private void create(RoutingContext ctx) {
    Identity caller = Api.caller(ctx);
    if (!settings.enabled()) {
      Problems.send(ctx, 409, "This server has no Telegram bot configured");
      return;
    }
    api.request(Addresses.TELEGRAM_LINK_CODES_CREATE, caller, new JsonObject().put("ttl_ms", settings.codeTtlMs()))
      .onSuccess(code -> Api.created(ctx, code.put("deep_link", settings.botUsername() == null ? null
        : "https://t.me/" + settings.botUsername() + "?start=" + code.getString("code"))))
      .onFailure(failure -> Api.fail(ctx, failure));
  }

  private void delete(RoutingContext ctx) {
    Identity caller = Api.caller(ctx);
    api.request(Addresses.TELEGRAM_LINKS_REMOVE, caller, new JsonObject().put("user_id", caller.userId()))
      .onSuccess(done -> ctx.response().setStatusCode(204).end())
      .onFailure(failure -> Api.fail(ctx, failure));
  }
}
