package io.herald.sockets;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.herald.bus.Addresses;
import io.herald.config.Settings;
import io.herald.support.ApiClient.TestUser;
import io.herald.support.Await;
import io.herald.support.OwnNode;
import io.herald.support.RawWsClient;
import io.herald.support.SockJsProbe;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The SockJS bridge against clients that misbehave without an account, or with someone else's token. */
class BridgeHardeningTest {

  private static OwnNode node;

  @BeforeAll
  static void startNode() {
    node = OwnNode.start(new JsonObject()
      .put(Settings.WS_AUTH_TIMEOUT_MS.key(), 1_000)
      .put(Settings.WS_PING_INTERVAL_MS.key(), 300));
  }

  @AfterAll
  static void stopNode() {
    node.stop();
  }

  @Test
  void sessionWithoutATokenIsClosedAfterTheAuthTimeoutEvenWhileItPings() {
    SockJsProbe anonymous = SockJsProbe.connect(node.vertx(), node.port(), null);
    for (int i = 0; i < 3; i++) {
      anonymous.send(new JsonObject().put("type", "ping"));
    }
    assertThat(anonymous.awaitClosing()).isEqualTo(new SockJsProbe.Closing(4401, "no_authentication"));
  }

  @Test
  void anotherUsersTokenIsRefusedAndTheSessionKeepsItsIdentity() {
    TestUser alice = node.api().newUser(node.admin(), "student");
    TestUser bob = node.api().newUser(node.admin(), "student");
    JsonObject forBob = new JsonObject().put("user_ids", new JsonArray().add(bob.id())).put("title", "for bob").put("message", "hi");
    assertThat(node.api().post("/api/v1/notifications", node.admin(), forBob).statusCode()).isEqualTo(201);
    SockJsProbe socket = SockJsProbe.connect(node.vertx(), node.port(), "token=" + alice.token());
    socket.register(Addresses.userNotifications(alice.id()), null);

    socket.register(Addresses.userNotifications(bob.id()), new JsonObject().put("token", bob.token()));
    assertThat(socket.next().getString("body")).isEqualTo("auth_refused");
    assertThat(socket.next().getString("body")).isEqualTo("rejected");

    String refreshed = node.api().login(alice.username(), "password-" + alice.username());
    socket.request(Addresses.BRIDGE_UNREAD_COUNT, new JsonObject(), "count-1", new JsonObject().put("token", refreshed));
    assertThat(socket.awaitAddress("count-1").getJsonObject("body").getLong("count")).as("alice's count").isZero();
    node.vertx().eventBus().publish(Addresses.userNotifications(bob.id()), countFrame(99));
    node.vertx().eventBus().publish(Addresses.userNotifications(alice.id()), countFrame(1));
    JsonObject first = socket.next();
    assertThat(first.getString("address")).isEqualTo(Addresses.userNotifications(alice.id()));
    assertThat(first.getJsonObject("body")).isEqualTo(countFrame(1));
    socket.close();
  }

  @Test
  void iframePageLoadsTheBundledSockJsClientFromNoOtherHost() {
    HttpResponse<Buffer> iframe = node.api().get("/eventbus/iframe.html", null);
    assertThat(iframe.statusCode()).isEqualTo(200);
    assertThat(iframe.bodyAsString()).contains("src=\"/vendor/sockjs.min.js\"")
      .doesNotContainPattern("(src|href)=\"(https?:)?//");
    HttpResponse<Buffer> library = node.api().get("/vendor/sockjs.min.js", null);
    assertThat(library.statusCode()).isEqualTo(200);
    assertThat(library.bodyAsString()).contains("SockJS");
  }

  @Test
  void ordinaryDisconnectsAndClientMistakesLogNoError() {
    Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
    ListAppender<ILoggingEvent> log = new ListAppender<>();
    log.start();
    root.addAppender(log);
    try {
      TestUser student = node.api().newUser(node.admin(), "student");
      for (int i = 0; i < 3; i++) {
        RawWsClient dropped = RawWsClient.connect(node.port(), sockJsWebSocket("token=" + student.token()), 64 * 1024);
        dropped.sendText(new JsonArray().add(new JsonObject().put("type", "bogus").put("address", "x").encode()).encode());
        Await.until("the session is counted", () -> node.socketConnections() == 1);
        dropped.drop();
        Await.until("the dropped session is forgotten", () -> node.socketConnections() == 0);
      }
    } finally {
      root.detachAppender(log);
    }
    assertThat(log.list.stream().filter(event -> event.getLevel().isGreaterOrEqual(Level.ERROR))
      .map(event -> event.getLoggerName() + ": " + event.getFormattedMessage())).isEmpty();
  }

  /** A connection per request: SockJS may close the polling request's connection once it has answered. */
  @Test
  void xhrClientsCanSendFrames() {
    WebClient http = WebClient.create(node.vertx(), new WebClientOptions().setDefaultHost("127.0.0.1")
      .setDefaultPort(node.port()).setKeepAlive(false));
    String session = "/eventbus/000/" + UUID.randomUUID().toString().substring(0, 8);
    assertThat(Await.await(http.post(session + "/xhr").send()).bodyAsString()).startsWith("o");
    HttpResponse<Buffer> sent = Await.await(http.post(session + "/xhr_send")
      .sendBuffer(Buffer.buffer(new JsonArray().add(new JsonObject().put("type", "ping").encode()).encode())));
    assertThat(sent.statusCode()).isEqualTo(204);
    http.close();
  }

  private static String sockJsWebSocket(String query) {
    return "/eventbus/000/" + UUID.randomUUID().toString().substring(0, 8) + "/websocket?" + query;
  }

  private static JsonObject countFrame(int count) {
    return new JsonObject().put("type", "unread_count").put("data", new JsonObject().put("count", count));
  }

}
