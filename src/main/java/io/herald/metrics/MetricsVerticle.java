package io.herald.metrics;

import io.herald.config.Setting;
import io.herald.config.Settings;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * A port of its own that serves only {@code GET /metrics}, without a token: for a Prometheus on an internal network.
 * It listens on loopback unless told otherwise; whoever can reach it can read the metrics.
 */
public final class MetricsVerticle extends VerticleBase {

  /** The settings this verticle reads from its config, under their own keys. */
  public static final List<Setting<?>> SETTINGS = List.of(Settings.METRICS_HOST, Settings.METRICS_PORT);
  private static final Logger LOG = LoggerFactory.getLogger(MetricsVerticle.class);

  private HttpServer server;

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    router.get(HeraldMetrics.PATH).handler(HeraldMetrics.scrapeHandler());
    String host = Settings.METRICS_HOST.from(config());
    return vertx.createHttpServer().requestHandler(router).listen(Settings.METRICS_PORT.from(config()), host)
      .onSuccess(listening -> {
        server = listening;
        LOG.info("Metrics on http://{}:{}{}", host, listening.actualPort(), HeraldMetrics.PATH);
      });
  }

  public int actualPort() {
    return server.actualPort();
  }
}
