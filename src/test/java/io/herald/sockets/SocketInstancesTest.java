package io.herald.sockets;

import io.herald.bus.Addresses;
import io.herald.config.ConfigKeys;
import io.herald.support.ApiClient.TestUser;
import io.herald.support.Await;
import io.herald.support.OwnNode;
import io.herald.support.SockJsProbe;
import io.herald.support.WsProbe;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A node whose sockets verticle runs as several instances: Vert.x hands consecutive connections to different instances,
 * and what is per node (caps, resume budgets, stats, revocation, dashboard topics) must count or act across all of them.
 * Each test first checks that its sockets really are spread over more than one instance (the instance is the prefix of
 * the connection id).
 */
class SocketInstancesTest {

  private static final int INSTANCES = 3;
  private static final int PER_USER = 3;
  private static final int PER_ADDRESS = 5;
  private static final int RESUME_BURST = 2;

  private static OwnNode node;
  private final List<Runnable> opened = new ArrayList<>();

  @BeforeAll
  static void startNode() {
    node = OwnNode.start(new JsonObject()
      .put(ConfigKeys.SOCKETS_INSTANCES, INSTANCES)
      .put(ConfigKeys.WS_MAX_SOCKETS_PER_USER, PER_USER)
      .put(ConfigKeys.WS_MAX_SOCKETS_PER_IP, PER_ADDRESS)
      .put(ConfigKeys.WS_RESUME_BURST, RESUME_BURST)
      .put(ConfigKeys.WS_RESUMES_PER_MINUTE, 1));
  }

  @AfterAll
  static void stopNode() {
    node.stop();
  }

  @AfterEach
  void closeSockets() {
    opened.forEach(Runnable::run);
    opened.clear();
    Await.until("all closed", () -> node.socketConnections() == 0);
  }

  @Test
  void theUserCapCountsTheUsersSocketsOnEveryInstance() {
    TestUser student = node.api().newUser(node.admin(), "student");
    List<JsonObject> connected = new ArrayList<>();
    for (int i = 0; i < PER_USER; i++) {
      connected.add(raw("/ws/notifications?token=" + student.token()).await("connected"));
    }
    assertThat(instances(connected)).hasSizeGreaterThan(1);

    WsProbe extra = raw("/ws/notifications?token=" + student.token());
    assertThat(extra.next().getString("code")).isEqualTo("too_many_sockets");
    assertThat(extra.awaitClose()).isEqualTo((short) 1008);
  }

  @Test
  void theAddressCapCountsTheAddressesSocketsOnEveryInstance() {
    List<JsonObject> connected = new ArrayList<>();
    for (int i = 0; i < PER_ADDRESS; i++) {
      connected.add(raw("/ws/notifications?token=" + node.api().newUser(node.admin(), "student").token()).await("connected"));
    }
    assertThat(instances(connected)).hasSizeGreaterThan(1);

    WsProbe extra = raw("/ws/notifications");
    assertThat(extra.next().getString("code")).isEqualTo("too_many_sockets");
    assertThat(extra.awaitClose()).isEqualTo((short) 1008);
  }

  @Test
  void theResumeBudgetIsTheUsersOnEveryInstance() {
    TestUser student = node.api().newUser(node.admin(), "student");
    List<JsonObject> connected = new ArrayList<>();
    for (int i = 0; i < RESUME_BURST; i++) {
      WsProbe tab = raw("/ws/notifications?token=" + student.token() + "&last_id=0");
      connected.add(tab.await("connected"));
      tab.await("resumed");
    }
    assertThat(instances(connected)).hasSizeGreaterThan(1);

    WsProbe limited = raw("/ws/notifications?token=" + student.token() + "&last_id=0");
    limited.await("connected");
    assertThat(limited.await("error").getString("code")).isEqualTo("resume_rate_limited");
  }

  @Test
  void statsAndHealthCountEveryInstanceOnceAndEveryUserOnce() {
    TestUser student = node.api().newUser(node.admin(), "student");
    TestUser porter = node.api().newUser(node.admin(), "porter");
    List<JsonObject> connected = new ArrayList<>();
    for (int i = 0; i < PER_USER; i++) {
      connected.add(raw("/ws/notifications?token=" + student.token()).await("connected"));
    }
    connected.add(raw("/ws/notifications?token=" + porter.token()).await("connected"));
    assertThat(instances(connected)).hasSizeGreaterThan(1);
    sockJs("token=" + porter.token());
    Await.until("the SockJS session is counted", () -> node.socketConnections() == PER_USER + 2);

    JsonObject stats = node.api().get("/api/v1/websocket/stats", node.admin()).bodyAsJsonObject();
    assertThat(stats.getJsonArray("nodes")).hasSize(1);
    assertThat(stats.getInteger("connections")).isEqualTo(PER_USER + 2);
    assertThat(stats.getInteger("users")).isEqualTo(2);
    assertThat(stats.getJsonObject("by_role")).isEqualTo(new JsonObject().put("student", PER_USER).put("porter", 2));
    assertThat(stats.getJsonObject("by_transport")).isEqualTo(new JsonObject().put("websocket", PER_USER + 1).put("sockjs", 1));
    JsonObject seed = node.api().get("/ws/stats", node.admin()).bodyAsJsonObject();
    assertThat(seed.getInteger("total_connections")).isEqualTo(PER_USER + 2);
    assertThat(seed.getInteger("connected_users")).isEqualTo(2);
  }

  @Test
  void aDisabledUserIsClosedOnEveryInstance() {
    TestUser porter = node.api().newUser(node.admin(), "porter");
    List<WsProbe> tabs = new ArrayList<>();
    List<JsonObject> connected = new ArrayList<>();
    for (int i = 0; i < PER_USER; i++) {
      WsProbe tab = raw("/ws/notifications?token=" + porter.token());
      connected.add(tab.await("connected"));
      tabs.add(tab);
    }
    assertThat(instances(connected)).hasSizeGreaterThan(1);

    node.api().updateUser(node.admin(), porter.id(), new JsonObject().put("disabled", true));

    for (WsProbe tab : tabs) {
      assertThat(tab.await("revoked").getString("reason")).isEqualTo("user_disabled");
      assertThat(tab.awaitClose()).isEqualTo((short) 4403);
    }
  }

  @Test
  void aNotificationReachesTheUsersSocketsOnEveryInstanceOnce() {
    TestUser student = node.api().newUser(node.admin(), "student");
    List<WsProbe> tabs = new ArrayList<>();
    List<JsonObject> connected = new ArrayList<>();
    for (int i = 0; i < PER_USER; i++) {
      WsProbe tab = raw("/ws/notifications?token=" + student.token());
      connected.add(tab.await("connected"));
      tabs.add(tab);
    }
    assertThat(instances(connected)).hasSizeGreaterThan(1);

    assertThat(node.api().notify(node.admin(), student.id(), "first").statusCode()).isEqualTo(201);
    assertThat(node.api().notify(node.admin(), student.id(), "second").statusCode()).isEqualTo(201);

    for (WsProbe tab : tabs) {
      assertThat(tab.await("notification").getJsonObject("data").getString("title")).isEqualTo("first");
      assertThat(tab.await("notification").getJsonObject("data").getString("title")).isEqualTo("second");
      assertThat(tab.drain()).noneMatch(frame -> "notification".equals(frame.getString("type")));
    }
  }

  /** The bridge's dashboard topics are node-wide: one instance republishes each event, or a client gets it once per instance. */
  @Test
  void aDashboardTopicOverTheBridgeCarriesEachEventOnce() {
    TestUser reporter = node.api().newUser(node.admin(), "student");
    SockJsProbe socket = sockJs("token=" + reporter.token());
    String topic = Addresses.studentDashboard(reporter.id());
    socket.register(topic, null);
    String hostel = "hostel-" + UUID.randomUUID().toString().substring(0, 8);
    long id = node.api().createComplaint(reporter.token(), hostel, "low").getLong("id");
    assertThat(socket.awaitAddress(topic).getJsonObject("body").getString("type")).isEqualTo("new_complaint");

    node.api().send(HttpMethod.PATCH, "/api/v1/complaints/" + id + "/status", node.admin(),
      new JsonObject().put("status", "in_progress"));

    assertThat(socket.awaitAddress(topic).getJsonObject("body").getString("type")).isEqualTo("status_update");
  }

  private static Set<String> instances(List<JsonObject> connectedFrames) {
    Set<String> instances = new HashSet<>();
    connectedFrames.forEach(frame -> {
      String id = frame.getString("connection_id");
      instances.add(id.substring(0, id.lastIndexOf('-')));
    });
    return instances;
  }

  private WsProbe raw(String uri) {
    WsProbe probe = WsProbe.connect(node.vertx(), node.port(), uri);
    opened.add(probe::close);
    return probe;
  }

  private SockJsProbe sockJs(String query) {
    SockJsProbe probe = SockJsProbe.connect(node.vertx(), node.port(), query);
    opened.add(probe::close);
    return probe;
  }
}
