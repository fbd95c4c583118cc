package io.herald.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.function.IntFunction;

/**
 * Opens many authenticated sockets (raw or SockJS websocket transport) and hands every received message to a
 * listener as bytes, not even decoded to a String: with 10,000 sockets on the same two cores, parsing every frame in the load tool would
 * dominate the latency being measured. Handlers are set before connecting ({@link ClientWebSocket}), so no frame
 * can arrive before its handler.
 */
final class BenchClients {

  private final Vertx vertx;
  private final WebSocketClient client;
  private final String host;
  private final int port;
  private final List<WebSocket> sockets = new ArrayList<>();

  BenchClients(Vertx vertx, String host, int port) {
    this.vertx = vertx;
    this.host = host;
    this.port = port;
    this.client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(50_000)
      .setConnectTimeout(60_000).setMaxFrameSize(1 << 20));
  }

  /**
   * Connects {@code count} raw sockets, {@code batch} at a time; resolves once each got its {@code connected} frame.
   * The token goes in the URL ({@code ?token=}) or, with {@code authFrame}, in a first {@code auth} frame.
   */
  void connectRaw(int count, int batch, IntFunction<String> token, boolean authFrame, BiConsumer<Integer, Buffer> listener) {
    connect(count, batch, i -> authFrame ? "/ws/dashboard" : "/ws/dashboard?token=" + token.apply(i), (i, socket, ready) ->
      socket.handler(data -> {
        if (startsWith(data, CONNECTED)) {
          ready.tryComplete();
        } else {
          listener.accept(i, data);
        }
      }), authFrame ? i -> new JsonObject().put("type", "auth").put("token", token.apply(i)).encode() : null);
  }

  /** SockJS sessions over the websocket transport, each registered on {@code address}; ready when the register is sent. */
  void connectSockJs(int count, int batch, IntFunction<String> token, String address, BiConsumer<Integer, Buffer> listener) {
    connect(count, batch, i -> "/eventbus/000/" + UUID.randomUUID().toString().substring(0, 8) + "/websocket?token=" + token.apply(i),
      (i, socket, ready) -> socket.handler(data -> {
        if (data.length() == 1 && data.getByte(0) == 'o') {
          socket.writeTextMessage(new JsonArray().add(new JsonObject().put("type", "register").put("address", address).encode()).encode());
          ready.tryComplete();
        } else if (data.length() > 0 && data.getByte(0) == 'a') {
          listener.accept(i, data);
        }
      }), null);
  }

  private static final byte[] CONNECTED = "{\"type\":\"connected\"".getBytes(StandardCharsets.UTF_8);

  /** Whether a frame's bytes begin with {@code prefix}; the tool never decodes frames it only counts. */
  static boolean startsWith(Buffer data, byte[] prefix) {
    if (data.length() < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (data.getByte(i) != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  interface Wiring {
    void wire(int index, ClientWebSocket socket, Promise<Void> ready);
  }

  private void connect(int count, int batch, IntFunction<String> uri, Wiring wiring, IntFunction<String> firstFrame) {
    for (int start = 0; start < count; start += batch) {
      List<Future<Void>> opening = new ArrayList<>();
      for (int i = start; i < Math.min(count, start + batch); i++) {
        int index = i;
        Promise<Void> ready = Promise.promise();
        WebSocketConnectOptions options = new WebSocketConnectOptions().setHost(host).setPort(port).setURI(uri.apply(i));
        ClientWebSocket socket = client.webSocket();
        wiring.wire(index, socket, ready);
        socket.closeHandler(closed -> ready.tryFail("socket " + index + " closed: " + socket.closeStatusCode() + " " + socket.closeReason()));
        socket.connect(options).onSuccess(connected -> {
          if (firstFrame != null) {
            connected.writeTextMessage(firstFrame.apply(index));
          }
          synchronized (sockets) {
            sockets.add(connected);
          }
        }).onFailure(ready::tryFail);
        opening.add(ready.future());
      }
      Future.all(opening).await();
    }
  }

  /** The bridge closes sessions that send no bridge ping for 10 s, as vertx-eventbus.js does every 5 s; so do we. */
  long pingBridgeEvery(long millis) {
    String ping = new JsonArray().add(new JsonObject().put("type", "ping").encode()).encode();
    return vertx.setPeriodic(millis, id -> {
      synchronized (sockets) {
        sockets.forEach(socket -> socket.writeTextMessage(ping));
      }
    });
  }

  int size() {
    synchronized (sockets) {
      return sockets.size();
    }
  }

  void closeAll() {
    List<Future<Void>> closing = new ArrayList<>();
    synchronized (sockets) {
      sockets.forEach(socket -> closing.add(socket.close()));
      sockets.clear();
    }
    Future.join(closing).await();
  }

  void shutdown() {
    client.close().await();
  }
}
