package io.herald.edge;

import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;

/**
 * Browser hardening on every answer of the API server (dashboard files and API alike): a Content-Security-Policy
 * that allows scripts, styles and connections from Herald's own origin only (no inline script or style, no
 * framing of the dashboard by another site), no MIME sniffing, and no full URL in the Referer sent elsewhere.
 *
 * <p>The dashboard's file names do not change with their content, so no file may be cached as immutable: every
 * file says {@code no-cache}, and the browser revalidates with {@code If-Modified-Since} (a cheap 304). API answers,
 * which carry tokens and personal data, say {@code no-store}, as does any other answer whose handler said so (the
 * mail link pages).
 */
public final class BrowserHeaders implements Handler<RoutingContext> {

  public static final String CONTENT_SECURITY_POLICY = String.join("; ",
    "default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:", "connect-src 'self'",
    "frame-src 'self'", "object-src 'none'", "base-uri 'none'", "form-action 'self'", "frame-ancestors 'none'");

  @Override
  public void handle(RoutingContext ctx) {
    ctx.addHeadersEndHandler(v -> {
      MultiMap headers = ctx.response().headers();
      headers.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
      headers.set("X-Content-Type-Options", "nosniff");
      headers.set("Referrer-Policy", "strict-origin-when-cross-origin");
      headers.set("X-Frame-Options", "DENY");
      // a page that must not be stored (a mail link's page holds the link's token) keeps its no-store
      boolean store = !ctx.request().path().startsWith("/api/") && !"no-store".equals(headers.get("Cache-Control"));
      headers.set("Cache-Control", store ? "no-cache" : "no-store");
    });
    ctx.next();
  }
}
