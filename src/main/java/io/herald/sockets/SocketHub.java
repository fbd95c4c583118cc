package io.herald.sockets;

import io.herald.auth.ActiveUsers;
import io.herald.bus.Addresses;
import io.herald.bus.OnThisNode;
import io.herald.metrics.SocketMeters;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The raw WebSocket connections of one deployment: who is connected, one bus consumer per connected user
 * on {@code notifications.user.<id>}, dashboard fan-out, and the periodic keepalive sweep.
 */
final class SocketHub {

  private final Vertx vertx;
  private final SocketSettings settings;
  private final SocketAuth auth;
  private final SocketLimits limits;
  private final Replay replay;
  private final DeliveryOptions delivery;
  private final SocketMeters meters;
  private final ClientFrames frames = new ClientFrames(this);
  private final Set<RawConnection> connections = new HashSet<>();
  private final Map<Long, Set<RawConnection>> byUser = new HashMap<>();
  private final Map<Long, MessageConsumer<JsonObject>> userConsumers = new HashMap<>();
  private long delivered;
  private long nextId;

  SocketHub(Vertx vertx, SocketSettings settings, SocketAuth auth, SocketLimits limits, long requestTimeoutMillis,
            SocketMeters meters) {
    this.vertx = vertx;
    this.settings = settings;
    this.auth = auth;
    this.limits = limits;
    this.meters = meters;
    this.replay = new Replay(vertx.eventBus(), requestTimeoutMillis, meters);
    this.delivery = OnThisNode.delivery(requestTimeoutMillis);
  }

  SocketAuth auth() {
    return auth;
  }

  SocketSettings settings() {
    return settings;
  }

  SocketLimits limits() {
    return limits;
  }

  ClientFrames frames() {
    return frames;
  }

  Replay replay() {
    return replay;
  }

  Future<JsonObject> request(String address, JsonObject body) {
    return vertx.eventBus().<JsonObject>request(address, body, delivery).map(reply -> reply.body());
  }

  /** A new socket from a client address; over the address's cap it is told so and closed before anything else. */
  void open(ServerWebSocket socket, String address, String token, Long resumeFrom) {
    RawConnection connection = new RawConnection(this, socket, Long.toString(++nextId, 36), address, settings);
    if (!limits.admitAddress(address)) {
      connection.tooMany("Too many open sockets from this address");
      return;
    }
    connections.add(connection);
    meters.connected(SocketMeters.WEBSOCKET);
    connection.start(token, resumeFrom);
  }

  /** Completes once the user's bus subscription is in place everywhere, so a replay started after it misses nothing. */
  Future<Void> authenticated(RawConnection connection) {
    long userId = connection.identity().userId();
    byUser.computeIfAbsent(userId, id -> new HashSet<>()).add(connection);
    return userConsumers.computeIfAbsent(userId, id -> vertx.eventBus().<JsonObject>consumer(Addresses.userNotifications(id),
      message -> deliverToUser(id, message.body()))).completion();
  }

  void forget(RawConnection connection) {
    if (!connections.remove(connection)) {
      return;
    }
    meters.disconnected(SocketMeters.WEBSOCKET, connection.closeCode());
    limits.releaseAddress(connection.address());
    if (!connection.authenticated()) {
      return;
    }
    long userId = connection.identity().userId();
    limits.releaseUser(userId);
    Set<RawConnection> tabs = byUser.get(userId);
    if (tabs != null && tabs.remove(connection) && tabs.isEmpty()) {
      byUser.remove(userId);
      userConsumers.remove(userId).unregister();
    }
  }

  void pushed(JsonObject envelope) {
    meters.pushed(SocketMeters.WEBSOCKET, envelope);
  }

  void countDelivered() {
    delivered++;
  }

  private void deliverToUser(long userId, JsonObject envelope) {
    EncodedFrame encoded = EncodedFrame.of(envelope);
    for (RawConnection tab : List.copyOf(byUser.getOrDefault(userId, Set.of()))) {
      tab.deliver(envelope, encoded);
    }
  }

  void dashboard(DashboardEvent event) {
    EncodedFrame encoded = EncodedFrame.of(event.frame());
    for (RawConnection connection : List.copyOf(connections)) {
      if (connection.authenticated() && event.visibleTo(connection.identity())) {
        connection.deliver(event.frame(), encoded);
      }
    }
  }

  /** A disabled user, or one whose role changed, loses every connection at once, told why first. */
  void userChanged(JsonObject change) {
    Long userId = change.getLong("user_id");
    for (RawConnection tab : List.copyOf(byUser.getOrDefault(userId, Set.of()))) {
      String reason = ActiveUsers.revocationReason(tab.identity(), change);
      if (reason != null) {
        tab.send(Frames.revoked(reason));
        tab.close(CloseCodes.REVOKED, reason);
      }
    }
  }

  void sweep() {
    long now = System.currentTimeMillis();
    new ArrayList<>(connections).forEach(connection -> connection.sweep(now, settings));
  }

  void closeAll() {
    new ArrayList<>(connections).forEach(connection -> connection.close(CloseCodes.GOING_AWAY, "server shutting down"));
  }

  Set<Long> userIds() {
    return byUser.keySet();
  }

  JsonObject stats() {
    JsonObject byRole = new JsonObject();
    for (RawConnection connection : connections) {
      if (connection.authenticated()) {
        String role = connection.identity().role().wire();
        byRole.put(role, byRole.getInteger(role, 0) + 1);
      }
    }
    return new JsonObject().put("connections", connections.size()).put("users", byUser.size())
      .put("by_role", byRole).put("delivered", delivered);
  }
}
