package io.herald.sockets;

import io.herald.auth.ActiveUsers;
import io.herald.auth.Identity;
import io.herald.bus.Addresses;
import io.herald.edge.ForwardedHeaders;
import io.herald.metrics.SocketMeters;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.bridge.BridgeEventType;
import io.vertx.ext.web.handler.sockjs.BridgeEvent;
import io.vertx.ext.web.handler.sockjs.SockJSSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Decides every SockJS bridge event. A socket's identity comes from its first accepted token (connect URL
 * {@code ?token=} or a {@code token} header on a frame) and never changes: a later token may only refresh it. That
 * identity is the only one that reaches the bus: client headers are dropped and the body's {@code actor} is
 * overwritten. The guard also counts sessions against the node's caps, closes sessions that do not authenticate in
 * time, and writes every outbound message itself so that a client that does not read is closed, not buffered for.
 */
final class BridgeGuard implements Handler<BridgeEvent> {

  private static final int PRINTABLE_CHARACTERS = 200;
  private static final Logger LOG = LoggerFactory.getLogger(BridgeGuard.class);

  /** How long a closing session waits for its last message to be taken by the transport. */
  static final long LAST_WORD_MILLIS = 2_000;

  private final Vertx vertx;
  private final SocketAuth auth;
  private final SocketSettings settings;
  private final SocketLimits limits;
  private final SocketMeters meters;
  private final Map<SockJSSocket, BridgeSocket> sockets = new HashMap<>();
  private final BridgeResumes resumes;
  private final ForwardedHeaders forwarded;
  private long opened;

  /** {@code forwarded} tells sessions relayed from the node's other instances, whose peer is the relay. */
  BridgeGuard(Vertx vertx, SocketServices services, ForwardedHeaders forwarded) {
    this.vertx = vertx;
    this.forwarded = forwarded;
    this.meters = services.meters();
    this.auth = services.auth();
    this.settings = services.settings();
    this.limits = services.limits();
    this.resumes = new BridgeResumes(this::writeBatch, services.inbox(), meters);
  }

  @Override
  public void handle(BridgeEvent event) {
    BridgeEventType type = event.type();
    switch (type) {
      case SOCKET_CREATED -> created(event);
      case SOCKET_CLOSED -> closed(event);
      case SOCKET_ERROR -> {
        LOG.debug("SockJS session failed: {}", event.getRawMessage());
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

  /**
   * {@code SOCKET_CREATED} must complete at once or the bridge drops the client's first frames, so the token is checked
   * here (signature, expiry) and the user's row right after. A session to be closed is closed on the next turn of the
   * event loop, once the bridge has attached its handlers, so that it learns of the close.
   */
  private void created(BridgeEvent event) {
    opened++;
    meters.connected(SocketMeters.SOCKJS);
    SockJSSocket socket = event.socket();
    String token = queryToken(socket.uri());
    Future<SocketAuth.Grant> verified = token == null ? Future.succeededFuture() : auth.verifyToken(token);
    verified.onComplete(result -> {
      if (result.failed()) {
        event.complete(false);
        return;
      }
      String address = clientAddress(socket);
      BridgeSocket state = new BridgeSocket(socket, address, System.currentTimeMillis());
      event.complete(true);
      if (!limits.admitAddress(address)) {
        later(state, CloseCodes.POLICY_VIOLATION, "too many sockets", "too_many_sockets");
        return;
      }
      sockets.put(socket, state);
      SocketAuth.Grant grant = result.result();
      if (grant != null && !admit(state, grant)) {
        later(state, CloseCodes.POLICY_VIOLATION, "too many sockets", "too_many_sockets");
      } else if (grant != null) {
        auth.stillActive(grant).onFailure(failure -> {
          if (SocketAuth.unavailable(failure)) {
            later(state, CloseCodes.TRY_AGAIN_LATER, "try again later", "unavailable");
          } else {
            later(state, CloseCodes.REVOKED, "revoked", "revoked");
          }
        });
      }
    });
  }

  /** Fixes the session's identity at its first grant, within the user's cap; a refresh only moves the expiry. */
  private boolean admit(BridgeSocket state, SocketAuth.Grant grant) {
    if (state.identity() == null) {
      if (!limits.admitUser(grant.identity().userId())) {
        return false;
      }
      limits.bridgeSessionOpened(grant.identity().userId());
    }
    state.authenticated(grant);
    return true;
  }

  /** Ends a session on the next turn of the event loop: within SOCKET_CREATED the bridge has not attached its handlers yet. */
  private void later(BridgeSocket state, short code, String reason, String error) {
    vertx.runOnContext(v -> end(state, code, reason, error));
  }

  private void closed(BridgeEvent event) {
    BridgeSocket state = sockets.remove(event.socket());
    if (state != null && !state.ended()) {
      meters.disconnected(SocketMeters.SOCKJS, null);
    }
    if (state != null) {
      limits.releaseAddress(state.address());
      if (state.identity() != null) {
        limits.releaseUser(state.identity().userId());
        limits.bridgeSessionClosed(state.identity().userId());
      }
    }
    resumes.forget(event.socket());
    event.complete(true);
  }

  private void withGrant(BridgeEvent event, Consumer<SocketAuth.Grant> decide) {
    BridgeSocket state = sockets.get(event.socket());
    Object headers = event.getRawMessage().getValue("headers");
    Object given = headers instanceof JsonObject fields ? fields.getValue("token") : null;
    String token = given instanceof String text ? text : null;
    if (state == null || state.ended() || headers != null && !(headers instanceof JsonObject) || given != null && token == null) {
      event.complete(false);
    } else if (token == null) {
      decideWith(event, state.grant(), decide);
    } else {
      auth.verify(token).onComplete(result -> {
        if (result.failed()) {
          refuseToken(event, SocketAuth.unavailable(result.cause()) ? "unavailable" : null);
        } else if (!state.accepts(result.result().identity())) {
          LOG.warn("Refused a token of user {} on the SockJS session of user {}", result.result().identity().userId(),
            state.identity().userId());
          refuseToken(event, "auth_refused");
        } else if (admit(state, result.result())) {
          decideWith(event, state.grant(), decide);
        } else {
          end(state, CloseCodes.POLICY_VIOLATION, "too many sockets", "too_many_sockets");
          event.complete(false);
        }
      });
    }
  }

  private static void decideWith(BridgeEvent event, SocketAuth.Grant grant, Consumer<SocketAuth.Grant> decide) {
    if (grant == null || grant.expiresAtMillis() <= System.currentTimeMillis()) {
      event.complete(false);
    } else {
      decide.accept(grant);
    }
  }

  /** The frame is refused (the bridge answers {@code err rejected}), after an error saying why when there is more to say. */
  private static void refuseToken(BridgeEvent event, String reason) {
    if (reason != null) {
      event.socket().write(error(reason).encode());
    }
    event.complete(false);
  }

  private void register(BridgeEvent event, SocketAuth.Grant grant) {
    String address = event.getRawMessage().getString("address", "");
    Identity caller = grant.identity();
    boolean allowed = address.equals(Addresses.userNotifications(caller.userId())) || DashboardEvent.topicVisibleTo(address, caller);
    if (!allowed) {
      LOG.warn("Refused SockJS register of {} by user {} ({})", printable(address), caller.userId(), caller.role().wire());
      event.complete(false);
    } else if (address.equals(Addresses.userNotifications(caller.userId()))) {
      resumes.registeredOwnAddress(event, caller);
    } else {
      event.complete(true);
    }
  }

  private void unregister(BridgeEvent event) {
    BridgeSocket state = sockets.get(event.socket());
    Identity identity = state == null ? null : state.identity();
    String address = event.getRawMessage().getString("address", "");
    if (identity != null && address.equals(Addresses.userNotifications(identity.userId()))) {
      resumes.unregisteredOwnAddress(event.socket());
    }
    event.complete(true);
  }

  /** Outbound messages are written here rather than by the bridge, so that each write is counted against the queue. */
  private void receive(BridgeEvent event) {
    BridgeSocket state = sockets.get(event.socket());
    SocketAuth.Grant grant = state == null ? null : state.grant();
    if (grant != null && resumes.admit(event, grant.identity().userId())) {
      writeBatch(event.socket(), List.of(event.getRawMessage().encode()));
      pushed(event.getRawMessage());
    }
    event.complete(false);
  }

  private void pushed(JsonObject raw) {
    if (raw.getString("address", "").startsWith(Addresses.USER_NOTIFICATIONS_PREFIX) && raw.getValue("body") instanceof JsonObject body) {
      meters.pushed(SocketMeters.SOCKJS, body);
    }
  }

  private void send(BridgeEvent event, SocketAuth.Grant grant) {
    JsonObject raw = event.getRawMessage();
    JsonObject body = raw.getValue("body") instanceof JsonObject json ? json : new JsonObject();
    raw.put("body", body.put(Identity.KEY, grant.identity().toJson()));
    body.remove(BridgeRequests.RETRY_AFTER_MS);
    raw.remove("headers");
    event.setRawMessage(raw);
    if (!Addresses.BRIDGE_RESUME.equals(raw.getString("address")) || !BridgeRequests.validLastId(body)) {
      event.complete(true);
      return;
    }
    long retryAfter = limits.resume(grant.identity().userId());
    if (retryAfter > 0) {
      body.put(BridgeRequests.RETRY_AFTER_MS, retryAfter);
      event.complete(true);
    } else {
      resumes.requested(event, grant.identity());
    }
  }

  /**
   * Writes messages as one batch when the socket's unsent bytes are within the limit, else closes it 4429: a resume reply
   * (up to {@link Replay#MAX_ITEMS} rows) goes out whole, so at most the limit plus one reply is ever held for a socket.
   */
  private void writeBatch(SockJSSocket socket, List<String> messages) {
    BridgeSocket state = sockets.get(socket);
    if (state == null || state.ended()) {
      return;
    }
    if (state.queuedBytes() > settings.outboundQueueBytes()) {
      end(state, CloseCodes.TOO_SLOW, "too slow", "too_slow");
      return;
    }
    messages.forEach(state::write);
  }

  /** Closes sessions whose token expired, and sessions that have not authenticated within the auth timeout. */
  void sweep(long now) {
    for (BridgeSocket state : new ArrayList<>(sockets.values())) {
      SocketAuth.Grant grant = state.grant();
      if (grant != null && grant.expiresAtMillis() <= now) {
        end(state, CloseCodes.UNAUTHORIZED, "token expired", "token_expired");
      } else if (state.identity() == null && now - state.openedAt() > settings.authTimeoutMillis()) {
        end(state, CloseCodes.UNAUTHORIZED, "no authentication", "no_authentication");
      }
    }
  }

  void userChanged(JsonObject change) {
    Long userId = change.getLong("user_id");
    for (BridgeSocket state : new ArrayList<>(sockets.values())) {
      SocketAuth.Grant grant = state.grant();
      boolean theirs = grant != null && grant.identity().userId() == userId;
      String reason = theirs ? ActiveUsers.revocationReason(grant.identity(), change) : null;
      if (reason != null) {
        end(state, CloseCodes.REVOKED, reason, reason);
      }
    }
  }

  /**
   * Ends a session once: it stops acting for its user at once, and the client is told why in a last bridge error
   * message, {@code {"type":"err","body":<error>,"code":<close code>,"reason":<text>}} (what vertx-eventbus.js hands to
   * onerror), then the session is closed. The SockJS close frame itself always says 3000: vertx-web has no public way
   * to put another code there (docs/sockets.md, "SockJS close codes"). The close waits for that message to be taken by
   * the transport (a polling client's next poll), at most {@link #LAST_WORD_MILLIS}: a client that reads nothing more
   * (one closed for being too slow) may get the close without it, and reconnects as after any drop.
   */
  private void end(BridgeSocket state, short code, String reason, String error) {
    if (!state.end()) {
      return;
    }
    meters.disconnected(SocketMeters.SOCKJS, (int) code);
    SockJSSocket socket = state.socket();
    long deadline = vertx.setTimer(LAST_WORD_MILLIS, id -> socket.close(code, reason));
    socket.write(lastWord(code, reason, error)).onComplete(written -> {
      if (vertx.cancelTimer(deadline)) {
        socket.close(code, reason);
      }
    });
  }

  private static String lastWord(short code, String reason, String error) {
    return error(error).put("code", code).put("reason", reason).encode();
  }

  private static JsonObject error(String body) {
    return new JsonObject().put("type", "err").put("body", body);
  }

  void closeAll() {
    new ArrayList<>(sockets.values()).forEach(state -> end(state, CloseCodes.GOING_AWAY, "server shutting down", "shutting_down"));
  }

  JsonObject stats() {
    JsonObject byRole = new JsonObject();
    int connections = 0;
    for (BridgeSocket state : sockets.values()) {
      if (state.grant() != null) {
        connections++;
        String role = state.grant().identity().role().wire();
        byRole.put(role, byRole.getInteger(role, 0) + 1);
      }
    }
    return new JsonObject().put("connections", connections).put("by_role", byRole).put("opened_total", opened);
  }

  /** The client as the public port saw it: a relayed session's peer is the node's own relay, which names the client. */
  private String clientAddress(SockJSSocket socket) {
    MultiMap headers = socket.headers();
    String relayed = headers == null ? null : forwarded.relayedClient(headers);
    return relayed != null ? relayed
      : settings.trustedProxies().client(socket.remoteAddress(), headers == null ? null : headers.get("X-Forwarded-For"));
  }

  private static String queryToken(String uri) {
    if (uri == null || !uri.contains("?")) {
      return null;
    }
    List<String> values = new QueryStringDecoder(uri).parameters().get("token");
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  /** A client's text fit for one log line: control characters (a forged line break) escaped, at most 200 characters. */
  private static String printable(String text) {
    String shown = text.length() > PRINTABLE_CHARACTERS ? text.substring(0, PRINTABLE_CHARACTERS) + "…" : text;
    StringBuilder out = new StringBuilder(shown.length());
    shown.codePoints().forEach(c -> {
      if (Character.isISOControl(c) || Character.getType(c) == Character.LINE_SEPARATOR
        || Character.getType(c) == Character.PARAGRAPH_SEPARATOR) {
        out.append(String.format("\\u%04x", c));
      } else {
        out.appendCodePoint(c);
      }
    });
    return out.toString();
  }
}
