package io.herald.sockets;

import io.herald.bus.Addresses;
import io.herald.config.Settings;
import io.herald.support.ApiClient.TestUser;
import io.herald.support.Await;
import io.herald.support.OpenedSockets;
import io.herald.support.OwnNode;
import io.herald.support.SockJsProbe;
import io.herald.support.SockJsTransport;
import io.herald.support.WsProbe;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A node whose sockets verticle runs as three instances: Vert.x hands consecutive connections to different instances,
 * and what is per node (stats, health, revocation, per-user delivery, the bridge's dashboard topics, SockJS sessions
 * over HTTP transports) must count or act across all of them. The caps across instances are in {@link SocketCapsTest}.
 */
class SocketInstancesTest {

  private static final int INSTANCES = 3;
  private static final int TABS = 3;
  private static final int SESSIONS = 100;

  private static OwnNode node;
  private final OpenedSockets sockets = new OpenedSockets(node);

  @BeforeAll
  static void startNode() {
    node = OwnNode.start(new JsonObject().put(Settings.SOCKETS_INSTANCES.key(), INSTANCES));
  }

  @AfterAll
  static void stopNode() {
    node.stop();
  }

  @AfterEach
  void closeSockets() {
    sockets.closeAll();
  }

  @Test
  void statsAndHealthCountEveryInstanceOnceAndEveryUserOnce() {
    TestUser student = node.api().newUser(node.admin(), "student");
    TestUser porter = node.api().newUser(node.admin(), "porter");
    sockets.spreadOverInstances(student, "", TABS);
    sockets.raw("/ws/notifications?token=" + porter.token()).await("connected");
    sockets.sockJs("token=" + porter.token());
    Await.until("the SockJS session is counted", () -> node.socketConnections() == TABS + 2);

    JsonObject stats = node.api().get("/api/v1/websocket/stats", node.admin()).bodyAsJsonObject();
    assertThat(stats.getJsonArray("nodes")).hasSize(1);
    assertThat(stats.getInteger("connections")).isEqualTo(TABS + 2);
    assertThat(stats.getInteger("users")).isEqualTo(2);
    assertThat(stats.getJsonObject("by_role")).isEqualTo(new JsonObject().put("student", TABS).put("porter", 2));
    assertThat(stats.getJsonObject("by_transport")).isEqualTo(new JsonObject().put("websocket", TABS + 1).put("sockjs", 1));
    JsonObject seed = node.api().get("/ws/stats", node.admin()).bodyAsJsonObject();
    assertThat(seed.getInteger("total_connections")).isEqualTo(TABS + 2);
    assertThat(seed.getInteger("connected_users")).isEqualTo(2);
  }

  @Test
  void aDisabledUserIsClosedOnEveryInstance() {
    TestUser porter = node.api().newUser(node.admin(), "porter");
    List<WsProbe> tabs = sockets.spreadOverInstances(porter, "", TABS);

    node.api().updateUser(node.admin(), porter.id(), new JsonObject().put("disabled", true));

    for (WsProbe tab : tabs) {
      assertThat(tab.await("revoked").getString("reason")).isEqualTo("user_disabled");
      assertThat(tab.awaitClose()).isEqualTo((short) 4403);
    }
  }

  @Test
  void notificationsReachTheUsersSocketsOnEveryInstanceOnceAndInOrder() {
    TestUser student = node.api().newUser(node.admin(), "student");
    List<WsProbe> tabs = sockets.spreadOverInstances(student, "", TABS);

    assertThat(node.api().notify(node.admin(), student.id(), "first").statusCode()).isEqualTo(201);
    assertThat(node.api().notify(node.admin(), student.id(), "second").statusCode()).isEqualTo(201);

    for (WsProbe tab : tabs) {
      assertThat(tab.await("notification").getJsonObject("data").getString("title")).isEqualTo("first");
      assertThat(tab.await("notification").getJsonObject("data").getString("title")).isEqualTo("second");
      assertThat(tab.drain()).noneMatch(frame -> "notification".equals(frame.getString("type")));
    }
  }

  /**
   * The speaker republishes a user's messages for the SockJS bridge only while the node holds an authenticated session
   * of theirs, whatever instance holds it: each session counts, and closing one leaves the others counted.
   */
  @Test
  void notificationsReachEachOfAUsersSockJsSessionsAndTheOthersOnceOneCloses() {
    TestUser alice = node.api().newUser(node.admin(), "student");
    String own = Addresses.userNotifications(alice.id());
    List<SockJsProbe> sessions = new ArrayList<>();
    for (int i = 0; i < TABS; i++) {
      SockJsProbe session = sockets.sockJs("token=" + alice.token());
      session.register(own, null);
      session.register(Addresses.DASHBOARD_COMPLAINT_UPDATES, null);
      assertThat(session.next().getString("body")).isEqualTo("rejected");
      sessions.add(session);
    }

    assertThat(node.api().notify(node.admin(), alice.id(), "first").statusCode()).isEqualTo(201);
    for (SockJsProbe session : sessions) {
      assertThat(session.awaitAddress(own).getJsonObject("body").getJsonObject("data").getString("title")).isEqualTo("first");
    }
    sessions.remove(0).close();
    Await.until("the closed session is no longer counted", () -> node.socketConnections() == TABS - 1);

    assertThat(node.api().notify(node.admin(), alice.id(), "second").statusCode()).isEqualTo(201);
    for (SockJsProbe session : sessions) {
      assertThat(session.awaitAddress(own).getJsonObject("body").getJsonObject("data").getString("title")).isEqualTo("second");
    }
  }

  /**
   * A SockJS session over an HTTP transport is several requests on several connections, which Vert.x hands to
   * different instances: one instance serves these transports, and the others relay their requests to it.
   */
  @ParameterizedTest
  @EnumSource(value = SockJsTransport.class, names = {"XHR_POLLING", "XHR_STREAMING", "EVENTSOURCE"})
  void eachSockJsHttpTransportCarriesTheBridgeAcrossInstances(SockJsTransport transport) {
    TestUser alice = node.api().newUser(node.admin(), "student");
    TestUser bob = node.api().newUser(node.admin(), "student");
    assertThat(node.api().notify(node.admin(), alice.id(), "while away").statusCode()).isEqualTo(201);
    SockJsProbe socket = SockJsProbe.connect(node.vertx(), node.port(), "token=" + alice.token(), transport);

    socket.request(Addresses.BRIDGE_RESUME, new JsonObject().put("last_id", 0).put("await_register", true), "resume", null);
    socket.register(Addresses.userNotifications(alice.id()), null);
    JsonObject resumed = socket.awaitAddress("resume").getJsonObject("body");
    assertThat(resumed.getJsonArray("items")).singleElement()
      .satisfies(row -> assertThat(((JsonObject) row).getString("title")).isEqualTo("while away"));
    socket.register(Addresses.userNotifications(bob.id()), null);
    assertThat(socket.next().getString("body")).isEqualTo("rejected");

    assertThat(node.api().notify(node.admin(), bob.id(), "for bob").statusCode()).isEqualTo(201);
    for (int i = 1; i <= 3; i++) {
      assertThat(node.api().notify(node.admin(), alice.id(), "live " + i).statusCode()).isEqualTo(201);
    }
    for (int i = 1; i <= 3; i++) {
      JsonObject live = socket.awaitAddress(Addresses.userNotifications(alice.id())).getJsonObject("body");
      assertThat(live.getJsonObject("data").getString("title")).isEqualTo("live " + i);
    }
    socket.request(Addresses.BRIDGE_UNREAD_COUNT, new JsonObject(), "count", null);
    assertThat(socket.awaitAddress("count").getJsonObject("body").getInteger("count")).isEqualTo(4);
    socket.close();
  }

  /**
   * Fresh sessions hold from their first request on: when each instance handled these transports itself, about one in
   * a hundred vanished between its first poll and its first send, its requests handled on two event loops at once.
   */
  @ParameterizedTest
  @EnumSource(value = SockJsTransport.class, names = {"XHR_POLLING", "EVENTSOURCE"})
  void manyFreshSessionsOverHttpHoldAcrossInstances(SockJsTransport transport) {
    for (int i = 0; i < SESSIONS; i++) {
      TestUser student = node.api().newUser(node.admin(), "student");
      SockJsProbe socket = SockJsProbe.connect(node.vertx(), node.port(), "token=" + student.token(), transport);
      socket.request(Addresses.BRIDGE_UNREAD_COUNT, new JsonObject(), "count", null);
      assertThat(socket.awaitAddress("count").getJsonObject("body").getInteger("count")).as("session %d", i).isZero();
      socket.close();
    }
  }

  /** The script transports (old browsers) open their sessions whichever instance a connection lands on. */
  @ParameterizedTest
  @ValueSource(strings = {"htmlfile?c=cb", "jsonp?c=cb"})
  void theScriptTransportsOpenSessionsOnEveryConnection(String transport) {
    HttpClientAgent client = node.vertx().createHttpClient(new HttpClientOptions().setKeepAlive(false));
    try {
      for (int i = 0; i < 2 * INSTANCES; i++) {
        String uri = "/eventbus/000/" + UUID.randomUUID().toString().substring(0, 8) + "/" + transport;
        String opened = Await.await(client.request(HttpMethod.GET, node.port(), "127.0.0.1", uri).compose(request ->
          request.send().compose(response -> {
            assertThat(response.statusCode()).isEqualTo(200);
            return textUntil(response, "\"o\"");
          })));
        assertThat(opened).as("connection %d", i).contains("\"o\"");
      }
    } finally {
      client.close();
    }
  }

  /** The response's text up to the first chunk that holds {@code marker} (a streaming transport never ends by itself). */
  private static Future<String> textUntil(HttpClientResponse response, String marker) {
    Promise<String> found = Promise.promise();
    StringBuilder text = new StringBuilder();
    response.handler(chunk -> {
      text.append(chunk.toString());
      if (text.indexOf(marker) >= 0) {
        found.tryComplete(text.toString());
        response.request().connection().close();
      }
    });
    response.endHandler(end -> found.tryComplete(text.toString()));
    return found.future();
  }

  @Test
  void sockJsOverItsWebSocketHoldsEverySessionAcrossInstances() {
    for (int i = 0; i < SESSIONS; i++) {
      // a user of its own for each session: a user's resumes are budgeted
      TestUser student = node.api().newUser(node.admin(), "student");
      SockJsProbe socket = SockJsProbe.connect(node.vertx(), node.port(), "token=" + student.token());
      socket.request(Addresses.BRIDGE_RESUME, new JsonObject().put("last_id", 0).put("await_register", true), "resume", null);
      socket.register(Addresses.userNotifications(student.id()), null);
      assertThat(socket.awaitAddress("resume").getJsonObject("body").getBoolean("complete")).isTrue();
      socket.request(Addresses.BRIDGE_UNREAD_COUNT, new JsonObject(), "count", null);
      assertThat(socket.awaitAddress("count").getJsonObject("body").getInteger("count")).isZero();
      socket.close();
    }
  }

  /** The bridge's dashboard topics are node-wide: one instance republishes each event, or a client gets it once per instance. */
  @Test
  void aDashboardTopicOverTheBridgeCarriesEachEventOnce() {
    TestUser reporter = node.api().newUser(node.admin(), "student");
    SockJsProbe socket = sockets.sockJs("token=" + reporter.token());
    String topic = Addresses.studentDashboard(reporter.id());
    socket.register(topic, null);
    String hostel = "hostel-" + UUID.randomUUID().toString().substring(0, 8);
    long id = node.api().createComplaint(reporter.token(), hostel, "low").getLong("id");
    assertThat(socket.awaitAddress(topic).getJsonObject("body").getString("type")).isEqualTo("new_complaint");

    node.api().send(HttpMethod.PATCH, "/api/v1/complaints/" + id + "/status", node.admin(),
      new JsonObject().put("status", "in_progress"));

    assertThat(socket.awaitAddress(topic).getJsonObject("body").getString("type")).isEqualTo("status_update");
  }
}
