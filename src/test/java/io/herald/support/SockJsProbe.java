package io.herald.support;

import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.UUID;

/**
 * A SockJS event-bus bridge client over SockJS's websocket transport: SockJS framing ({@code o}, {@code h},
 * {@code a[...]}, {@code c[...]}) around the bridge's JSON messages (register, send, rec, err).
 */
public final class SockJsProbe {

  private final WsProbe socket;
  private JsonArray pending = new JsonArray();

  private SockJsProbe(WsProbe socket) {
    this.socket = socket;
  }

  public static SockJsProbe connect(Vertx vertx, int port, String query) {
    String uri = "/eventbus/000/" + UUID.randomUUID().toString().substring(0, 8) + "/websocket" + (query == null ? "" : "?" + query);
    WsProbe socket = WsProbe.connect(vertx, new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI(uri));
    String open = socket.nextText();
    if (!"o".equals(open)) {
      throw new AssertionError("expected SockJS open frame, got " + open);
    }
    return new SockJsProbe(socket);
  }

  public void register(String address, JsonObject headers) {
    send(new JsonObject().put("type", "register").put("address", address).put("headers", headers));
  }

  public void request(String address, JsonObject body, String replyAddress, JsonObject headers) {
    send(new JsonObject().put("type", "send").put("address", address).put("body", body)
      .put("replyAddress", replyAddress).put("headers", headers));
  }

  public void send(JsonObject bridgeMessage) {
    socket.sendText(new JsonArray().add(bridgeMessage.encode()).encode());
  }

  /** The next bridge message, skipping heartbeats. */
  public JsonObject next() {
    while (pending.isEmpty()) {
      String frame = socket.nextText();
      if (frame.startsWith("a")) {
        pending = new JsonArray(frame.substring(1));
      } else if (frame.startsWith("c")) {
        throw new AssertionError("SockJS session closed: " + frame);
      }
    }
    return new JsonObject((String) pending.remove(0));
  }

  /** Skips bridge messages until one for the address arrives. */
  public JsonObject awaitAddress(String address) {
    while (true) {
      JsonObject message = next();
      if (address.equals(message.getString("address"))) {
        return message;
      }
    }
  }

  /** Skips everything until the SockJS close frame ({@code c[code,"reason"]}) and returns it. */
  public String awaitCloseFrame() {
    pending.clear();
    for (String frame = socket.nextText(); ; frame = socket.nextText()) {
      if (frame.startsWith("c")) {
        return frame;
      }
    }
  }

  public WsProbe raw() {
    return socket;
  }

  public void close() {
    socket.close();
  }
}
