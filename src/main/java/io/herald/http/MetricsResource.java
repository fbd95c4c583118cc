package io.herald.http;

import io.herald.auth.Role;
import io.herald.metrics.HeraldMetrics;
import io.herald.metrics.MetricsSummary;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * {@code GET /metrics} on the API: for the configured metrics token (a scraper's long-lived bearer token) or, failing
 * that, an admin's access token, checked by the JWT handler that follows {@link #withMetricsToken}. And the same
 * numbers as JSON for the dashboard's System page.
 */
final class MetricsResource {

  private static final String BEARER = "Bearer ";

  private final byte[] metricsToken;
  private final Handler<RoutingContext> scrape = HeraldMetrics.scrapeHandler();

  MetricsResource(String metricsToken) {
    this.metricsToken = metricsToken == null || metricsToken.isEmpty() ? null : metricsToken.getBytes(StandardCharsets.UTF_8);
  }

  /** Answers at once for the metrics token; anything else goes on to the JWT check. */
  void withMetricsToken(RoutingContext ctx) {
    String authorization = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
    if (metricsToken != null && authorization != null && authorization.startsWith(BEARER)
      && MessageDigest.isEqual(metricsToken, authorization.substring(BEARER.length()).getBytes(StandardCharsets.UTF_8))) {
      scrape.handle(ctx);
    } else {
      ctx.next();
    }
  }

  void forAdmin(RoutingContext ctx) {
    Api.caller(ctx, Role.ADMIN);
    scrape.handle(ctx);
  }

  /** {@code GET /metrics/summary}: this node's numbers as JSON, for the dashboard's System page (admins only). */
  void summary(RoutingContext ctx) {
    Api.caller(ctx, Role.ADMIN);
    Api.ok(ctx, MetricsSummary.of(HeraldMetrics.registry()));
  }
}
