package io.herald.sockets;

import io.herald.auth.TokenAuth;
import io.herald.config.Setting;
import io.herald.config.Settings;
import io.herald.edge.ConnectionGuard;
import io.herald.edge.EdgeSettings;
import io.herald.edge.InvalidRequests;
import io.herald.edge.Relay;
import io.herald.http.HttpApiVerticle;
import io.herald.http.Problems;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The node's live connections, and its public HTTP port.
 *
 * <p>Vert.x balances <em>connections</em>, not paths, between servers that share a port, so one verticle must own the
 * port that browsers, REST clients and sockets share. It is this one, because sockets are the hot path: thousands of
 * long-lived connections and fan-out to all of them, with no extra hop. Every other request is relayed by
 * {@link Relay} to the {@link io.herald.http.HttpApiVerticle} on its loopback port. {@link ConnectionGuard} puts
 * deadlines and a per-address cap on the port's connections (docs/security.md, "The public port"). HTTP/2 over
 * cleartext is off: browsers never use it, and each of its connections multiplexes streams that the HTTP/1.1 limits
 * here do not see. A load balancer that routes by path can instead send {@code /api} straight to the API port
 * (docs/sockets.md).
 *
 * <p>The verticle runs as several instances ({@code HERALD_SOCKETS_INSTANCES}, one per processor by default): they
 * share the port, Vert.x hands each new connection to one of them, and each instance keeps its own sockets on its own
 * event loop; what must hold per node is shared through {@link SocketEndpoints}. A SockJS session over one of its HTTP
 * transports is several requests on several connections, so one instance serves those transports, on a loopback port
 * of its own besides the public one, and the others relay them to it (docs/sockets.md, "Instances"). A port of 0
 * would give every instance a random port of its own, so a random port shared by the instances is asked for with a
 * negative number (Vert.x's convention: servers listening on the same negative port share one random port).
 *
 * <p>The server runs in Vert.x's strict thread mode: every connection is only ever touched from the event loop of the
 * instance that accepted it, which lets Vert.x drop a cross-thread write queue per connection (docs/sockets.md, memory).
 */
public final class SocketsVerticle extends VerticleBase {

  /** The settings this verticle reads from its config, under their own keys (besides those of the values below). */
  public static final List<Setting<?>> SETTINGS = Stream.of(List.<Setting<?>>of(Settings.HTTP_HOST, Settings.REQUEST_TIMEOUT_MS),
    SocketSettings.SETTINGS, EdgeSettings.SETTINGS).flatMap(List::stream).distinct().toList();
  /** The port to listen on: the setting's, or a negative one that all instances share (see Vert.x's HttpServer). */
  public static final String CONFIG_PORT = "port";
  /** Where the API verticle listens, for the relay. */
  public static final String CONFIG_API_HOST = "api_host";
  public static final String CONFIG_API_PORT = "api_port";
  /** The resolved signing secret (configured, or generated into the data folder). */
  public static final String CONFIG_JWT_SECRET = "jwt_secret";
  public static final String CONFIG_NODE_ID = "node_id";
  /** The secret the relay proves itself to the API with. */
  public static final String CONFIG_RELAY_SECRET = "relay_secret";
  private static final long SHUTDOWN_GRACE_SECONDS = 2;
  private static final String LOOPBACK = "127.0.0.1";

  private static final Logger LOG = LoggerFactory.getLogger(SocketsVerticle.class);

  private HttpServer server;
  private HttpServer transportsServer;
  private Relay relay;
  private Relay transportsRelay;
  private SocketEndpoints sockets;
  private EdgeSettings edge;
  private SocketSettings settings;

  @Override
  public Future<?> start() {
    JsonObject config = config();
    long requestTimeout = Settings.REQUEST_TIMEOUT_MS.from(config);
    // The token lifetime only matters for issuing; sockets only verify.
    TokenAuth tokens = new TokenAuth(vertx, config.getString(CONFIG_JWT_SECRET), 1);
    settings = SocketSettings.from(config);
    sockets = new SocketEndpoints(vertx, tokens, settings, requestTimeout,
      config.getString(CONFIG_NODE_ID), context.deploymentID(), UUID.randomUUID().toString(),
      config.getString(CONFIG_RELAY_SECRET));
    edge = EdgeSettings.from(config);
    ConnectionGuard guard = ConnectionGuard.publicPort(vertx, edge, context.deploymentID());
    relay = Relay.toApi(vertx, config.getString(CONFIG_API_HOST), config.getInteger(CONFIG_API_PORT),
      config.getString(CONFIG_RELAY_SECRET), edge, HttpApiVerticle.BODY_LIMIT_BYTES);
    Router router = Router.router(vertx);
    router.route().handler(guard::requestStarted);
    router.route().handler(InvalidRequests::wellFormedQuery);
    boolean several = context.getInstanceCount() > 1;
    boolean servesOthers = several && sockets.servesHttpTransports();
    sockets.mount(router, several && !servesOthers ? this::relayHttpTransport : null);
    router.route().handler(relay::handle);
    // a SockJS message body over the limit: the body handler fails the request with 413, answered here, not logged
    router.errorHandler(413, ctx -> Problems.send(ctx, 413, "The request body is larger than allowed"));
    Future<?> transports = servesOthers ? serveRelayedHttpTransports() : Future.succeededFuture();
    return transports.compose(ready -> vertx.createHttpServer(new HttpServerOptions()
        .setHost(Settings.HTTP_HOST.from(config))
        .setStrictThreadMode(true)
        .setHttp2ClearTextEnabled(false)
        .setIdleTimeout((int) edge.idleTimeoutMillis())
        .setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
        .setMaxWebSocketFrameSize(SocketSettings.MAX_WIRE_FRAME_BYTES)
        .setMaxWebSocketMessageSize(SocketSettings.MAX_WIRE_FRAME_BYTES))
      .connectionHandler(guard::connected)
      .invalidRequestHandler(InvalidRequests::answer)
      .requestHandler(router)
      .listen(config.getInteger(CONFIG_PORT))
      .onSuccess(listening -> {
        server = listening;
        LOG.info("Listening on port {} (sockets here, the rest relayed to the API on port {})", listening.actualPort(),
          config.getInteger(CONFIG_API_PORT));
      }));
  }

  /** SockJS's HTTP transports for the node's other instances, on a loopback port that only their relay is heard on. */
  private Future<HttpServer> serveRelayedHttpTransports() {
    return vertx.createHttpServer(new HttpServerOptions()
        .setHost(LOOPBACK)
        .setStrictThreadMode(true)
        .setHttp2ClearTextEnabled(false)
        .setIdleTimeout((int) edge.idleTimeoutMillis())
        .setIdleTimeoutUnit(TimeUnit.MILLISECONDS))
      .requestHandler(sockets.relayedHttpTransports())
      .listen(0)
      .onSuccess(listening -> {
        transportsServer = listening;
        sockets.httpTransportsAt(listening.actualPort());
        LOG.debug("Serving SockJS's HTTP transports for the other sockets instances on port {}", listening.actualPort());
      });
  }

  /** A request of a SockJS HTTP transport, passed to the instance that serves them (503 while it is not listening yet). */
  private void relayHttpTransport(RoutingContext ctx) {
    if (transportsRelay == null) {
      Integer port = sockets.httpTransportsPort();
      if (port == null) {
        ctx.response().putHeader(HttpHeaders.RETRY_AFTER, "1");
        Problems.send(ctx, 503, "The server is starting; try again shortly");
        return;
      }
      transportsRelay = Relay.toSockJsTransports(vertx, LOOPBACK, port, config().getString(CONFIG_RELAY_SECRET), edge,
        SocketSettings.MAX_WIRE_FRAME_BYTES, settings.pingIntervalMillis());
    }
    transportsRelay.handle(ctx);
  }

  /** Sockets first (1001 to every client), then a graceful shutdown so their close frames are flushed. */
  @Override
  public Future<?> stop() {
    Future<Void> socketsClosed = sockets == null ? Future.succeededFuture() : sockets.close();
    return socketsClosed
      .compose(v -> server == null ? Future.succeededFuture() : server.shutdown(SHUTDOWN_GRACE_SECONDS, TimeUnit.SECONDS))
      .compose(v -> transportsServer == null ? Future.succeededFuture() : transportsServer.close())
      .compose(v -> relay == null ? Future.succeededFuture() : relay.close())
      .compose(v -> transportsRelay == null ? Future.succeededFuture() : transportsRelay.close());
  }

  /** The public port actually bound, useful when configured with port 0. */
  public int actualPort() {
    return server.actualPort();
  }
}
