package io.herald.sockets;

import io.herald.auth.Identity;
import io.herald.auth.TokenAuth;
import io.herald.bus.Addresses;
import io.herald.http.AccessLog;
import io.herald.metrics.SocketMeters;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.bridge.PermittedOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.sockjs.SockJSBridgeOptions;
import io.vertx.ext.web.handler.sockjs.SockJSHandler;
import io.vertx.ext.web.handler.sockjs.SockJSHandlerOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Herald's real-time endpoints, owned by the deployment that owns the node's HTTP server (see docs/sockets.md):
 * raw WebSocket at {@code /ws/notifications} and {@code /ws/dashboard}, the SockJS event-bus bridge at
 * {@code /eventbus}, and the bus consumers that feed them. All state lives in this instance.
 */
public final class Sockets {

  public static final String NOTIFICATIONS_PATH = "/ws/notifications";
  public static final String DASHBOARD_PATH = "/ws/dashboard";
  public static final String BRIDGE_PATH = "/eventbus";
  /** The dashboard's own copy of sockjs-client (pinned by the frontend's lock file), named by the bridge's iframe page. */
  static final String SOCKJS_LIBRARY_URL = "/vendor/sockjs.min.js";

  private static final long METRICS_SAMPLE_MILLIS = 1_000;
  private static final Logger LOG = LoggerFactory.getLogger(Sockets.class);
  private static final List<String> COMPLAINT_EVENTS = List.of(Addresses.EVENT_COMPLAINT_CREATED,
    Addresses.EVENT_COMPLAINT_STATUS_CHANGED, Addresses.EVENT_COMPLAINT_ASSIGNED);
  private static final List<String> BRIDGE_REQUESTS = List.of(Addresses.BRIDGE_MARK_READ, Addresses.BRIDGE_MARK_ALL_READ,
    Addresses.BRIDGE_UNREAD_COUNT, Addresses.BRIDGE_RESUME);

  private final Vertx vertx;
  private final SocketSettings settings;
  private final SocketLimits limits;
  private final SocketHub hub;
  private final BridgeGuard bridge;
  private final String nodeId;
  private final List<MessageConsumer<?>> consumers = new ArrayList<>();
  private final DeliveryOptions localOnly = new DeliveryOptions().setLocalOnly(true);
  private final SocketMeters meters = new SocketMeters();
  private long sweepTimer = -1;
  private long sampleTimer = -1;

  Sockets(Vertx vertx, TokenAuth tokens, SocketSettings settings, long requestTimeoutMillis, String nodeId) {
    this.vertx = vertx;
    this.nodeId = nodeId;
    this.settings = settings;
    SocketAuth auth = new SocketAuth(tokens);
    this.limits = new SocketLimits(settings);
    this.hub = new SocketHub(vertx, settings, auth, limits, requestTimeoutMillis, meters);
    this.bridge = new BridgeGuard(vertx, auth, settings, limits, meters);
  }

  /** Mounts the socket routes (before any body handler) and starts listening to the bus. */
  void mount(Router router) {
    router.route(NOTIFICATIONS_PATH).handler(this::upgrade);
    router.route(DASHBOARD_PATH).handler(this::upgrade);
    router.route(BRIDGE_PATH + "/*").handler(new AccessLog()).handler(this::checkOrigin);
    // SockJS's xhr_send and jsonp_send read their frames from a parsed body; without one they fail 500 and log an ERROR.
    router.post(BRIDGE_PATH + "/*").handler(BodyHandler.create(false).setBodyLimit(SocketSettings.MAX_WIRE_FRAME_BYTES));
    router.route(BRIDGE_PATH + "/*").subRouter(SockJSHandler.create(vertx, new SockJSHandlerOptions()
        .setHeartbeatInterval(settings.pingIntervalMillis()).setRegisterWriteHandler(false)
        .setLibraryURL(SOCKJS_LIBRARY_URL))
      .bridge(bridgeOptions(), bridge));
    COMPLAINT_EVENTS.forEach(address -> consumers.add(vertx.eventBus().<JsonObject>consumer(address,
      message -> dashboard(DashboardEvent.from(address, message.body())))));
    consumers.add(vertx.eventBus().<JsonObject>consumer(Addresses.EVENT_USER_CHANGED, message -> {
      hub.userChanged(message.body());
      bridge.userChanged(message.body());
    }));
    consumers.add(vertx.eventBus().<JsonObject>consumer(Addresses.SOCKETS_STATS, this::reportStats));
    consumers.add(vertx.eventBus().<JsonObject>localConsumer(Addresses.SOCKETS_HEALTH, request ->
      request.reply(new JsonObject().put("status", "UP").put("connections", stats().getInteger("connections")))));
    BridgeRequests requests = new BridgeRequests(hub);
    BRIDGE_REQUESTS.forEach(address -> consumers.add(vertx.eventBus().<JsonObject>localConsumer(address, requests::handle)));
    sweepTimer = vertx.setPeriodic(settings.pingIntervalMillis(), id -> sweep());
    sampleTimer = vertx.setPeriodic(METRICS_SAMPLE_MILLIS, id -> meters.sample(stats()));
  }

  /** Closes every socket with 1001 so clients reconnect elsewhere, and stops listening. */
  Future<Void> close() {
    vertx.cancelTimer(sweepTimer);
    vertx.cancelTimer(sampleTimer);
    meters.close();
    hub.closeAll();
    bridge.closeAll();
    return Future.all(consumers.stream().map(MessageConsumer::unregister).toList()).mapEmpty();
  }

  private void upgrade(RoutingContext ctx) {
    if (!settings.originAllowed(ctx.request().getHeader("Origin"), ctx.request().getHeader("Host"))) {
      ctx.response().setStatusCode(403).end();
      return;
    }
    HttpServerRequest request = ctx.request();
    String token = request.getParam("token");
    Long lastId = lastId(request.getParam("last_id"));
    String uri = AccessLog.redact(request.uri());
    String client = settings.trustedProxies().client(request.remoteAddress(), request.getHeader("X-Forwarded-For"));
    // The routing context is not captured past this point: an upgraded socket keeps nothing of the router.
    request.toWebSocket()
      .onSuccess(socket -> {
        AccessLog.upgraded(uri);
        hub.open(socket, client, token, lastId);
      })
      .onFailure(failure -> LOG.debug("WebSocket upgrade of {} failed: {}", uri, failure.getMessage()));
  }

  private static Long lastId(String value) {
    try {
      return value == null ? null : Math.max(0, Long.parseLong(value));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private void checkOrigin(RoutingContext ctx) {
    if (settings.originAllowed(ctx.request().getHeader("Origin"), ctx.request().getHeader("Host"))) {
      ctx.next();
    } else {
      ctx.response().setStatusCode(403).end();
    }
  }

  private SockJSBridgeOptions bridgeOptions() {
    SockJSBridgeOptions options = new SockJSBridgeOptions().setReplyTimeout(BridgeRequests.BRIDGE_REPLY_TIMEOUT_MILLIS)
      .addOutboundPermitted(new PermittedOptions().setAddressRegex("notifications\\.user\\.[0-9]+"))
      .addOutboundPermitted(new PermittedOptions().setAddressRegex("dashboard\\..+"));
    BRIDGE_REQUESTS.forEach(address -> options.addInboundPermitted(new PermittedOptions().setAddress(address)));
    return options;
  }

  private void dashboard(DashboardEvent event) {
    hub.dashboard(event);
    event.bridgeTopics().forEach(topic -> vertx.eventBus().publish(topic, event.frame(), localOnly));
  }

  private void sweep() {
    hub.sweep();
    bridge.sweep(System.currentTimeMillis());
    limits.sweep();
  }

  private void reportStats(Message<JsonObject> request) {
    String replyTo = request.body().getString("reply_to");
    if (replyTo != null && replyTo.startsWith(Addresses.SOCKETS_STATS_REPLY_PREFIX)) {
      vertx.eventBus().send(replyTo, stats());
    }
  }

  /** This node's numbers, as one entry of {@code GET /api/v1/websocket/stats}. */
  JsonObject stats() {
    JsonObject raw = hub.stats();
    JsonObject sockjs = bridge.stats();
    Set<Long> users = new HashSet<>(hub.userIds());
    users.addAll(bridge.userIds());
    JsonObject byRole = raw.getJsonObject("by_role").copy();
    sockjs.getJsonObject("by_role").forEach(e -> byRole.put(e.getKey(), byRole.getInteger(e.getKey(), 0) + (Integer) e.getValue()));
    return new JsonObject().put("node", nodeId)
      .put("connections", raw.getInteger("connections") + sockjs.getInteger("connections"))
      .put("users", users.size())
      .put("by_role", byRole)
      .put("by_transport", new JsonObject().put(Transport.WEBSOCKET.wire(), raw.getInteger("connections"))
        .put(Transport.SOCKJS.wire(), sockjs.getInteger("connections")))
      .put("delivered", raw.getLong("delivered"));
  }
}
