package io.herald.sockets;

import io.vertx.core.Future;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;

/**
 * A server frame encoded to JSON text once and written to any number of sockets: fan-out to 10,000 sockets then costs
 * one JSON encoding and 10,000 writes of the same text. Each write goes through {@code writeTextMessage}, which makes
 * the socket's own UTF-8 buffer (a buffer handed to Netty is released once written, so one buffer cannot be shared
 * between sockets through Vert.x's public API) and splits messages larger than one wire frame.
 */
final class EncodedFrame {

  private final String text;

  private EncodedFrame(String text) {
    this.text = text;
  }

  static EncodedFrame of(JsonObject frame) {
    return new EncodedFrame(frame.encode());
  }

  Future<Void> writeTo(ServerWebSocket socket) {
    return socket.writeTextMessage(text);
  }
}
