package io.herald.http;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import io.herald.auth.Identity;
import io.herald.auth.Role;
import io.herald.bus.Addresses;
import io.herald.bus.DomainException;
import io.herald.bus.Failures;
import io.herald.email.LinkTokens;
import io.herald.texts.Texts;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.LanguageHeader;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import java.io.StringWriter;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The pages behind the signed links in mails. A GET only shows a page with a button (mail scanners fetch links and
 * must change nothing); the button's POST does the one thing the link is for: mark one notification of one user read,
 * or confirm one address of one user. A link that is not genuine, expired or for another purpose gets an error page,
 * or {@code application/problem+json} when the client asks for JSON. Pages speak the language of the link's user;
 * a link that names nobody (altered, expired) gets the browser's language ({@code Accept-Language}) when Herald has it.
 */
final class MailLinkPages {

  private static final String PAGE = "page.";
  /** The refusals with words of their own ({@code page.refused.<status>}); any other says {@code page.refused.other}. */
  private static final Set<Integer> REFUSALS = Set.of(400, 403, 404, 409, 410, 503);

  private final Api api;
  private final LinkTokens tokens;
  private final String dashboardUrl;
  private final Mustache page = new DefaultMustacheFactory("pages").compile("link.html.mustache");
  private final Texts texts = Texts.plain();

  MailLinkPages(Api api, String linkKey, String publicUrl) {
    this.api = api;
    this.tokens = new LinkTokens(linkKey);
    this.dashboardUrl = publicUrl.endsWith("/") ? publicUrl : publicUrl + "/";
  }

  /** {@code form} refuses bodies that are not the pages' form, before {@code body} reads one. */
  void mount(Router router, Handler<RoutingContext> form, BodyHandler body) {
    router.get(LinkTokens.READ_PATH).handler(ctx -> ask(ctx, LinkTokens.READ));
    router.post(LinkTokens.READ_PATH).handler(form).handler(body).handler(ctx -> act(ctx, LinkTokens.READ, this::markRead));
    router.get(LinkTokens.VERIFY_PATH).handler(ctx -> ask(ctx, LinkTokens.VERIFY));
    router.post(LinkTokens.VERIFY_PATH).handler(form).handler(body).handler(ctx -> act(ctx, LinkTokens.VERIFY, this::confirm));
  }

  /** What a link operation does, as the link's user; answers the words (a text key and its parameters) to show. */
  private interface Operation {
    Future<Words> apply(JsonObject user, JsonObject claims);
  }

  private record Words(String key, Map<String, ?> params) {
  }

  private void ask(RoutingContext ctx, String purpose) {
    String token = ctx.request().getParam("token");
    JsonObject claims = open(ctx, token, purpose);
    if (claims == null) {
      return;
    }
    Future<JsonObject> owner = owner(claims);
    owner.onComplete(found -> {
      String locale = locale(ctx, owner);
      Map<String, Object> scope = scope(locale, word(locale, purpose + ".heading"), word(locale, purpose + ".text"));
      scope.put("action", word(locale, purpose + ".action"));
      scope.put("path", ctx.request().path());
      scope.put("token", token);
      html(ctx, 200, scope);
    });
  }

  /** The form's one token (two make the request ambiguous, and it is refused as a bad link is); else the link's. */
  private void act(RoutingContext ctx, String purpose, Operation operation) {
    List<String> given = ctx.request().formAttributes().getAll("token");
    String token = given.isEmpty() ? ctx.request().getParam("token") : given.size() == 1 ? given.get(0) : null;
    JsonObject claims = open(ctx, token, purpose);
    if (claims == null) {
      return;
    }
    Future<JsonObject> owner = owner(claims);
    owner.compose(user -> operation.apply(user, claims))
      .onSuccess(done -> {
        String locale = locale(ctx, owner);
        html(ctx, 200, scope(locale, word(locale, "done"), texts.render(locale, PAGE + done.key(), done.params())));
      })
      .onFailure(failure -> refuse(ctx, locale(ctx, owner),
        failure instanceof DomainException refused ? refused.code() : Failures.httpStatus(failure), failure.getMessage()));
  }

  /** The link's user's language, or the browser's when the user could not be read. */
  private static String locale(RoutingContext ctx, Future<JsonObject> owner) {
    return owner.succeeded() ? owner.result().getString("locale") : browserLocale(ctx);
  }

  /** The link's claims, or null when the link is refused (the refusal page is sent). */
  private JsonObject open(RoutingContext ctx, String token, String purpose) {
    try {
      return tokens.open(token, purpose, Instant.now());
    } catch (DomainException refused) {
      refuse(ctx, browserLocale(ctx), refused.code(), refused.getMessage());
      return null;
    }
  }

  private Future<JsonObject> owner(JsonObject claims) {
    return api.request(Addresses.USERS_GET, null, new JsonObject().put("id", claims.getLong("u")));
  }

  /** Marks the link's notification read as its user, through the same path as the API (so every channel sees it). */
  private Future<Words> markRead(JsonObject user, JsonObject claims) {
    if (user.getBoolean("disabled", true)) {
      return Future.failedFuture(new DomainException(Failures.FORBIDDEN, "This account is disabled."));
    }
    Identity owner = new Identity(user.getLong("id"), user.getString("username"), Role.fromWire(user.getString("role")).orElseThrow());
    return api.request(Addresses.NOTIFICATIONS_MARK_READ, owner, new JsonObject().put("id", claims.getLong("n")))
      .map(done -> new Words(LinkTokens.READ + ".done", Map.of()));
  }

  private Future<Words> confirm(JsonObject user, JsonObject claims) {
    return api.request(Addresses.USERS_EMAIL_CONFIRM, null,
        new JsonObject().put("user_id", claims.getLong("u")).put("email", claims.getString("e")))
      .map(done -> new Words(LinkTokens.VERIFY + ".done", Map.of("email", claims.getString("e"))));
  }

  /** As a page in {@code locale} (the reason told by status), or as a problem document with {@code detail}. */
  private void refuse(RoutingContext ctx, String locale, int status, String detail) {
    int code = status == Failures.INTERNAL || status == Failures.UNAVAILABLE ? Failures.UNAVAILABLE : status;
    String accept = ctx.request().getHeader("Accept");
    if (accept != null && accept.contains("json") && !accept.contains("text/html")) {
      Problems.send(ctx, code, code == Failures.UNAVAILABLE ? word(Texts.ENGLISH, "refused.503") : detail);
    } else {
      html(ctx, code, scope(locale, word(locale, "refused"), word(locale, REFUSALS.contains(code) ? "refused." + code : "refused.other")));
    }
  }

  private String word(String locale, String key) {
    return texts.word(locale, PAGE + key);
  }

  /** The first language of the browser's Accept-Language that Herald has, or English. */
  private static String browserLocale(RoutingContext ctx) {
    return ctx.acceptableLanguages().stream().map(LanguageHeader::tag).filter(Texts::isSupported).findFirst().orElse(Texts.ENGLISH);
  }

  private Map<String, Object> scope(String locale, String heading, String text) {
    String language = Texts.orEnglish(locale);
    Map<String, Object> scope = new HashMap<>();
    scope.put("lang", language);
    scope.put("heading", heading);
    scope.put("text", text);
    scope.put("open", word(language, "open"));
    scope.put("dashboard_url", dashboardUrl);
    return scope;
  }

  private void html(RoutingContext ctx, int status, Map<String, Object> scope) {
    StringWriter out = new StringWriter();
    page.execute(out, scope);
    ctx.response().setStatusCode(status).putHeader("Content-Type", "text/html; charset=utf-8")
      .putHeader("Cache-Control", "no-store").end(out.toString());
  }
}
