package io.herald.sockets;

import io.herald.auth.Identity;
import io.herald.metrics.SocketMeters;
import io.herald.notify.Envelopes;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * One raw WebSocket client: authentication (query token or first {@code auth} frame), token expiry,
 * the frame budget, and live delivery through a {@link DeliveryGate}. Nothing is written while the socket's outbound
 * queue is over {@link SocketSettings#outboundQueueBytes()}: a client that does not read is closed 4429 instead, and
 * resumes from the database when it comes back. It knows nothing of the registry that holds it: it tells its
 * {@link Listener} when it has authenticated and when it is gone.
 */
final class RawConnection {

  /** Who holds the connection and routes its user's messages to it. */
  interface Listener {

    /** The connection now acts for its user: from now on the user's messages are routed to it. */
    void authenticated(RawConnection connection);

    /** The connection is closed or failed; called once. */
    void closed(RawConnection connection);
  }

  private final ServerWebSocket socket;
  private final String id;
  private final String address;
  private final SocketServices services;
  private final ClientFrames frames;
  private final Listener listener;
  private final long openedAt = System.currentTimeMillis();
  private final TokenBucket budget;
  private final DeliveryGate gate = new DeliveryGate(UnaryOperator.identity(), this::fill);
  private long written;
  private Identity identity;
  private long expiresAt;
  private boolean warned;
  private long lastSeen = openedAt;
  private boolean closed;
  private Short closeCode;

  RawConnection(ServerWebSocket socket, String id, String address, SocketServices services, ClientFrames frames,
                Listener listener) {
    this.socket = socket;
    this.id = id;
    this.address = address;
    this.services = services;
    this.frames = frames;
    this.listener = listener;
    this.budget = new TokenBucket(services.settings().framesPerSecond(), services.settings().frameBurst());
  }

  void start(String queryToken, Long resumeFrom) {
    socket.frameHandler(new MessageAssembler(SocketSettings.MAX_FRAME_BYTES, this::onText,
      () -> onFrame(() -> refuse("bad_frame", "Send JSON text frames")),
      () -> close(CloseCodes.TOO_BIG, "message over 16 KiB"),
      () -> onFrame(this::writable)));
    socket.pongHandler(pong -> lastSeen = System.currentTimeMillis());
    socket.closeHandler(v -> forget());
    socket.exceptionHandler(this::failed);
    socket.setWriteQueueMaxSize(services.settings().outboundQueueBytes());
    if (queryToken != null) {
      authenticate(queryToken, resumeFrom);
    }
  }

  String id() {
    return id;
  }

  String address() {
    return address;
  }

  Identity identity() {
    return identity;
  }

  boolean authenticated() {
    return identity != null;
  }

  /** Frames written to this client so far. */
  long written() {
    return written;
  }

  private void onText(String text) {
    onFrame(() -> {
      if (ControlFrames.PLAIN_PING.equals(text)) {
        sendPlain(ControlFrames.PLAIN_PONG);
        return;
      }
      JsonObject frame;
      try {
        frame = new JsonObject(text);
      } catch (DecodeException | ClassCastException e) {
        refuse("bad_json", "Frames must be JSON objects");
        return;
      }
      if (identity == null) {
        firstFrame(frame);
      } else {
        frames.handle(this, frame);
      }
    });
  }

  private void onFrame(Runnable handling) {
    lastSeen = System.currentTimeMillis();
    if (closed) {
      return;
    }
    if (!budget.take()) {
      send(ControlFrames.error("rate_limited", "Too many frames; closing"));
      close(CloseCodes.POLICY_VIOLATION, "rate limit");
      return;
    }
    handling.run();
  }

  /** A frame that is not one: an error frame, or before authentication the close that any first frame but auth gets. */
  private void refuse(String code, String message) {
    if (identity == null) {
      close(CloseCodes.UNAUTHORIZED, "authenticate first");
    } else {
      send(ControlFrames.error(code, message));
    }
  }

  private void firstFrame(JsonObject frame) {
    if (!"auth".equals(frame.getString("type")) || !(frame.getValue("token") instanceof String token)) {
      close(CloseCodes.UNAUTHORIZED, "authenticate first");
      return;
    }
    Object lastId = frame.getValue("last_id");
    // a last_id that is no id (negative, a fraction, beyond 64 bits) fails the resume as a negative one does
    authenticate(token, lastId == null ? null : Objects.requireNonNullElse(NotificationIds.wholeNumber(lastId), -1L));
  }

  private void authenticate(String token, Long resumeFrom) {
    socket.pause();
    services.auth().verify(token).onComplete(result -> {
      socket.resume();
      if (closed) {
        return;
      }
      if (result.failed()) {
        refused(result.cause());
        return;
      }
      if (!services.limits().admitUser(result.result().identity().userId())) {
        tooMany("Too many open sockets for this user");
        return;
      }
      identity = result.result().identity();
      expiresAt = result.result().expiresAtMillis();
      if (resumeFrom != null) {
        gate.hold(resumeFrom);
      }
      listener.authenticated(this);
      send(ControlFrames.connected(identity.userId(), id, resumeFrom));
      if (resumeFrom != null) {
        replayIfAllowed(resumeFrom);
      }
    });
  }

  /** The token was refused, or the user's state could not be checked: then the client is to try again later. */
  private void refused(Throwable failure) {
    if (SocketAuth.unavailable(failure)) {
      close(CloseCodes.TRY_AGAIN_LATER, "try again later");
    } else {
      close(CloseCodes.UNAUTHORIZED, "invalid token");
    }
  }

  void tooMany(String message) {
    send(ControlFrames.error("too_many_sockets", message));
    close(CloseCodes.POLICY_VIOLATION, "too many sockets");
  }

  /** A fresh token for the same user extends the connection; anything else is refused and the old one stays. */
  void refresh(String token) {
    services.auth().verify(token).onComplete(result -> {
      if (result.failed() && SocketAuth.unavailable(result.cause())) {
        send(ControlFrames.error("unavailable", "The token cannot be checked now; try again later"));
        return;
      }
      if (result.failed() || result.result().identity().userId() != identity.userId()) {
        send(ControlFrames.error("auth_refused", "Token invalid or for another user"));
        return;
      }
      identity = result.result().identity();
      expiresAt = result.result().expiresAtMillis();
      warned = false;
      send(ControlFrames.of("auth_ok").put("expires_at", expiresAt));
    });
  }

  void resume(long afterId) {
    if (gate.holding()) {
      send(ControlFrames.error("resume_in_progress", "A resume is already running"));
      return;
    }
    gate.hold(afterId);
    replayIfAllowed(afterId);
  }

  /**
   * Every resume, on connect or by frame, takes one from the user's budget; over it, no replay. When there is no
   * replay, the error goes out before the held messages: a client reloads its inbox from the last id it had before
   * any of them, so none of the rows it missed is skipped.
   */
  private void replayIfAllowed(long afterId) {
    long retryAfter = services.limits().resume(identity.userId());
    if (retryAfter > 0) {
      send(ControlFrames.error("resume_rate_limited", "Too many resumes; try again later").put("retry_after_ms", retryAfter));
      gate.releaseUnreplayed().forEach(this::send);
      return;
    }
    services.inbox().replay(identity, afterId).onComplete(result -> {
      if (result.failed()) {
        send(ControlFrames.resumeFailed());
        gate.releaseUnreplayed().forEach(this::send);
        return;
      }
      List<JsonObject> batch = envelopes(result.result());
      batch.add(ControlFrames.resumed(result.result().items().size(), result.result().complete()));
      batch.addAll(gate.release(result.result().items(), result.result().complete()));
      writeBatch(batch);
    });
  }

  /**
   * The gate saw a notification whose predecessor this connection never got: the rows after {@code afterId} go out
   * from the inbox, then what the gate held. Not a client's resume, so not counted against the resume budget. When
   * the inbox cannot give them all (it fails, or the gap is longer than a replay), {@code error resume_failed} comes
   * right after the rows it did give and before what the gate held, so the client reloads from the last row it has
   * without a gap.
   */
  private void fill(long afterId) {
    services.meters().gapFilled();
    services.inbox().replay(identity, afterId).onComplete(result -> {
      List<JsonObject> batch = result.succeeded() ? envelopes(result.result()) : new ArrayList<>();
      boolean complete = result.succeeded() && result.result().complete();
      if (!complete) {
        batch.add(ControlFrames.resumeFailed());
      }
      batch.addAll(gate.release(result.succeeded() ? result.result().items() : List.of(), complete));
      writeBatch(batch);
    });
  }

  /** The replayed rows as notification frames, in a list the caller adds to. */
  private static List<JsonObject> envelopes(Replay.Result replayed) {
    List<JsonObject> frames = new ArrayList<>();
    replayed.items().forEach(row -> frames.add(Envelopes.notification(row)));
    return frames;
  }

  /** A live envelope for this connection's user, already encoded once for every receiver. */
  void deliver(JsonObject envelope, EncodedFrame encoded) {
    if (gate.admit(envelope)) {
      write(encoded);
      services.meters().pushed(SocketMeters.WEBSOCKET, envelope);
    }
  }

  void send(JsonObject frame) {
    write(EncodedFrame.of(frame));
  }

  /** A plain-text answer, for clients that speak plain-text keep-alives (docs/sockets.md, compatibility). */
  private void sendPlain(String text) {
    if (writable()) {
      socket.writeTextMessage(text);
      written++;
    }
  }

  private void write(EncodedFrame frame) {
    if (writable()) {
      frame.writeTo(socket);
      written++;
    }
  }

  /**
   * A replay goes out whole when the queue has room, however long it is: a client on a slow link must be able to take
   * one. So the queue holds at most its limit plus one replay ({@link Replay#MAX_ITEMS} rows): whatever comes next while
   * that is still queued closes the socket.
   */
  private void writeBatch(List<JsonObject> frames) {
    if (writable()) {
      for (JsonObject frame : frames) {
        EncodedFrame.of(frame).writeTo(socket);
        written++;
      }
    }
  }

  /** False once closed; a client whose queue is over the limit is closed here, so the server's buffer stays bounded. */
  private boolean writable() {
    if (closed || socket.isClosed()) {
      return false;
    }
    if (socket.writeQueueFull()) {
      close(CloseCodes.TOO_SLOW, "too slow");
      return false;
    }
    return true;
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
        send(ControlFrames.of("auth_expiring").put("expires_at", expiresAt));
      }
      socket.writePing(Buffer.buffer());
    }
  }

  void close(short code, String reason) {
    if (!closed) {
      closed = true;
      closeCode = code;
      socket.close(code, reason);
      listener.closed(this);
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

  /** The code this side closed with, else the client's (null when the connection just dropped). */
  Integer closeCode() {
    Short code = closeCode != null ? closeCode : socket.closeStatusCode();
    return code == null ? null : code.intValue();
  }

  private void forget() {
    if (!closed) {
      closed = true;
      listener.closed(this);
    }
  }
}
