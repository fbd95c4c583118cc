package io.herald.sockets;

import io.herald.bus.Addresses;
import io.herald.support.ApiClient.TestUser;
import io.herald.support.Await;
import io.herald.support.NodeTest;
import io.herald.support.Notifier;
import io.herald.support.SockJsProbe;
import io.herald.support.SockJsTransport;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The SockJS bridge spoken over each fallback transport a browser uses where WebSocket is blocked. */
class SockJsTransportsTest extends NodeTest {

  private static final String FOREIGN = "http://evil.example";
  private static final int FRESH_SESSIONS = 100;

  /** A connection per request: vertx-web closes the connection after every polling response. */
  private static WebClient web() {
    return WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(node.httpPort())
      .setKeepAlive(false));
  }

  private static String session() {
    return "/eventbus/000/" + UUID.randomUUID().toString().substring(0, 8) + "/";
  }

  @ParameterizedTest
  @EnumSource(value = SockJsTransport.class, names = {"XHR_POLLING", "XHR_STREAMING", "EVENTSOURCE"})
  void bridgeResumesRegistersReceivesSendsAndRefusesAnotherUsersAddress(SockJsTransport transport) {
    TestUser alice = api.newUser(admin, "student");
    TestUser bob = api.newUser(admin, "student");
    Notifier notifier = new Notifier(vertx, api, admin);
    Await.await(notifier.notify(alice.id(), "while away"));
    SockJsProbe socket = SockJsProbe.connect(vertx, node.httpPort(), "token=" + alice.token(), transport);

    socket.request(Addresses.BRIDGE_RESUME, new JsonObject().put("last_id", 0).put("await_register", true), "resume-1", null);
    socket.register(Addresses.userNotifications(alice.id()), null);
    JsonObject resumed = socket.next();
    assertThat(resumed.getString("address")).isEqualTo("resume-1");
    assertThat(resumed.getJsonObject("body").getJsonArray("items")).singleElement()
      .satisfies(row -> assertThat(((JsonObject) row).getString("title")).isEqualTo("while away"));
    assertThat(resumed.getJsonObject("body").getBoolean("complete")).isTrue();

    socket.register(Addresses.userNotifications(bob.id()), null);
    assertThat(socket.next().getString("body")).isEqualTo("rejected");

    Await.await(notifier.notify(bob.id(), "for bob"));
    Await.await(notifier.notify(alice.id(), "live"));
    JsonObject live = socket.awaitAddress(Addresses.userNotifications(alice.id())).getJsonObject("body");
    assertThat(live.getString("type")).isEqualTo("notification");
    assertThat(live.getJsonObject("data").getString("title")).isEqualTo("live");

    socket.request(Addresses.BRIDGE_UNREAD_COUNT, new JsonObject(), "count-1", null);
    assertThat(socket.awaitAddress("count-1").getJsonObject("body").getInteger("count")).isEqualTo(2);
    socket.close();
  }

  /**
   * A session over an HTTP transport is several requests; on one instance (the default) they are all handled on one
   * event loop, and fresh sessions hold from their first poll on (with requests on several event loops about one in
   * a hundred vanished: {@link SocketInstancesTest}).
   */
  @ParameterizedTest
  @EnumSource(value = SockJsTransport.class, names = {"XHR_POLLING", "EVENTSOURCE"})
  void manyFreshSessionsOverHttpHoldFromTheirFirstRequest(SockJsTransport transport) {
    for (int i = 0; i < FRESH_SESSIONS; i++) {
      TestUser user = api.newUser(admin, "student");
      SockJsProbe socket = SockJsProbe.connect(vertx, node.httpPort(), "token=" + user.token(), transport);
      socket.request(Addresses.BRIDGE_UNREAD_COUNT, new JsonObject(), "count", null);
      assertThat(socket.awaitAddress("count").getJsonObject("body").getInteger("count")).as("session %d", i).isZero();
      socket.close();
    }
  }

  @Test
  void anOversizedXhrSendBodyIsRefusedAndTheSessionCarriesOn() {
    TestUser alice = api.newUser(admin, "student");
    WebClient client = web();
    try {
      String session = session();
      String token = "?token=" + alice.token();
      assertThat(Await.await(client.post(session + "xhr" + token).send()).bodyAsString()).isEqualTo("o\n");
      String huge = new JsonArray().add("x".repeat(SocketSettings.MAX_WIRE_FRAME_BYTES + 1)).encode();

      HttpResponse<Buffer> refused = Await.await(client.post(session + "xhr_send" + token)
        .putHeader("Content-Type", "text/plain").sendBuffer(Buffer.buffer(huge)));

      assertThat(refused.statusCode()).isEqualTo(413);
      String ping = new JsonArray().add(new JsonObject().put("type", "ping").encode()).encode();
      assertThat(Await.await(client.post(session + "xhr_send" + token).putHeader("Content-Type", "text/plain")
        .sendBuffer(Buffer.buffer(ping))).statusCode()).isEqualTo(204);
    } finally {
      client.close();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"info", "xhr", "xhr_streaming", "eventsource", "htmlfile?c=cb", "jsonp?c=cb", "xhr_send",
    "jsonp_send", "websocket"})
  void aForeignOriginIsRefusedOnEveryTransport(String transport) {
    WebClient client = web();
    try {
      String uri = transport.equals("info") ? "/eventbus/info" : session() + transport;
      HttpMethod method = transport.startsWith("xhr") || transport.endsWith("_send") ? HttpMethod.POST : HttpMethod.GET;
      HttpResponse<Buffer> response = Await.await(client.request(method, uri).putHeader("Origin", FOREIGN)
        .putHeader("Content-Type", "text/plain").sendBuffer(Buffer.buffer("[\"{}\"]")));
      assertThat(response.statusCode()).isEqualTo(403);
    } finally {
      client.close();
    }
  }
}
