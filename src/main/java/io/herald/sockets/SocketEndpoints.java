package io.herald.sockets;

import io.herald.auth.TokenAuth;
import io.herald.bus.Addresses;
import io.herald.bus.OnThisNode;
import io.herald.bus.UnchangedJson;
import io.herald.edge.ForwardedHeaders;
import io.herald.http.AccessLog;
import io.herald.http.Problems;
import io.herald.metrics.SocketMeters;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.LocalMap;
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
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Herald's real-time endpoints in one instance of the sockets verticle (see docs/sockets.md): raw WebSocket at
 * {@code /ws/notifications} and {@code /ws/dashboard}, the SockJS event-bus bridge at {@code /eventbus}, and the bus
 * consumers that feed them. The sockets an instance accepts live in it; what is per node (the caps, the resume
 * budgets, the users count) is in {@link SocketLimits}, shared by all instances. One instance of the node, its
 * <em>speaker</em>, answers for the whole node where one answer per node is wanted: the stats, and the dashboard
 * topics and the users' messages republished to the SockJS bridge (whose consumers are node-wide, not per instance),
 * and SockJS's HTTP transports. The users' messages reach every node, and every instance, on one address; each
 * instance writes them to its own raw sockets.
 */
public final class SocketEndpoints {

  public static final String NOTIFICATIONS_PATH = "/ws/notifications";
  public static final String DASHBOARD_PATH = "/ws/dashboard";
  public static final String BRIDGE_PATH = "/eventbus";
  /** The dashboard's own copy of sockjs-client (pinned by the frontend's lock file), named by the bridge's iframe page. */
  static final String SOCKJS_LIBRARY_URL = "/vendor/sockjs.min.js";
  /** How long the node's numbers wait for one instance's; an instance that does not answer counts as empty. */
  private static final long INSTANCE_STATS_TIMEOUT_MILLIS = 2_000;

  /** How often the speaker samples the node's numbers for the metrics' gauges. */
  private static final long METRICS_SAMPLE_MILLIS = 1_000;
  private static final Logger LOG = LoggerFactory.getLogger(SocketEndpoints.class);
  private static final List<String> COMPLAINT_EVENTS = List.of(Addresses.EVENT_COMPLAINT_CREATED,
    Addresses.EVENT_COMPLAINT_STATUS_CHANGED, Addresses.EVENT_COMPLAINT_ASSIGNED);
  private static final List<String> BRIDGE_REQUESTS = List.of(Addresses.BRIDGE_MARK_READ, Addresses.BRIDGE_MARK_ALL_READ,
    Addresses.BRIDGE_UNREAD_COUNT, Addresses.BRIDGE_RESUME);
  private static final String SPEAKER = "speaker";
  /** Where the speaker serves SockJS's HTTP transports for the other instances (a loopback port). */
  private static final String TRANSPORTS_PORT = "transports_port";
  /** The keys of the node's instances map that name no instance. */
  private static final Set<String> NODE_KEYS = Set.of(SPEAKER, TRANSPORTS_PORT);
  /** SockJS's transports whose sessions span several HTTP requests (Herald's own {@link Transport} names its two kinds of socket). */
  private static final List<String> HTTP_TRANSPORTS = Stream.of(io.vertx.ext.web.handler.sockjs.Transport.XHR,
    io.vertx.ext.web.handler.sockjs.Transport.EVENT_SOURCE, io.vertx.ext.web.handler.sockjs.Transport.HTML_FILE,
    io.vertx.ext.web.handler.sockjs.Transport.JSON_P).map(Enum::name).toList();

  private final Vertx vertx;
  private final SocketServices services;
  private final ConnectionRegistry registry;
  private final BridgeGuard bridge;
  private final ForwardedHeaders forwarded;
  private final String nodeId;
  private final String instanceId;
  private final LocalMap<String, String> instances;
  private final boolean speaker;
  private final List<MessageConsumer<?>> consumers = new ArrayList<>();
  private final DeliveryOptions localOnly = new DeliveryOptions().setLocalOnly(true);
  private final DeliveryOptions unchanged = UnchangedJson.localDelivery();
  private final DeliveryOptions instanceStats = OnThisNode.delivery(INSTANCE_STATS_TIMEOUT_MILLIS);
  private final SocketMeters meters;
  private long sweepTimer = -1;
  private long sampleTimer = -1;

  /**
   * {@code scope} is the same for every instance of one deployment (its id) and names the node-wide shared data;
   * {@code instanceId} is this instance's own.
   */
  SocketEndpoints(Vertx vertx, TokenAuth tokens, SocketSettings settings, long requestTimeoutMillis, String nodeId,
                  String scope, String instanceId, String relaySecret) {
    this.vertx = vertx;
    UnchangedJson.register(vertx.eventBus());
    this.nodeId = nodeId;
    this.instanceId = instanceId;
    SocketAuth auth = new SocketAuth(tokens);
    this.instances = vertx.sharedData().getLocalMap(scope + ".instances");
    this.instances.put(instanceId, instanceId);
    this.speaker = instances.putIfAbsent(SPEAKER, instanceId) == null;
    this.meters = new SocketMeters(speaker);
    SocketLimits limits = new SocketLimits(vertx.sharedData(), scope, settings);
    this.services = new SocketServices(settings, auth, limits, new Inbox(vertx.eventBus(), requestTimeoutMillis, meters), meters);
    this.registry = new ConnectionRegistry(services, instanceId + "-");
    this.forwarded = new ForwardedHeaders(relaySecret, settings.trustedProxies());
    this.bridge = new BridgeGuard(vertx, services, forwarded);
  }

  /**
   * Mounts the socket routes (before any body handler) and starts listening to the bus. A SockJS session over an HTTP
   * transport is several requests, which must all be handled on the event loop of the instance holding the session;
   * Vert.x hands each connection to any instance. So with other instances on the port, one instance serves those
   * transports ({@link #servesHttpTransports()}) and the others pass their requests to {@code httpTransports}, the
   * relay to it; WebSocket sessions stay where they are accepted (docs/sockets.md, "Instances").
   *
   * @param httpTransports null where this instance serves SockJS's HTTP transports itself
   */
  void mount(Router router, Handler<RoutingContext> httpTransports) {
    router.route(NOTIFICATIONS_PATH).handler(this::upgrade);
    router.route(DASHBOARD_PATH).handler(this::upgrade);
    router.route(BRIDGE_PATH + "/*").handler(new AccessLog()).handler(this::checkOrigin);
    if (httpTransports != null) {
      router.route(BRIDGE_PATH + "/*").handler(ctx -> {
        if (ctx.request().canUpgradeToWebSocket()) {
          ctx.next();
        } else {
          httpTransports.handle(ctx);
        }
      });
    }
    mountBridge(router, httpTransports == null);
    COMPLAINT_EVENTS.forEach(address -> consumers.add(vertx.eventBus().<JsonObject>consumer(address,
      message -> dashboard(DashboardEvent.from(address, message.body())))));
    consumers.add(vertx.eventBus().<JsonObject>consumer(Addresses.EVENT_USER_CHANGED, message -> {
      registry.userChanged(message.body());
      bridge.userChanged(message.body());
    }));
    consumers.add(vertx.eventBus().<JsonObject>consumer(Addresses.USER_MESSAGES, this::toUsers));
    if (speaker) {
      consumers.add(vertx.eventBus().<JsonObject>consumer(Addresses.SOCKETS_STATS, this::reportStats));
      consumers.add(vertx.eventBus().<JsonObject>consumer(Addresses.SOCKETS_PRESENCE, this::reportPresence));
      sampleTimer = vertx.setPeriodic(METRICS_SAMPLE_MILLIS, id -> stats().onSuccess(meters::sample));
    }
    consumers.add(vertx.eventBus().<JsonObject>localConsumer(Addresses.socketsInstanceStats(instanceId),
      request -> request.reply(instanceStats())));
    consumers.add(vertx.eventBus().<JsonObject>localConsumer(Addresses.SOCKETS_HEALTH, request -> stats().onSuccess(stats ->
      request.reply(new JsonObject().put("status", "UP").put("connections", stats.getInteger("connections"))))));
    BridgeRequests requests = new BridgeRequests(services.inbox());
    BRIDGE_REQUESTS.forEach(address -> consumers.add(vertx.eventBus().<JsonObject>localConsumer(address, requests::handle)));
    sweepTimer = vertx.setPeriodic(services.settings().pingIntervalMillis(), id -> sweep());
  }

  /**
   * The router of the loopback port where this instance serves SockJS's HTTP transports for the node's other
   * instances: it hears only their relay, which has checked the origin and logged the request on the public port.
   */
  Router relayedHttpTransports() {
    Router router = Router.router(vertx);
    router.route(BRIDGE_PATH + "/*").handler(ctx -> {
      if (forwarded.fromRelay(ctx.request().headers())) {
        ctx.next();
      } else {
        Problems.send(ctx, 403, "Only the node's own relay is served here");
      }
    });
    mountBridge(router, true);
    return router;
  }

  /** Whether this instance serves SockJS's HTTP transports for the node's other instances: the speaker does. */
  boolean servesHttpTransports() {
    return speaker;
  }

  /** Where the instance serving SockJS's HTTP transports listens for the others' relay. */
  void httpTransportsAt(int port) {
    instances.put(TRANSPORTS_PORT, String.valueOf(port));
  }

  /** The loopback port the node's HTTP transports are served on, or null until that instance listens. */
  Integer httpTransportsPort() {
    String port = instances.get(TRANSPORTS_PORT);
    return port == null ? null : Integer.valueOf(port);
  }

  /** The SockJS bridge on {@code router}, over its WebSocket transport alone or over every transport. */
  private void mountBridge(Router router, boolean httpTransports) {
    SockJSHandlerOptions sockJs = new SockJSHandlerOptions().setHeartbeatInterval(services.settings().pingIntervalMillis())
      .setRegisterWriteHandler(false).setLibraryURL(SOCKJS_LIBRARY_URL);
    if (!httpTransports) {
      HTTP_TRANSPORTS.forEach(sockJs::addDisabledTransport);
    }
    // SockJS's xhr_send and jsonp_send read their frames from a parsed body; without one they fail 500 and log an ERROR.
    router.post(BRIDGE_PATH + "/*").handler(BodyHandler.create(false).setBodyLimit(SocketSettings.MAX_WIRE_FRAME_BYTES));
    router.route(BRIDGE_PATH + "/*").subRouter(SockJSHandler.create(vertx, sockJs).bridge(bridgeOptions(), bridge));
  }

  /** Closes every socket with 1001 so clients reconnect elsewhere, and stops listening. */
  Future<Void> close() {
    vertx.cancelTimer(sweepTimer);
    vertx.cancelTimer(sampleTimer);
    meters.close();
    registry.closeAll();
    bridge.closeAll();
    instances.remove(instanceId);
    if (instances.removeIfPresent(SPEAKER, instanceId)) {
      instances.remove(TRANSPORTS_PORT);
    }
    if (instances.isEmpty()) {
      instances.close();
      services.limits().close();
    }
    return Future.all(consumers.stream().map(MessageConsumer::unregister).toList()).mapEmpty();
  }

  private void upgrade(RoutingContext ctx) {
    SocketSettings settings = services.settings();
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
        registry.open(socket, client, token, lastId);
      })
      .onFailure(failure -> LOG.debug("WebSocket upgrade of {} failed: {}", uri, failure.getMessage()));
  }

  /** Absent, or the id to resume from; a value that is no id fails the resume, as in the auth frame (-1 is refused). */
  private static Long lastId(String value) {
    return value == null ? null : Objects.requireNonNullElse(NotificationIds.digits(value), -1L);
  }

  private void checkOrigin(RoutingContext ctx) {
    if (services.settings().originAllowed(ctx.request().getHeader("Origin"), ctx.request().getHeader("Host"))) {
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

  /** Every instance writes to its own raw sockets; the speaker alone republishes to the bridge's node-wide topics. */
  private void dashboard(DashboardEvent event) {
    registry.dashboard(event);
    if (speaker) {
      event.bridgeTopics().forEach(topic -> vertx.eventBus().publish(topic, event.frame(), localOnly));
    }
  }

  /**
   * Messages for users, which reach every node and every instance of the sockets verticle, several in one bus
   * message: each instance writes them to its own raw sockets of those users, and the speaker alone republishes each to
   * its user's address on this node, where the user's SockJS sessions listen, when the user has one on the node (an
   * authenticated session is counted before it can listen there, so none is missed). One sender, one consumer per instance,
   * one loop in order: the user's messages keep their order. The envelopes are read, never changed, so they are not
   * copied.
   */
  private void toUsers(Message<JsonObject> message) {
    JsonArray messages = message.body().getJsonArray(Addresses.MESSAGES, new JsonArray());
    for (int i = 0; i < messages.size(); i++) {
      JsonObject toUser = messages.getJsonObject(i);
      long userId = toUser.getLong(Addresses.USER_ID);
      JsonObject envelope = toUser.getJsonObject(Addresses.ENVELOPE);
      registry.deliverToUser(userId, envelope);
      if (speaker && services.limits().onBridge(userId)) {
        vertx.eventBus().publish(Addresses.USER_NOTIFICATIONS_PREFIX + userId, envelope, unchanged);
      }
    }
  }

  private void sweep() {
    registry.sweep();
    bridge.sweep(System.currentTimeMillis());
    services.limits().sweep();
  }

  private void reportStats(Message<JsonObject> request) {
    String replyTo = request.body().getString("reply_to");
    if (replyTo != null && replyTo.startsWith(Addresses.SOCKETS_STATS_REPLY_PREFIX)) {
      stats().onSuccess(stats -> vertx.eventBus().send(replyTo, stats));
    }
  }

  /** Which of the asked users have a socket on this node (any instance, either transport). */
  private void reportPresence(Message<JsonObject> request) {
    String replyTo = request.body().getString("reply_to");
    JsonArray asked = request.body().getJsonArray("user_ids");
    if (replyTo == null || !replyTo.startsWith(Addresses.SOCKETS_PRESENCE_REPLY_PREFIX) || asked == null) {
      return;
    }
    JsonArray online = new JsonArray();
    asked.forEach(id -> {
      if (id instanceof Number userId && services.limits().online(userId.longValue())) {
        online.add(userId.longValue());
      }
    });
    vertx.eventBus().send(replyTo, new JsonObject().put("node", nodeId).put("online", online));
  }

  /** This instance's sockets of both transports: connections, by role and transport, and frames delivered. */
  private JsonObject instanceStats() {
    JsonObject raw = registry.stats();
    JsonObject sockjs = bridge.stats();
    JsonObject byRole = raw.getJsonObject("by_role").copy();
    sockjs.getJsonObject("by_role").forEach(e -> byRole.put(e.getKey(), byRole.getInteger(e.getKey(), 0) + (Integer) e.getValue()));
    return new JsonObject()
      .put("connections", raw.getInteger("connections") + sockjs.getInteger("connections"))
      .put("by_role", byRole)
      .put("by_transport", new JsonObject().put(Transport.WEBSOCKET.wire(), raw.getInteger("connections"))
        .put(Transport.SOCKJS.wire(), sockjs.getInteger("connections")))
      .put("delivered", raw.getLong("delivered"));
  }

  /**
   * This node's numbers, as one entry of {@code GET /api/v1/websocket/stats}: every instance's added up, and the users
   * counted once however many instances hold their sockets.
   */
  Future<JsonObject> stats() {
    List<Future<JsonObject>> answers = instances.keySet().stream().filter(key -> !NODE_KEYS.contains(key))
      .map(id -> vertx.eventBus().<JsonObject>request(Addresses.socketsInstanceStats(id), new JsonObject(), instanceStats)
        .map(reply -> reply.body()).otherwise(new JsonObject()))
      .toList();
    return Future.all(answers).map(all -> {
      JsonObject node = new JsonObject().put("node", nodeId).put("connections", 0).put("users", services.limits().users())
        .put("by_role", new JsonObject()).put("by_transport", new JsonObject()).put("delivered", 0L);
      answers.forEach(answer -> add(node, answer.result()));
      return node;
    });
  }

  private static void add(JsonObject node, JsonObject instance) {
    node.put("connections", node.getInteger("connections") + instance.getInteger("connections", 0));
    node.put("delivered", node.getLong("delivered") + instance.getLong("delivered", 0L));
    for (String group : List.of("by_role", "by_transport")) {
      JsonObject into = node.getJsonObject(group);
      instance.getJsonObject(group, new JsonObject()).forEach(e -> into.put(e.getKey(), into.getInteger(e.getKey(), 0) + (Integer) e.getValue()));
    }
  }
}
