package io.herald.http;

import io.herald.auth.PasswordWorkers;
import io.herald.auth.Passwords;
import io.herald.auth.TokenAuth;
import io.herald.bus.Addresses;
import io.herald.complaint.OverdueThresholds;
import io.herald.config.Setting;
import io.herald.config.Settings;
import io.herald.edge.BrowserHeaders;
import io.herald.edge.ConnectionGuard;
import io.herald.edge.EdgeSettings;
import io.herald.edge.ForwardedHeaders;
import io.herald.edge.InvalidRequests;
import io.herald.metrics.HeraldMetrics;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.web.AllowForwardHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.JWTAuthHandler;
import io.vertx.ext.web.handler.StaticHandler;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;
import io.vertx.ext.web.openapi.router.RequestExtractor;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The REST API under {@code /api/v1}, routed and validated from {@code openapi.yaml}, plus health and the dashboard
 * files. It listens on a loopback port of its own; the public port belongs to {@link io.herald.sockets.SocketsVerticle},
 * which relays everything but the socket paths here with the client's address in {@code X-Forwarded-For}.
 */
public class HttpApiVerticle extends VerticleBase {

  /** The settings this verticle reads from its config, under their own keys (besides those of the values below). */
  public static final List<Setting<?>> SETTINGS = Stream.of(List.<Setting<?>>of(Settings.API_HOST, Settings.JWT_ACCESS_MINUTES,
      Settings.BCRYPT_COST, Settings.REQUEST_TIMEOUT_MS, Settings.WEBROOT, Settings.TELEGRAM_WEBHOOK_SECRET,
      Settings.OVERDUE_AFTER, Settings.PUBLIC_URL, Settings.METRICS_TOKEN, Settings.TELEGRAM_BOT_USERNAME,
      Settings.TELEGRAM_LINK_CODE_MINUTES), EdgeSettings.SETTINGS, LimitSettings.SETTINGS)
    .flatMap(List::stream).distinct().toList();
  /** The port to listen on: the setting's, or a negative one that all instances share (see Vert.x's HttpServer). */
  public static final String CONFIG_PORT = "port";
  /** The resolved signing secret (configured, or generated into the data folder). */
  public static final String CONFIG_JWT_SECRET = "jwt_secret";
  /** The secret the public port's relay proves itself with. */
  public static final String CONFIG_RELAY_SECRET = "relay_secret";
  /** Whether this node is one of a cluster. */
  public static final String CONFIG_CLUSTERED = "clustered";
  /** How many instances of this verticle the node runs: they share the node's password-check queue. */
  public static final String CONFIG_INSTANCES = "instances";
  /** The key of the signed links in mails (see io.herald.email.LinkTokens). */
  public static final String CONFIG_MAIL_LINK_KEY = "mail_link_key";
  /** Whether Telegram is on (a bot token is configured), for personal links (see TelegramLinkResource). */
  public static final String CONFIG_TELEGRAM_ENABLED = "telegram_enabled";
  /** herald-client's files: other sites' pages load the ES module from here, which a browser fetches with CORS. */
  private static final String CLIENT_LIBRARY_PATH = "/client/";
  public static final int BODY_LIMIT_BYTES = 64 * 1024;
  private static final long SHUTDOWN_GRACE_SECONDS = 2;
  private static final long READINESS_ANSWER_MILLIS = 1_500;
  private static final long READINESS_GIVE_UP_MILLIS = 3_000;

  private static final Logger LOG = LoggerFactory.getLogger(HttpApiVerticle.class);

  private HttpServer server;

  @Override
  public Future<?> start() {
    JsonObject config = config();
    TokenAuth tokens = new TokenAuth(vertx, config.getString(CONFIG_JWT_SECRET), Settings.JWT_ACCESS_MINUTES.from(config));
    LimitSettings limitSettings = LimitSettings.from(config);
    PasswordWorkers passwords = new PasswordWorkers(vertx, new Passwords(Settings.BCRYPT_COST.from(config)),
      limitSettings.bcryptThreads(), limitSettings.bcryptQueue(), config.getInteger(CONFIG_INSTANCES, 1));
    Api api = new Api(vertx.eventBus(), Settings.REQUEST_TIMEOUT_MS.from(config));
    EdgeSettings edge = EdgeSettings.from(config);
    ConnectionGuard guard = ConnectionGuard.deadlinesOnly(vertx, edge);
    RequestLimits limits = new RequestLimits(api, limitSettings);
    return Contract.load(vertx)
      .compose(contract -> {
        RouterBuilder routes = RouterBuilder.create(vertx, contract.openApi(), RequestExtractor.withBodyHandler());
        InlineValidation validation = new InlineValidation(new ContractSchemas(contract.openApi().getSchemaRepository()));
        routes.rootHandler(RequestShape.bodiesOf(RequestShape.JSON));
        routes.rootHandler(BodyHandler.create(false).setBodyLimit(BODY_LIMIT_BYTES));
        routes.rootHandler(new AllowedMethods(contract.openApi()));
        routes.rootHandler(QueryEncoding::encodeForValidation);
        routes.getRoutes().forEach(route -> {
          validation.apply(route);
          route.addHandler(RequestShape::unicodeBody);
        });
        routes.security("bearerAuth").httpHandler(JWTAuthHandler.create(tokens));
        new AuthResource(api, tokens, passwords, limits).mount(routes);
        new UsersResource(api, passwords).mount(routes);
        new ComplaintsResource(api, limits, OverdueThresholds.parse(Settings.OVERDUE_AFTER.from(config))).mount(routes);
        new NotificationsResource(api, limits).mount(routes);
        WebSocketResource webSockets = new WebSocketResource(vertx, api);
        webSockets.mount(routes);
        new TelegramResource(api).mount(routes);
        new TelegramLinkResource(api, telegramLinks(config)).mount(routes);
        Router router = Router.router(vertx).allowForward(AllowForwardHeaders.X_FORWARD);
        router.route().handler(guard::requestStarted);
        router.route().handler(new ForwardedHeaders(config.getString(CONFIG_RELAY_SECRET), edge.trustedProxies()));
        router.route().handler(new AccessLog(true));
        router.route().handler(new BrowserHeaders());
        router.route().handler(InvalidRequests::wellFormedQuery);
        router.get("/health").handler(liveness());
        router.get("/health/ready").handler(readiness(api, config.getBoolean(CONFIG_CLUSTERED, false)));
        TelegramWebhook webhook = new TelegramWebhook(vertx.eventBus(), Settings.TELEGRAM_WEBHOOK_SECRET.from(config),
          Settings.REQUEST_TIMEOUT_MS.from(config));
        router.post(TelegramWebhook.PATH).handler(RequestShape.bodiesOf(RequestShape.JSON))
          .handler(BodyHandler.create(false).setBodyLimit(BODY_LIMIT_BYTES)).handler(webhook::handle);
        new MailLinkPages(api, config.getString(CONFIG_MAIL_LINK_KEY), Settings.PUBLIC_URL.from(config))
          .mount(router, RequestShape.bodiesOf(RequestShape.FORM), BodyHandler.create(false).setBodyLimit(BODY_LIMIT_BYTES));
        MetricsResource metrics = new MetricsResource(Settings.METRICS_TOKEN.from(config));
        router.get(HeraldMetrics.PATH).handler(metrics::withMetricsToken);
        router.get(HeraldMetrics.PATH).handler(JWTAuthHandler.create(tokens)).handler(metrics::forAdmin);
        router.get(HeraldMetrics.SUMMARY_PATH).handler(JWTAuthHandler.create(tokens)).handler(metrics::summary);
        router.get("/" + Contract.FILE).handler(ctx -> ctx.response()
          .putHeader("Content-Type", "application/yaml").end(contract.document()));
        router.route("/api/v1/*").subRouter(apiRouter(routes));
        router.get(WebSocketResource.SEED_STATS_PATH).handler(JWTAuthHandler.create(tokens)).handler(webSockets::seedStats);
        router.get(CLIENT_LIBRARY_PATH + "*").handler(HttpApiVerticle::anyOrigin);
        router.get("/*").handler(StaticHandler.create(Settings.WEBROOT.from(config)));
        router.errorHandler(404, ctx -> Problems.send(ctx, 404, "No such resource"));
        router.errorHandler(405, ctx -> Problems.send(ctx, 405, "Method not allowed on this resource"));
        router.route().failureHandler(Problems::handleFailure);
        return vertx.createHttpServer(new HttpServerOptions().setHost(host(config))
            .setHttp2ClearTextEnabled(false)
            .setIdleTimeout((int) edge.idleTimeoutMillis())
            .setIdleTimeoutUnit(TimeUnit.MILLISECONDS))
          .connectionHandler(guard::connected)
          .requestHandler(router)
          .listen(config.getInteger(CONFIG_PORT, 0));
      })
      .onSuccess(listening -> {
        server = listening;
        LOG.info("HTTP API listening on {}:{}", host(config), listening.actualPort());
      });
  }

  /** Requests in flight get {@link #SHUTDOWN_GRACE_SECONDS} to finish. */
  @Override
  public Future<?> stop() {
    return server == null ? Future.succeededFuture() : server.shutdown(SHUTDOWN_GRACE_SECONDS, TimeUnit.SECONDS);
  }

  /** Loopback by default: only the public port's relay talks to this server. */
  private static String host(JsonObject config) {
    return Settings.API_HOST.from(config);
  }

  private Router apiRouter(RouterBuilder routes) {
    Router api = routes.createRouter();
    api.route().failureHandler(Problems::handleFailure);
    return api;
  }

  private HealthCheckHandler liveness() {
    return HealthCheckHandler.create(vertx).register("process", promise -> promise.complete(Status.OK()));
  }

  /** Ready: the database answers and, when clustered, the node has joined a cluster that is safe (docs/deployment.md). */
  private HealthCheckHandler readiness(Api api, boolean clustered) {
    HealthCheckHandler handler = HealthCheckHandler.create(vertx)
      .register("database", READINESS_GIVE_UP_MILLIS, promise -> probe(api, Addresses.HEALTH_PING, promise));
    return clustered
      ? handler.register("cluster", READINESS_GIVE_UP_MILLIS, promise -> probe(api, Addresses.CLUSTER_HEALTH, promise))
      : handler;
  }

  /** Not ready is always 503: each check answers KO itself well before the health-check timeout would make it a 500. */
  private static void probe(Api api, String address, Promise<Status> promise) {
    api.request(address, null, new JsonObject()).timeout(READINESS_ANSWER_MILLIS, TimeUnit.MILLISECONDS)
      .onSuccess(answer -> promise.complete(Status.OK(answer)))
      .onFailure(failure -> promise.complete(Status.KO(new JsonObject().put("reason", failure.getMessage()))));
  }

  /** The port actually bound, useful when configured with port 0. */
  public int actualPort() {
    return server.actualPort();
  }

  /** The client library is public code without credentials: any origin may load it. */
  private static void anyOrigin(RoutingContext ctx) {
    ctx.response().putHeader("Access-Control-Allow-Origin", "*");
    ctx.next();
  }

  private static TelegramLinkResource.Settings telegramLinks(JsonObject config) {
    return new TelegramLinkResource.Settings(config.getBoolean(CONFIG_TELEGRAM_ENABLED, false),
      Settings.TELEGRAM_BOT_USERNAME.from(config), Settings.TELEGRAM_LINK_CODE_MINUTES.from(config) * 60_000L);
  }
}
