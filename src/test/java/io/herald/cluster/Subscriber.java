package io.herald.cluster;

import io.herald.bus.Addresses;
import io.vertx.core.Vertx;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * A client of one user that behaves like Herald's own clients: it counts every notification id it receives (live or
 * replayed), and when its connection dies or falls silent for {@link #SILENCE_MILLIS} it reconnects to the next
 * address and resumes from the last id it saw. Raw WebSocket or SockJS (websocket transport, bridge resume).
 */
final class Subscriber implements AutoCloseable {

  enum Transport { RAW, SOCKJS }

  static final long SILENCE_MILLIS = 3 * LocalCluster.PING_INTERVAL_MS;
  private static final long RETRY_MILLIS = 300;

  private final Vertx vertx;
  private final Transport transport;
  private final long userId;
  private final String token;
  private final IntSupplier nextPort;
  private final WebSocketClient client;
  private final List<Long> received = new ArrayList<>();
  private final List<Integer> connectedPorts = new ArrayList<>();
  private final List<Integer> closeCodes = new ArrayList<>();
  private ClientWebSocket socket;
  private long lastHeard;
  private long lastId;
  private boolean ready;
  private boolean closed;
  private final long watchdog;

  /** Connects through {@code nextPort}, asked again on every reconnect. */
  Subscriber(Vertx vertx, Transport transport, long userId, String token, IntSupplier nextPort) {
    this.vertx = vertx;
    this.transport = transport;
    this.userId = userId;
    this.token = token;
    this.nextPort = nextPort;
    this.client = vertx.createWebSocketClient(new WebSocketClientOptions().setConnectTimeout(2_000)
      .setMaxFrameSize(1 << 20).setMaxMessageSize(1 << 22));
    this.watchdog = vertx.setPeriodic(500, id -> checkSilence());
    vertx.runOnContext(v -> connect());
  }

  /** Every notification id received so far, in arrival order, duplicates included. */
  synchronized List<Long> received() {
    return List.copyOf(received);
  }

  /** True once the current connection has resumed: live delivery is in place. */
  synchronized boolean ready() {
    return ready;
  }

  /** The close codes servers gave (WebSocket close frame, or the code of a SockJS session's last {@code err} message). */
  synchronized List<Integer> closeCodes() {
    return List.copyOf(closeCodes);
  }

  synchronized List<Integer> connectedPorts() {
    return List.copyOf(connectedPorts);
  }

  @Override
  public synchronized String toString() {
    return transport + " client connected to ports " + connectedPorts;
  }

  @Override
  public void close() {
    synchronized (this) {
      closed = true;
    }
    vertx.cancelTimer(watchdog);
    client.close();
  }

  private void connect() {
    synchronized (this) {
      if (closed) {
        return;
      }
      ready = false;
    }
    int port = nextPort.getAsInt();
    ClientWebSocket candidate = client.webSocket();
    candidate.textMessageHandler(text -> onText(candidate, text));
    candidate.closeHandler(v -> lost(candidate));
    candidate.exceptionHandler(failure -> lost(candidate));
    candidate.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI(uri()))
      .timeout(SILENCE_MILLIS, TimeUnit.MILLISECONDS)
      .onSuccess(connected -> {
        synchronized (this) {
          socket = candidate;
          lastHeard = System.currentTimeMillis();
          connectedPorts.add(port);
        }
        keepAlive(candidate);
      })
      .onFailure(failure -> vertx.setTimer(RETRY_MILLIS, id -> connect()));
  }

  private synchronized long lastSeen() {
    return lastId;
  }

  private String uri() {
    return transport == Transport.RAW
      ? "/ws/notifications?token=" + token + "&last_id=" + lastSeen()
      : "/eventbus/000/" + UUID.randomUUID().toString().substring(0, 8) + "/websocket?token=" + token;
  }

  /** Reconnects once per lost connection (its close and its exception both report it). */
  private void lost(ClientWebSocket which) {
    synchronized (this) {
      if (socket != which) {
        return;
      }
      socket = null;
      // before the connection is closed, Vert.x 5.0's closeStatusCode() throws instead of answering null
      // (eclipse-vertx/vert.x#6144): an exception reported ahead of the close would leave this client unconnected
      if (transport == Transport.RAW && which.isClosed() && which.closeStatusCode() != null) {
        closeCodes.add((int) which.closeStatusCode());
      }
    }
    vertx.setTimer(RETRY_MILLIS, id -> connect());
  }

  /** Like SockJS clients, acts on Herald's last message (an {@code err} with a close code): the session is over. */
  private void closedBySockJs(ClientWebSocket which, Integer code) {
    synchronized (this) {
      if (socket != which) {
        return;
      }
      socket = null;
      if (code != null) {
        closeCodes.add(code);
      }
    }
    which.close();
    vertx.setTimer(RETRY_MILLIS, id -> connect());
  }

  /** A connection silent past the server's heartbeats is dead (a frozen node keeps its TCP connections open). */
  private void checkSilence() {
    ClientWebSocket current;
    synchronized (this) {
      current = socket;
      if (current == null || System.currentTimeMillis() - lastHeard < SILENCE_MILLIS) {
        return;
      }
      socket = null;
    }
    current.closeHandler(null);
    current.exceptionHandler(null);
    current.textMessageHandler(null);
    current.close();
    connect();
  }

  private void onText(ClientWebSocket from, String text) {
    synchronized (this) {
      if (from != socket) {
        return;
      }
      lastHeard = System.currentTimeMillis();
    }
    if (transport == Transport.RAW) {
      onRawFrame(new JsonObject(text));
    } else {
      onSockJsFrame(from, text);
    }
  }

  private void onRawFrame(JsonObject frame) {
    switch (frame.getString("type", "")) {
      case "notification" -> notification(frame.getJsonObject("data"));
      case "resumed" -> markReady();
      default -> {
      }
    }
  }

  private void onSockJsFrame(ClientWebSocket from, String frame) {
    if ("o".equals(frame)) {
      write(from, new JsonObject().put("type", "send").put("address", Addresses.BRIDGE_RESUME)
        .put("body", new JsonObject().put("last_id", lastSeen()).put("await_register", true)).put("replyAddress", "resume"));
      write(from, new JsonObject().put("type", "register").put("address", Addresses.userNotifications(userId)));
    } else if (frame.startsWith("a")) {
      new JsonArray(frame.substring(1)).forEach(item -> onBridgeMessage(from, new JsonObject((String) item)));
    } else if (frame.startsWith("c")) {
      closedBySockJs(from, null);
    }
  }

  private void onBridgeMessage(ClientWebSocket from, JsonObject message) {
    if ("err".equals(message.getString("type")) && message.containsKey("code")) {
      closedBySockJs(from, message.getInteger("code"));
    } else if ("resume".equals(message.getString("address"))) {
      message.getJsonObject("body").getJsonArray("items").forEach(item -> notification((JsonObject) item));
      markReady();
    } else if (Addresses.userNotifications(userId).equals(message.getString("address"))) {
      JsonObject envelope = message.getJsonObject("body");
      if ("notification".equals(envelope.getString("type"))) {
        notification(envelope.getJsonObject("data"));
      }
    }
  }

  /** Pings like Herald's clients do; the raw socket answers with a pong frame, so silence means a dead node. */
  private void keepAlive(ClientWebSocket connected) {
    vertx.setPeriodic(LocalCluster.PING_INTERVAL_MS, id -> {
      if (connected.isClosed()) {
        vertx.cancelTimer(id);
      } else if (transport == Transport.RAW) {
        connected.writeTextMessage(new JsonObject().put("type", "ping").encode());
      } else {
        write(connected, new JsonObject().put("type", "ping"));
      }
    });
  }

  private void write(ClientWebSocket to, JsonObject bridgeMessage) {
    to.writeTextMessage(new JsonArray().add(bridgeMessage.encode()).encode());
  }

  private synchronized void notification(JsonObject row) {
    long id = row.getLong("id");
    received.add(id);
    lastId = Math.max(lastId, id);
  }

  private synchronized void markReady() {
    ready = true;
  }
}
