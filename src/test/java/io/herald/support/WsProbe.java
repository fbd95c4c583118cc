package io.herald.support;

import io.vertx.core.Vertx;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A blocking raw WebSocket test client: collects every text frame and the close code. */
public final class WsProbe {

  private static final int WAIT_SECONDS = 10;

  private final WebSocketClient client;
  private final ClientWebSocket socket;
  private final BlockingQueue<String> texts = new LinkedBlockingQueue<>();
  private final List<String> all = new ArrayList<>();
  private final CompletableFuture<Short> closed = new CompletableFuture<>();

  private WsProbe(WebSocketClient client, ClientWebSocket socket) {
    this.client = client;
    this.socket = socket;
    socket.textMessageHandler(text -> {
      synchronized (all) {
        all.add(text);
      }
      texts.add(text);
    });
    socket.closeHandler(v -> closed.complete(socket.closeStatusCode()));
  }

  public static WsProbe connect(Vertx vertx, int port, String uri) {
    return connect(vertx, new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI(uri));
  }

  /**
   * Connects with every handler in place first. Vert.x 5.0's ClientWebSocket sets its handlers again once the
   * handshake completes, and fails the connect with "WebSocket is closed" when the server closed the socket in the same
   * read as its handshake answer (an instant refusal): that race is the client's, so the connection is tried again.
   */
  public static WsProbe connect(Vertx vertx, WebSocketConnectOptions options) {
    for (int attempt = 1; ; attempt++) {
      WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions()
        .setMaxFrameSize(1 << 20).setMaxMessageSize(1 << 20));
      WsProbe probe = new WsProbe(client, client.webSocket());
      try {
        Await.await(probe.socket.connect(options));
        return probe;
      } catch (IllegalStateException closedDuringHandshake) {
        client.close();
        if (attempt == 3 || !"WebSocket is closed".equals(closedDuringHandshake.getMessage())) {
          throw closedDuringHandshake;
        }
      }
    }
  }

  public void send(JsonObject frame) {
    sendText(frame.encode());
  }

  public void sendText(String text) {
    Await.await(socket.writeTextMessage(text));
  }

  /** The next text frame, raw. */
  public String nextText() {
    try {
      String text = texts.poll(WAIT_SECONDS, TimeUnit.SECONDS);
      if (text == null) {
        throw new AssertionError("no frame within " + WAIT_SECONDS + " s; received so far: " + received());
      }
      return text;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  public JsonObject next() {
    return new JsonObject(nextText());
  }

  /** Skips frames until one of the type arrives. */
  public JsonObject await(String type) {
    while (true) {
      JsonObject frame = next();
      if (type.equals(frame.getString("type"))) {
        return frame;
      }
    }
  }

  /** Sends a ping and returns every frame that arrived before its pong: a barrier for "received nothing else". */
  public List<JsonObject> drain() {
    send(new JsonObject().put("type", "ping"));
    List<JsonObject> before = new ArrayList<>();
    for (JsonObject frame = next(); !"pong".equals(frame.getString("type")); frame = next()) {
      before.add(frame);
    }
    return before;
  }

  public short awaitClose() {
    try {
      return closed.get(WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("socket not closed within " + WAIT_SECONDS + " s", e);
    }
  }

  public List<String> received() {
    synchronized (all) {
      return List.copyOf(all);
    }
  }

  public WebSocket socket() {
    return socket;
  }

  public void close() {
    if (!socket.isClosed()) {
      Await.await(socket.close());
    }
    client.close();
  }
}
