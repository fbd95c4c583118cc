package io.herald.sockets;

import io.vertx.core.json.JsonObject;

import java.time.Instant;

/**
 * The frames of the socket protocol itself (connected, errors, resume and revocation); the inbox's own frames are
 * {@link io.herald.notify.Envelopes}. The protocol is described in {@code docs/sockets.md}.
 */
final class ControlFrames {

  /** A plain-text keep-alive (not JSON), answered with the plain text {@link #PLAIN_PONG}. */
  static final String PLAIN_PING = "ping";
  static final String PLAIN_PONG = "pong";

  private ControlFrames() {
  }

  static JsonObject of(String type) {
    return new JsonObject().put("type", type);
  }

  static JsonObject error(String code, String message) {
    return of("error").put("code", code).put("message", message);
  }

  static JsonObject resumeFailed() {
    return error("resume_failed", "Could not read missed notifications; reload the inbox");
  }

  /** {@code message} and {@code timestamp} (equal to {@code server_time}) are there for the seed clients. */
  static JsonObject connected(long userId, String connectionId, Long lastId) {
    String now = Instant.now().toString();
    return of("connected").put("user_id", userId).put("connection_id", connectionId)
      .put("server_time", now).put("last_id", lastId)
      .put("message", "Connected to Herald notifications").put("timestamp", now);
  }

  static JsonObject resumed(int count, boolean complete) {
    return of("resumed").put("count", count).put("complete", complete);
  }

  static JsonObject revoked(String reason) {
    return of("revoked").put("reason", reason);
  }
}
