package io.herald.sockets;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.http.WebSocketFrameType;

import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Joins the frames of one WebSocket message and refuses the message as soon as it grows past the limit, whether it
 * came as one frame or many: at most {@code limit} bytes plus one wire frame are ever held per connection.
 * (Vert.x's own aggregation only reports an oversized message to the exception handler and leaves the socket open.)
 * Pings and pongs are reported too: Vert.x answers each ping itself, and those answers count like any other frame.
 */
final class MessageAssembler implements Handler<WebSocketFrame> {

  private final int limit;
  private final Consumer<String> onText;
  private final Runnable onBinary;
  private final Runnable onTooBig;
  private final Runnable onControl;
  private Buffer partial;
  private boolean partialIsText;

  MessageAssembler(int limit, Consumer<String> onText, Runnable onBinary, Runnable onTooBig, Runnable onControl) {
    this.limit = limit;
    this.onText = onText;
    this.onBinary = onBinary;
    this.onTooBig = onTooBig;
    this.onControl = onControl;
  }

  @Override
  public void handle(WebSocketFrame frame) {
    if (frame.type() == WebSocketFrameType.PING || frame.type() == WebSocketFrameType.PONG) {
      onControl.run();
      return;
    }
    if (frame.isText() || frame.isBinary()) {
      partial = Buffer.buffer();
      partialIsText = frame.isText();
    } else if (!frame.isContinuation() || partial == null) {
      return;
    }
    partial.appendBuffer(frame.binaryData());
    if (partial.length() > limit) {
      partial = null;
      onTooBig.run();
    } else if (frame.isFinal()) {
      Buffer message = partial;
      partial = null;
      if (partialIsText) {
        onText.accept(message.toString(StandardCharsets.UTF_8));
      } else {
        onBinary.run();
      }
    }
  }
}
