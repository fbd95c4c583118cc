package io.herald.sockets;

import io.herald.auth.ActiveUsers;
import io.herald.auth.Role;
import io.herald.metrics.SocketMeters;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The raw WebSocket connections held by one instance of the sockets verticle, by user: the users' messages written
 * to them (the instance's consumer of {@code notifications.users} hands each here, so no user has a bus address of
 * their own for raw sockets), the dashboard fan-out, revocation, and the periodic keepalive sweep. The caps it admits
 * against are the node's ({@link SocketLimits}).
 */
final class ConnectionRegistry implements RawConnection.Listener {

  private final SocketServices services;
  private final ClientFrames frames;
  private final Set<RawConnection> connections = new HashSet<>();
  private final Map<Long, Set<RawConnection>> byUser = new HashMap<>();
  private final String idPrefix;
  private long writtenByClosed;
  private long nextId;

  /** {@code idPrefix} keeps connection ids unique on the node when several instances number their own. */
  ConnectionRegistry(SocketServices services, String idPrefix) {
    this.services = services;
    this.frames = new ClientFrames(services.inbox());
    this.idPrefix = idPrefix;
  }

  /** A new socket from a client address; over the address's cap it is told so and closed before anything else. */
  void open(ServerWebSocket socket, String address, String token, Long resumeFrom) {
    RawConnection connection = new RawConnection(socket, idPrefix + Long.toString(++nextId, 36), address, services,
      frames, this);
    if (!services.limits().admitAddress(address)) {
      connection.tooMany("Too many open sockets from this address");
      return;
    }
    connections.add(connection);
    services.meters().connected(SocketMeters.WEBSOCKET);
    connection.start(token, resumeFrom);
  }

  /**
   * From now on the user's messages reach the connection (the instance's consumer of the users' messages has been in
   * place since it started), so a replay started after this misses nothing.
   */
  @Override
  public void authenticated(RawConnection connection) {
    byUser.computeIfAbsent(connection.identity().userId(), id -> new HashSet<>()).add(connection);
  }

  @Override
  public void closed(RawConnection connection) {
    if (!connections.remove(connection)) {
      return;
    }
    writtenByClosed += connection.written();
    services.limits().releaseAddress(connection.address());
    services.meters().disconnected(SocketMeters.WEBSOCKET, connection.closeCode());
    if (!connection.authenticated()) {
      return;
    }
    long userId = connection.identity().userId();
    services.limits().releaseUser(userId);
    Set<RawConnection> tabs = byUser.get(userId);
    if (tabs != null && tabs.remove(connection) && tabs.isEmpty()) {
      byUser.remove(userId);
    }
  }

  /** Written on the event loop that received the message, in the order received: no hop that could reorder. */
  void deliverToUser(long userId, JsonObject envelope) {
    Set<RawConnection> tabs = byUser.get(userId);
    if (tabs == null) {
      return;
    }
    EncodedFrame encoded = EncodedFrame.of(envelope);
    for (RawConnection tab : List.copyOf(tabs)) {
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
        tab.send(ControlFrames.revoked(reason));
        tab.close(CloseCodes.REVOKED, reason);
      }
    }
  }

  void sweep() {
    long now = System.currentTimeMillis();
    new ArrayList<>(connections).forEach(connection -> connection.sweep(now, services.settings()));
  }

  void closeAll() {
    new ArrayList<>(connections).forEach(connection -> connection.close(CloseCodes.GOING_AWAY, "server shutting down"));
  }

  /** This instance's raw sockets: {@code connections}, {@code by_role} (authenticated ones), {@code delivered}. */
  JsonObject stats() {
    int[] roles = new int[Role.values().length];
    long delivered = writtenByClosed;
    for (RawConnection connection : connections) {
      delivered += connection.written();
      if (connection.authenticated()) {
        roles[connection.identity().role().ordinal()]++;
      }
    }
    JsonObject byRole = new JsonObject();
    for (Role role : Role.values()) {
      if (roles[role.ordinal()] > 0) {
        byRole.put(role.wire(), roles[role.ordinal()]);
      }
    }
    return new JsonObject().put("connections", connections.size()).put("by_role", byRole).put("delivered", delivered);
  }
}
