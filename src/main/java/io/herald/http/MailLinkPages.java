package io.herald.http;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import io.herald.auth.Identity;
import io.herald.auth.Role;
import io.herald.bus.Addresses;
import io.herald.bus.DomainException;
import io.herald.bus.Failures;
import io.herald.email.LinkTokens;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import java.io.StringWriter;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The pages behind the signed links in mails. A GET only shows a page with a button (mail scanners fetch links and
 * must change nothing); the button's POST does the one thing the link is for: mark one notification of one user read,
 * or confirm one address of one user. A link that is not genuine, expired or for another purpose gets an error page,
 * or {@code application/problem+json} when the client asks for JSON.
 */
final class MailLinkPages {

  private final Api api;
  private final LinkTokens tokens;
  private final String dashboardUrl;
  private final Mustache page = new DefaultMustacheFactory("pages").compile("link.html.mustache");

  MailLinkPages(Api api, String linkKey, String publicUrl) {
    this.api = api;
    this.tokens = new LinkTokens(linkKey);
    this.dashboardUrl = publicUrl.endsWith("/") ? publicUrl : publicUrl + "/";
  }

  void mount(Router router, BodyHandler body) {
    router.get(LinkTokens.READ_PATH).handler(ctx -> ask(ctx, LinkTokens.READ, "Mark as read?",
      "Press the button to mark this notification as read in Herald.", "Mark as read"));
    router.post(LinkTokens.READ_PATH).handler(body).handler(ctx -> act(ctx, LinkTokens.READ, this::markRead));
    router.get(LinkTokens.VERIFY_PATH).handler(ctx -> ask(ctx, LinkTokens.VERIFY, "Confirm your email address",
      "Press the button to receive Herald's notifications at this address.", "Confirm"));
    router.post(LinkTokens.VERIFY_PATH).handler(body).handler(ctx -> act(ctx, LinkTokens.VERIFY, this::confirm));
  }

  private void ask(RoutingContext ctx, String purpose, String heading, String text, String action) {
    String token = ctx.request().getParam("token");
    try {
      tokens.open(token, purpose, Instant.now());
    } catch (DomainException refused) {
      refuse(ctx, refused.code(), refused.getMessage());
      return;
    }
    Map<String, Object> scope = scope(heading, text);
    scope.put("action", action);
    scope.put("path", ctx.request().path());
    scope.put("token", token);
    html(ctx, 200, scope);
  }

  private void act(RoutingContext ctx, String purpose, Function<JsonObject, Future<String>> operation) {
    String token = ctx.request().getFormAttribute("token");
    JsonObject claims;
    try {
      claims = tokens.open(token != null ? token : ctx.request().getParam("token"), purpose, Instant.now());
    } catch (DomainException refused) {
      refuse(ctx, refused.code(), refused.getMessage());
      return;
    }
    operation.apply(claims)
      .onSuccess(done -> html(ctx, 200, scope("Done", done)))
      .onFailure(failure -> refuse(ctx, failure instanceof DomainException refused ? refused.code() : Failures.httpStatus(failure),
        failure.getMessage()));
  }

  /** Marks the link's notification read as its user, through the same path as the API (so every channel sees it). */
  private Future<String> markRead(JsonObject claims) {
    return api.request(Addresses.USERS_GET, null, new JsonObject().put("id", claims.getLong("u"))).compose(user -> {
      if (user.getBoolean("disabled", true)) {
        return Future.failedFuture(new DomainException(Failures.FORBIDDEN, "This account is disabled."));
      }
      Identity owner = new Identity(user.getLong("id"), user.getString("username"),
        Role.fromWire(user.getString("role")).orElseThrow());
      return api.request(Addresses.NOTIFICATIONS_MARK_READ, owner, new JsonObject().put("id", claims.getLong("n")));
    }).map(done -> "The notification is marked as read.");
  }

  private Future<String> confirm(JsonObject claims) {
    return api.request(Addresses.USERS_EMAIL_CONFIRM, null,
        new JsonObject().put("user_id", claims.getLong("u")).put("email", claims.getString("e")))
      .map(done -> "Your email address " + claims.getString("e") + " is confirmed.");
  }

  private void refuse(RoutingContext ctx, int status, String detail) {
    int code = status == Failures.INTERNAL || status == Failures.UNAVAILABLE ? Failures.UNAVAILABLE : status;
    String text = code == Failures.UNAVAILABLE ? "Herald cannot do this right now; please try the link again later." : detail;
    String accept = ctx.request().getHeader("Accept");
    if (accept != null && accept.contains("json") && !accept.contains("text/html")) {
      Problems.send(ctx, code, text);
    } else {
      html(ctx, code, scope("This link cannot be used", text));
    }
  }

  private Map<String, Object> scope(String heading, String text) {
    Map<String, Object> scope = new HashMap<>();
    scope.put("heading", heading);
    scope.put("text", text);
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
