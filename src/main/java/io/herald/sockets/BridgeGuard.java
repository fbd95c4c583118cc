package io.herald.sockets;

import io.herald.auth.ActiveUsers;
import io.herald.auth.Identity;
import io.herald.bus.Addresses;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.bridge.BridgeEventType;
import io.vertx.ext.web.handler.sockjs.BridgeEvent;
import io.vertx.ext.web.handler.sockjs.SockJSSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Decides every SockJS bridge event. A socket's identity comes from its token (connect URL {@code ?token=}
 * or a {@code token} header on a frame), is kept here per socket, and is the only identity that reaches the bus:
 * client headers are dropped and the body's {@code actor} is overwritten.
 */
final class BridgeGuard implements Handler<BridgeEvent> {

  private static final Logger LOG = LoggerFactory.getLogger(BridgeGuard.class);

  private final SocketAuth auth;
  private final Map<SockJSSocket, SocketAuth.Grant> grants = new HashMap<>();
  private final Set<SockJSSocket> open = new HashSet<>();
  private final BridgeResumes resumes = new BridgeResumes();
  private long opened;

  BridgeGuard(SocketAuth auth) {
    this.auth = auth;
  }

  @Override
  public void handle(BridgeEvent event) {
    BridgeEventType type = event.type();
    switch (type) {
      case SOCKET_CREATED -> created(event);
      case SOCKET_CLOSED -> {
        open.remove(event.socket());
        grants.remove(event.socket());
        resumes.forget(event.socket());
        event.complete(true);
      }
      case REGISTER -> withGrant(event, grant -> register(event, grant));
      case UNREGISTER -> unregister(event);
      case SEND -> withGrant(event, grant -> send(event, grant));
      case RECEIVE -> receive(event);
      case PUBLISH -> event.complete(false);
      default -> event.complete(true);
    }
  }

  private void created(BridgeEvent event) {
    opened++;
    open.add(event.socket());
    String token = queryToken(event.socket().uri());
    if (token == null) {
      event.complete(true);
      return;
    }
    auth.verifyToken(token).onComplete(result -> {
      if (result.succeeded()) {
        grants.put(event.socket(), result.result());
        auth.stillActive(result.result()).onFailure(revoked -> revoke(event.socket(), "revoked"));
      }
      event.complete(result.succeeded());
    });
  }

  private void withGrant(BridgeEvent event, Consumer<SocketAuth.Grant> decide) {
    JsonObject headers = event.getRawMessage().getJsonObject("headers");
    String token = headers == null ? null : headers.getString("token");
    Future<SocketAuth.Grant> grant = token != null ? auth.verify(token) : known(event.socket());
    grant.onComplete(result -> {
      if (result.failed() || result.result().expiresAtMillis() <= System.currentTimeMillis()) {
        event.complete(false);
        return;
      }
      grants.put(event.socket(), result.result());
      decide.accept(result.result());
    });
  }

  private Future<SocketAuth.Grant> known(SockJSSocket socket) {
    SocketAuth.Grant grant = grants.get(socket);
    return grant == null ? Future.failedFuture("not authenticated") : Future.succeededFuture(grant);
  }

  private void register(BridgeEvent event, SocketAuth.Grant grant) {
    String address = event.getRawMessage().getString("address", "");
    Identity caller = grant.identity();
    boolean allowed = address.equals(Addresses.userNotifications(caller.userId())) || DashboardEvent.topicVisibleTo(address, caller);
    if (!allowed) {
      LOG.warn("Refused SockJS register of {} by user {} ({})", address, caller.userId(), caller.role().wire());
      event.complete(false);
    } else if (address.equals(Addresses.userNotifications(caller.userId()))) {
      resumes.registeredOwnAddress(event);
    } else {
      event.complete(true);
    }
  }

  private void unregister(BridgeEvent event) {
    SocketAuth.Grant grant = grants.get(event.socket());
    String address = event.getRawMessage().getString("address", "");
    if (grant != null && address.equals(Addresses.userNotifications(grant.identity().userId()))) {
      resumes.unregisteredOwnAddress(event.socket());
    }
    event.complete(true);
  }

  private void receive(BridgeEvent event) {
    SocketAuth.Grant grant = grants.get(event.socket());
    event.complete(grant != null && resumes.admit(event, grant.identity().userId()));
  }

  private void send(BridgeEvent event, SocketAuth.Grant grant) {
    JsonObject raw = event.getRawMessage();
    JsonObject body = raw.getValue("body") instanceof JsonObject json ? json : new JsonObject();
    raw.put("body", body.put(Identity.KEY, grant.identity().toJson()));
    raw.remove("headers");
    event.setRawMessage(raw);
    if (Addresses.BRIDGE_RESUME.equals(raw.getString("address")) && BridgeRequests.validLastId(body)) {
      resumes.requested(event);
    } else {
      event.complete(true);
    }
  }

  /** Closes sockets whose token expired or whose user was disabled or changed role. */
  void expire(long now) {
    for (Map.Entry<SockJSSocket, SocketAuth.Grant> entry : new ArrayList<>(grants.entrySet())) {
      if (entry.getValue().expiresAtMillis() <= now) {
        grants.remove(entry.getKey());
        SockJsClose.close(entry.getKey(), CloseCodes.UNAUTHORIZED, "token expired");
      }
    }
  }

  void userChanged(JsonObject change) {
    Long userId = change.getLong("user_id");
    for (Map.Entry<SockJSSocket, SocketAuth.Grant> entry : new ArrayList<>(grants.entrySet())) {
      Identity identity = entry.getValue().identity();
      String reason = identity.userId() == userId ? ActiveUsers.revocationReason(identity, change) : null;
      if (reason != null) {
        revoke(entry.getKey(), reason);
      }
    }
  }

  /** Tells the client why (a bridge error message, what vertx-eventbus.js hands to onerror), then closes. */
  private void revoke(SockJSSocket socket, String reason) {
    if (grants.remove(socket) != null) {
      socket.write(new JsonObject().put("type", "err").put("body", reason).encode())
        .onComplete(written -> SockJsClose.close(socket, CloseCodes.REVOKED, reason));
    }
  }

  void closeAll() {
    new ArrayList<>(open).forEach(socket -> SockJsClose.close(socket, CloseCodes.GOING_AWAY, "server shutting down"));
    open.clear();
    grants.clear();
  }

  Set<Long> userIds() {
    Set<Long> ids = new HashSet<>();
    grants.values().forEach(grant -> ids.add(grant.identity().userId()));
    return ids;
  }

  JsonObject stats() {
    JsonObject byRole = new JsonObject();
    grants.values().forEach(grant -> byRole.put(grant.identity().role().wire(), byRole.getInteger(grant.identity().role().wire(), 0) + 1));
    return new JsonObject().put("connections", grants.size()).put("by_role", byRole).put("opened_total", opened);
  }

  private static String queryToken(String uri) {
    if (uri == null || !uri.contains("?")) {
      return null;
    }
    List<String> values = new QueryStringDecoder(uri).parameters().get("token");
    return values == null || values.isEmpty() ? null : values.get(0);
  }
}
