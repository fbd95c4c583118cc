package io.herald.sockets;

import io.vertx.core.Future;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketFrameType;
import io.vertx.core.http.impl.ws.WebSocketFrameImpl;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;

/**
 * A server frame encoded once, JSON and UTF-8, and written to any number of sockets: fan-out to 10,000 sockets then
 * costs 10,000 writes of the same bytes rather than 10,000 encodings. Each write wraps the shared array in a frame of
 * its own (Vert.x's {@code WebSocketFrameImpl}, the frame {@code writeTextMessage} itself builds after encoding; the
 * public API has no text frame from bytes), so nothing is reference-counted across sockets and the array is never
 * modified. Frames larger than one wire frame go through {@code writeTextMessage}, which splits them.
 */
final class EncodedFrame {

  private final String text;
  private final byte[] utf8;

  private EncodedFrame(String text) {
    this.text = text;
    this.utf8 = text.getBytes(StandardCharsets.UTF_8);
  }

  static EncodedFrame of(JsonObject frame) {
    return new EncodedFrame(frame.encode());
  }

  Future<Void> writeTo(ServerWebSocket socket) {
    return utf8.length <= SocketSettings.MAX_WIRE_FRAME_BYTES
      ? socket.writeFrame(new WebSocketFrameImpl(WebSocketFrameType.TEXT, utf8, true))
      : socket.writeTextMessage(text);
  }
}
