package io.herald.metrics;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A port of its own that serves only {@code GET /metrics}, without a token: for a Prometheus on an internal network.
 * It listens on loopback unless told otherwise; whoever can reach it can read the metrics.
 */
public final class MetricsVerticle extends VerticleBase {

  public static final String CONFIG_HOST = "host";
  public static final String CONFIG_PORT = "port";
  private static final Logger LOG = LoggerFactory.getLogger(MetricsVerticle.class);

  private HttpServer server;

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    router.get(HeraldMetrics.PATH).handler(HeraldMetrics.scrapeHandler());
    String host = config().getString(CONFIG_HOST, "127.0.0.1");
    return vertx.createHttpServer().requestHandler(router).listen(config().getInteger(CONFIG_PORT, 0), host)
      .onSuccess(listening -> {
        server = listening;
        LOG.info("Metrics on http://{}:{}{}", host, listening.actualPort(), HeraldMetrics.PATH);
      });
  }

  public int actualPort() {
    return server.actualPort();
  }
}
