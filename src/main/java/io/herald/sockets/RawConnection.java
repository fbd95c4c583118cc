package io.herald.sockets;

import io.herald.auth.Identity;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * One raw WebSocket client: authentication (query token or first {@code auth} frame), token expiry,
 * the frame budget, and live delivery through a {@link ResumeGate}.
 */
final class RawConnection {

  private final SocketHub hub;
  private final ServerWebSocket socket;
  private final String id;
  private final long openedAt = System.currentTimeMillis();
  private final TokenBucket budget;
  private final ResumeGate gate = new ResumeGate();
  private Identity identity;
  private long expiresAt;
  private boolean warned;
  private long lastSeen = openedAt;
  private boolean closed;

  RawConnection(SocketHub hub, ServerWebSocket socket, String id, SocketSettings settings) {
    this.hub = hub;
    this.socket = socket;
    this.id = id;
    this.budget = new TokenBucket(settings.framesPerSecond(), settings.frameBurst());
  }

  void start(String queryToken, Long resumeFrom) {
    socket.frameHandler(new MessageAssembler(SocketSettings.MAX_FRAME_BYTES, this::onText,
      () -> onFrame(() -> send(Frames.error("bad_frame", "Send JSON text frames"))),
      () -> close(CloseCodes.TOO_BIG, "message over 16 KiB")));
    socket.pongHandler(pong -> lastSeen = System.currentTimeMillis());
    socket.closeHandler(v -> forget());
    socket.exceptionHandler(this::failed);
    if (queryToken != null) {
      authenticate(queryToken, resumeFrom);
    }
  }

  String id() {
    return id;
  }

  Identity identity() {
    return identity;
  }

  boolean authenticated() {
    return identity != null;
  }

  private void onText(String text) {
    onFrame(() -> {
      if ("ping".equals(text)) {
        send(Frames.of("pong"));
        return;
      }
      JsonObject frame;
      try {
        frame = new JsonObject(text);
      } catch (DecodeException | ClassCastException e) {
        send(Frames.error("bad_json", "Frames must be JSON objects"));
        return;
      }
      if (identity == null) {
        firstFrame(frame);
      } else {
        hub.frames().handle(this, frame);
      }
    });
  }

  private void onFrame(Runnable handling) {
    lastSeen = System.currentTimeMillis();
    if (closed) {
      return;
    }
    if (!budget.take()) {
      send(Frames.error("rate_limited", "Too many frames; closing"));
      close(CloseCodes.POLICY_VIOLATION, "rate limit");
      return;
    }
    handling.run();
  }

  private void firstFrame(JsonObject frame) {
    if (!"auth".equals(frame.getString("type")) || !(frame.getValue("token") instanceof String token)) {
      close(CloseCodes.UNAUTHORIZED, "authenticate first");
      return;
    }
    Object lastId = frame.getValue("last_id");
    authenticate(token, lastId instanceof Number number ? number.longValue() : null);
  }

  private void authenticate(String token, Long resumeFrom) {
    socket.pause();
    hub.auth().verify(token).onComplete(result -> {
      socket.resume();
      if (closed) {
        return;
      }
      if (result.failed()) {
        close(CloseCodes.UNAUTHORIZED, "invalid token");
        return;
      }
      identity = result.result().identity();
      expiresAt = result.result().expiresAtMillis();
      if (resumeFrom != null) {
        gate.hold();
      }
      hub.authenticated(this).onComplete(subscribed -> {
        send(Frames.connected(identity.userId(), id, resumeFrom));
        if (resumeFrom != null) {
          replayAfter(resumeFrom);
        }
      });
    });
  }

  /** A fresh token for the same user extends the connection; anything else is refused and the old one stays. */
  void refresh(String token) {
    hub.auth().verify(token).onComplete(result -> {
      if (result.failed() || result.result().identity().userId() != identity.userId()) {
        send(Frames.error("auth_refused", "Token invalid or for another user"));
        return;
      }
      identity = result.result().identity();
      expiresAt = result.result().expiresAtMillis();
      warned = false;
      send(Frames.of("auth_ok").put("expires_at", expiresAt));
    });
  }

  void resume(long afterId) {
    if (gate.holding()) {
      send(Frames.error("resume_in_progress", "A resume is already running"));
      return;
    }
    gate.hold();
    replayAfter(afterId);
  }

  private void replayAfter(long afterId) {
    hub.replay().after(identity, afterId).onComplete(result -> {
      if (result.failed()) {
        gate.release(List.of()).forEach(this::send);
        send(Frames.error("resume_failed", "Could not read missed notifications; reload the inbox"));
        return;
      }
      result.result().items().forEach(row -> send(Frames.withData(Frames.NOTIFICATION, row)));
      send(Frames.resumed(result.result().items().size(), result.result().complete()));
      gate.release(result.result().items()).forEach(this::send);
    });
  }

  /** A live envelope for this connection's user, already encoded once for every receiver. */
  void deliver(JsonObject envelope, EncodedFrame encoded) {
    if (gate.admit(envelope)) {
      write(encoded);
    }
  }

  void send(JsonObject frame) {
    write(EncodedFrame.of(frame));
  }

  private void write(EncodedFrame frame) {
    if (!closed) {
      frame.writeTo(socket);
      hub.countDelivered();
    }
  }

  /** Periodic check: ping, warn before the token expires, and close what expired or went silent. */
  void sweep(long now, SocketSettings settings) {
    if (identity == null) {
      if (now - openedAt > settings.authTimeoutMillis()) {
        close(CloseCodes.UNAUTHORIZED, "no authentication");
      }
      return;
    }
    if (now >= expiresAt) {
      close(CloseCodes.UNAUTHORIZED, "token expired");
    } else if (now - lastSeen > settings.idleTimeoutMillis()) {
      close(CloseCodes.IDLE, "idle");
    } else {
      if (!warned && now >= expiresAt - settings.authWarningMillis()) {
        warned = true;
        send(Frames.of("auth_expiring").put("expires_at", expiresAt));
      }
      socket.writePing(Buffer.buffer());
    }
  }

  void close(short code, String reason) {
    if (!closed) {
      closed = true;
      socket.close(code, reason);
      hub.forget(this);
    }
  }

  /**
   * A wire frame over {@link SocketSettings#MAX_WIRE_FRAME_BYTES} fails in Netty's decoder before any Herald code sees it,
   * and Vert.x closes the TCP connection right after this handler returns. Closing here first puts the decoder's close
   * code (1009 for a frame too big, 1002 for other protocol violations) on the wire ahead of that.
   */
  private void failed(Throwable failure) {
    if (failure instanceof CorruptedWebSocketFrameException corrupt) {
      close((short) corrupt.closeStatus().code(), corrupt.closeStatus().reasonText());
    } else {
      forget();
    }
  }

  private void forget() {
    closed = true;
    hub.forget(this);
  }
}
