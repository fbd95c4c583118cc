package io.herald.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.PrometheusScrapingHandler;
import io.vertx.micrometer.VertxPrometheusOptions;
import io.vertx.micrometer.backends.BackendRegistries;

import java.util.EnumSet;

/**
 * Where Herald's meters live: the Prometheus registry that vertx-micrometer-metrics keeps for the Vert.x instance
 * (started with {@link #options()}). Without metrics in Vert.x, meters go to Micrometer's empty global registry, which
 * records nothing.
 */
public final class HeraldMetrics {

  /**
   * Vert.x's own labels that stay bounded: method, status code, route template, pool, event-bus side and failure.
   * Never the remote or local address, the raw path or the event-bus address (one per user).
   */
  private static final EnumSet<Label> LABELS = EnumSet.of(Label.HTTP_METHOD, Label.HTTP_CODE, Label.HTTP_ROUTE,
    Label.POOL_TYPE, Label.EB_SIDE, Label.EB_FAILURE, Label.CLIENT_NAME, Label.NAMESPACE);

  public static final String PATH = "/metrics";
  public static final String SUMMARY_PATH = "/metrics/summary";

  private HeraldMetrics() {
  }

  /** The metrics options Herald starts Vert.x with. */
  public static MicrometerMetricsOptions options() {
    return new MicrometerMetricsOptions()
      .setEnabled(true)
      .setJvmMetricsEnabled(true)
      .setLabels(LABELS)
      .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true));
  }

  /** Prometheus's text format of this node's registry; 404 when Vert.x runs without metrics. */
  public static Handler<RoutingContext> scrapeHandler() {
    MeterRegistry registry = registry();
    if (registry instanceof PrometheusMeterRegistry prometheus) {
      return PrometheusScrapingHandler.create(prometheus);
    }
    return ctx -> ctx.response().setStatusCode(404).putHeader("Content-Type", "text/plain").end("metrics are off\n");
  }

  public static MeterRegistry registry() {
    MeterRegistry registry = BackendRegistries.getDefaultNow();
    return registry != null ? registry : Metrics.globalRegistry;
  }
}
