package io.herald.support;

import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.UUID;

/**
 * A SockJS event-bus bridge client over any SockJS transport (websocket by default): SockJS framing ({@code o},
 * {@code h}, {@code a[...]}, {@code c[...]}) around the bridge's JSON messages (register, send, rec, err).
 */
public final class SockJsProbe {

  /** How SockJS frames travel: text in both directions, whatever the transport. */
  interface Wire {
    void sendText(String text);

    String nextText();

    void close();
  }

  private final Wire socket;
  private final WsProbe webSocket;
  private JsonArray pending = new JsonArray();

  private SockJsProbe(Wire socket, WsProbe webSocket) {
    this.socket = socket;
    this.webSocket = webSocket;
  }

  public static SockJsProbe connect(Vertx vertx, int port, String query) {
    return connect(vertx, port, query, SockJsTransport.WEBSOCKET);
  }

  public static SockJsProbe connect(Vertx vertx, int port, String query, SockJsTransport transport) {
    if (transport != SockJsTransport.WEBSOCKET) {
      return connectFrom(vertx, "127.0.0.1", port, query, transport);
    }
    String uri = "/eventbus/000/" + UUID.randomUUID().toString().substring(0, 8) + "/websocket" + (query == null ? "" : "?" + query);
    WsProbe ws = WsProbe.connect(vertx, new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI(uri));
    return opened(new Wire() {
      @Override
      public void sendText(String text) {
        ws.sendText(text);
      }

      @Override
      public String nextText() {
        return ws.nextText();
      }

      @Override
      public void close() {
        ws.close();
      }
    }, ws);
  }

  /** A session over an HTTP transport from another loopback address than 127.0.0.1, another client to the server. */
  public static SockJsProbe connectFrom(Vertx vertx, String localAddress, int port, String query, SockJsTransport transport) {
    if (transport == SockJsTransport.WEBSOCKET) {
      throw new IllegalArgumentException("over HTTP transports only");
    }
    return opened(new SockJsHttp(vertx, port, query, transport, localAddress), null);
  }

  private static SockJsProbe opened(Wire socket, WsProbe webSocket) {
    String open = socket.nextText();
    if (!"o".equals(open)) {
      throw new AssertionError("expected SockJS open frame, got " + open);
    }
    return new SockJsProbe(socket, webSocket);
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

  /** How Herald ended a session: the code and error of its last bridge message, then SockJS's own close frame. */
  public record Closing(int code, String error) {
  }

  /**
   * Reads until the session closes and returns the code and error of Herald's last bridge message before the SockJS
   * close frame (the frame itself always says 3000: vertx-web writes it). Fails when the session closed without one.
   */
  public Closing awaitClosing() {
    Closing closing = null;
    while (true) {
      for (Object item : pending) {
        JsonObject message = new JsonObject((String) item);
        if ("err".equals(message.getString("type")) && message.containsKey("code")) {
          closing = new Closing(message.getInteger("code"), message.getString("body"));
        }
      }
      pending.clear();
      String frame = socket.nextText();
      if (frame.startsWith("a")) {
        pending = new JsonArray(frame.substring(1));
      } else if (frame.startsWith("c")) {
        if (closing == null) {
          throw new AssertionError("SockJS session closed without Herald's last message: " + frame);
        }
        return closing;
      }
    }
  }

  /** The WebSocket under a websocket-transport session. */
  public WsProbe raw() {
    return webSocket;
  }

  public void close() {
    socket.close();
  }
}
