package io.herald.sockets;

import io.herald.auth.TokenAuth;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.httpproxy.HttpProxy;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;

/**
 * The node's live connections, and its public HTTP port.
 *
 * <p>Vert.x balances <em>connections</em>, not paths, between servers that share a port, so one verticle must own the
 * port that browsers, REST clients and sockets share. It is this one, because sockets are the hot path: thousands of
 * long-lived connections and fan-out to all of them, with no extra hop. Every other request is relayed, unchanged
 * but for {@code X-Forwarded-For}, to the {@link io.herald.http.HttpApiVerticle} on its loopback port through
 * vertx-http-proxy. A load balancer that routes by path can instead send {@code /api} straight to the API port
 * (docs/sockets.md).
 *
 * <p>The server runs in Vert.x's strict thread mode: every socket of this verticle is only ever touched from its
 * event loop, which lets Vert.x drop a cross-thread write queue per connection (docs/sockets.md, memory).
 */
public final class SocketsVerticle extends VerticleBase {

  public static final String CONFIG_HOST = "host";
  public static final String CONFIG_PORT = "port";
  public static final String CONFIG_API_HOST = "api_host";
  public static final String CONFIG_API_PORT = "api_port";
  public static final String CONFIG_JWT_SECRET = "jwt_secret";
  public static final String CONFIG_REQUEST_TIMEOUT_MS = "request_timeout_ms";
  public static final String CONFIG_NODE_ID = "node_id";
  public static final String CONFIG_SOCKETS = "sockets";
  private static final long SHUTDOWN_GRACE_SECONDS = 2;

  private static final Logger LOG = LoggerFactory.getLogger(SocketsVerticle.class);

  private HttpServer server;
  private HttpClient apiClient;
  private Sockets sockets;

  @Override
  public Future<?> start() {
    JsonObject config = config();
    long requestTimeout = config.getLong(CONFIG_REQUEST_TIMEOUT_MS, 10_000L);
    // The token lifetime only matters for issuing; sockets only verify.
    TokenAuth tokens = new TokenAuth(vertx, config.getString(CONFIG_JWT_SECRET), 1);
    sockets = new Sockets(vertx, tokens, SocketSettings.from(config.getJsonObject(CONFIG_SOCKETS)), requestTimeout,
      config.getString(CONFIG_NODE_ID));
    Router router = Router.router(vertx);
    sockets.mount(router);
    HttpProxy api = apiProxy(config);
    router.route().handler(ctx -> api.handle(ctx.request()));
    return vertx.createHttpServer(new HttpServerOptions()
        .setHost(config.getString(CONFIG_HOST, "0.0.0.0"))
        .setStrictThreadMode(true)
        .setMaxWebSocketFrameSize(SocketSettings.MAX_WIRE_FRAME_BYTES)
        .setMaxWebSocketMessageSize(SocketSettings.MAX_WIRE_FRAME_BYTES))
      .requestHandler(router)
      .listen(config.getInteger(CONFIG_PORT, 8080))
      .onSuccess(listening -> {
        server = listening;
        LOG.info("Listening on port {} (sockets here, the rest relayed to the API on port {})", listening.actualPort(),
          config.getInteger(CONFIG_API_PORT));
      });
  }

  private HttpProxy apiProxy(JsonObject config) {
    apiClient = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setPipelining(false),
      new PoolOptions().setHttp1MaxSize(64));
    return HttpProxy.reverseProxy(apiClient)
      .origin(config.getInteger(CONFIG_API_PORT), config.getString(CONFIG_API_HOST, "127.0.0.1"))
      .addInterceptor(new ForwardedFor());
  }

  /** Sockets first (1001 to every client), then a graceful shutdown so their close frames are flushed. */
  @Override
  public Future<?> stop() {
    Future<Void> socketsClosed = sockets == null ? Future.succeededFuture() : sockets.close();
    return socketsClosed
      .compose(v -> server == null ? Future.succeededFuture() : server.shutdown(SHUTDOWN_GRACE_SECONDS, TimeUnit.SECONDS))
      .compose(v -> apiClient == null ? Future.succeededFuture() : apiClient.close());
  }

  /** The public port actually bound, useful when configured with port 0. */
  public int actualPort() {
    return server.actualPort();
  }

  /** The API sees the real client address; a client's own X-Forwarded-* headers are replaced, never trusted. */
  private static final class ForwardedFor implements ProxyInterceptor {
    @Override
    public Future<ProxyResponse> handleProxyRequest(ProxyContext context) {
      var incoming = context.request().proxiedRequest();
      var headers = context.request().headers();
      headers.set("X-Forwarded-For", incoming.remoteAddress().hostAddress());
      headers.set("X-Forwarded-Proto", incoming.scheme());
      headers.remove("Forwarded");
      return context.sendRequest();
    }
  }
}
