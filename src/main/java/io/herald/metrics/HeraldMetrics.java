package io.herald.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.spi.observability.HttpRequest;
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
   * Vert.x's own labels that stay bounded: status code, route template, pool, event-bus side and failure. Never the
   * remote or local address, the raw path or the event-bus address (one per user). The method is labelled by
   * {@link #method(HttpRequest)} instead of as sent: any client may send any token as a method, and each would be new
   * series for good.
   */
  private static final EnumSet<Label> LABELS = EnumSet.of(Label.HTTP_CODE, Label.HTTP_ROUTE, Label.POOL_TYPE,
    Label.EB_SIDE, Label.EB_FAILURE, Label.CLIENT_NAME, Label.NAMESPACE);

  /** The method label's value for a method HTTP does not define. */
  static final String OTHER_METHOD = "OTHER";

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
      .setServerRequestTagsProvider(HeraldMetrics::method)
      .setClientRequestTagsProvider(HeraldMetrics::method)
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

  /** The request's method as the {@code method} label: one of HTTP's own methods, or {@link #OTHER_METHOD}. */
  private static Iterable<Tag> method(HttpRequest request) {
    HttpMethod method = request.method();
    return Tags.of(Label.HTTP_METHOD.toString(), HttpMethod.values().contains(method) ? method.name() : OTHER_METHOD);
  }

  public static MeterRegistry registry() {
    MeterRegistry registry = BackendRegistries.getDefaultNow();
    return registry != null ? registry : Metrics.globalRegistry;
  }
}
