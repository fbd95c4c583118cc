package io.herald.sockets;

import io.herald.Herald;
import io.herald.support.ApiClient;
import io.herald.support.ApiClient.TestUser;
import io.herald.support.Await;
import io.herald.support.SockJsProbe;
import io.herald.support.TestNode;
import io.herald.support.WsProbe;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SocketLifecycleTest {

  @Test
  void shutdownClosesRawSocketsAndSockJsSessionsWith1001() {
    Vertx vertx = Vertx.vertx();
    Herald herald = TestNode.start(vertx);
    ApiClient api = new ApiClient(vertx, herald.httpPort());
    TestUser user = api.newUser(api.adminToken(), "student");
    WsProbe raw = WsProbe.connect(vertx, herald.httpPort(), "/ws/notifications?token=" + user.token());
    raw.await("connected");
    SockJsProbe sockjs = SockJsProbe.connect(vertx, herald.httpPort(), "token=" + user.token());
    api.close();
    Await.await(herald.stop());
    assertThat(raw.awaitClose()).isEqualTo((short) 1001);
    assertThat(sockjs.awaitClosing()).isEqualTo(new SockJsProbe.Closing(1001, "shutting_down"));
    sockjs.raw().awaitClose();
    Await.await(vertx.close());
  }

  @Test
  void thousandsOfConnectDisconnectCyclesLeaveNoConnectionBehind() {
    Vertx vertx = Vertx.vertx();
    Herald herald = TestNode.start(vertx);
    ApiClient api = new ApiClient(vertx, herald.httpPort());
    String admin = api.adminToken();
    TestUser user = api.newUser(admin, "student");
    WebSocketClient client = vertx.createWebSocketClient();
    WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(herald.httpPort())
      .setURI("/ws/notifications?token=" + user.token());
    for (int round = 0; round < 40; round++) {
      List<Future<Void>> cycles = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        // Handlers before connecting: the connected frame may arrive in the same read as the handshake response.
        ClientWebSocket socket = client.webSocket();
        var connected = io.vertx.core.Promise.<Void>promise();
        boolean[] framed = new boolean[1];
        socket.textMessageHandler(text -> {
          framed[0] = true;
          socket.close().onComplete(connected);
        });
        socket.closeHandler(closed -> {
          if (!framed[0]) {
            connected.tryFail("closed by the server before any frame: " + socket.closeStatusCode() + " " + socket.closeReason());
          }
        });
        cycles.add(socket.connect(options).compose(open -> connected.future()));
      }
      Await.await(Future.all(cycles));
    }
    JsonObject stats = statsWhenSettled(api, admin);
    assertThat(stats.getInteger("connections")).isZero();
    assertThat(stats.getInteger("users")).isZero();
    assertThat(stats.getLong("delivered")).isGreaterThanOrEqualTo(2_000L);
    client.close();
    api.close();
    Await.await(herald.stop());
    Await.await(vertx.close());
  }

  @Test
  void statsCountConnectionsByRoleAndTransportForAdminsOnly() {
    Vertx vertx = Vertx.vertx();
    Herald herald = TestNode.start(vertx);
    ApiClient api = new ApiClient(vertx, herald.httpPort());
    String admin = api.adminToken();
    TestUser porter = api.newUser(admin, "porter");
    TestUser student = api.newUser(admin, "student");
    WsProbe raw = WsProbe.connect(vertx, herald.httpPort(), "/ws/notifications?token=" + porter.token());
    raw.await("connected");
    SockJsProbe sockjs = SockJsProbe.connect(vertx, herald.httpPort(), "token=" + student.token());
    JsonObject stats = api.get("/api/v1/websocket/stats", admin).bodyAsJsonObject();
    assertThat(stats.getInteger("connections")).isEqualTo(2);
    assertThat(stats.getInteger("users")).isEqualTo(2);
    assertThat(stats.getJsonObject("by_transport")).isEqualTo(new JsonObject().put("websocket", 1).put("sockjs", 1));
    assertThat(stats.getJsonObject("by_role")).isEqualTo(new JsonObject().put("porter", 1).put("student", 1));
    assertThat(stats.getJsonArray("nodes")).hasSize(1);
    assertThat(api.get("/api/v1/websocket/stats", student.token()).statusCode()).isEqualTo(403);
    assertThat(api.get("/api/v1/websocket/stats", null).statusCode()).isEqualTo(401);
    HttpResponse<Buffer> health = api.get("/api/v1/websocket/health", null);
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.bodyAsJsonObject().getString("status")).isEqualTo("UP");
    assertThat(health.bodyAsJsonObject().getInteger("connections")).isEqualTo(2);
    raw.close();
    sockjs.close();
    api.close();
    Await.await(herald.stop());
    Await.await(vertx.close());
  }

  /** Closing is asynchronous on the server side too; poll the stats until the last close was processed. */
  private static JsonObject statsWhenSettled(ApiClient api, String admin) {
    JsonObject stats = api.get("/api/v1/websocket/stats", admin).bodyAsJsonObject();
    for (int i = 0; i < 50 && stats.getInteger("connections") > 0; i++) {
      stats = api.get("/api/v1/websocket/stats", admin).bodyAsJsonObject();
    }
    return stats;
  }
}
