package io.herald.sockets;

import io.herald.Herald;
import io.herald.bus.Addresses;
import io.herald.support.ApiClient;
import io.herald.support.ApiClient.TestUser;
import io.herald.support.Await;
import io.herald.support.Notifier;
import io.herald.support.SockJsProbe;
import io.herald.support.TestNode;
import io.herald.support.WsProbe;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class DashboardAndBridgeTest {

  private static Vertx vertx;
  private static Herald herald;
  private static ApiClient api;
  private static String admin;
  private static int port;

  @BeforeAll
  static void startNode() {
    vertx = Vertx.vertx();
    herald = TestNode.start(vertx);
    port = herald.httpPort();
    api = new ApiClient(vertx, port);
    admin = api.adminToken();
  }

  @AfterAll
  static void stopNode() {
    api.close();
    Await.await(herald.stop());
    Await.await(vertx.close());
  }

  private static WsProbe connected(TestUser user) {
    WsProbe probe = WsProbe.connect(vertx, port, "/ws/dashboard?token=" + user.token());
    probe.await("connected");
    return probe;
  }

  private static String hostel() {
    return "hostel-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static boolean hasType(java.util.List<JsonObject> frames, String type) {
    return frames.stream().anyMatch(f -> type.equals(f.getString("type")));
  }

  @Test
  void dashboardEventsAreRoutedByRoleAndOwnership() {
    TestUser adminUser = api.newUser(admin, "admin");
    TestUser porter = api.newUser(admin, "porter");
    TestUser reporter = api.newUser(admin, "student");
    TestUser otherStudent = api.newUser(admin, "student");
    WsProbe adminTab = connected(adminUser);
    WsProbe porterTab = connected(porter);
    WsProbe reporterTab = connected(reporter);
    WsProbe otherTab = connected(otherStudent);

    JsonObject complaint = api.createComplaint(reporter.token(), hostel(), "high");
    long id = complaint.getLong("id");
    assertThat(adminTab.await("new_complaint").getJsonObject("data").getLong("id")).isEqualTo(id);
    assertThat(reporterTab.await("new_complaint").getJsonObject("data").getLong("id")).isEqualTo(id);
    assertThat(hasType(porterTab.drain(), "new_complaint")).isFalse();
    assertThat(hasType(otherTab.drain(), "new_complaint")).isFalse();

    api.send(HttpMethod.PUT, "/api/v1/complaints/" + id + "/assignee", admin, new JsonObject().put("porter_id", porter.id()));
    for (WsProbe tab : java.util.List.of(adminTab, porterTab, reporterTab)) {
      assertThat(tab.await("assignment_update").getJsonObject("data").getLong("assignee_id")).isEqualTo(porter.id());
    }
    api.send(HttpMethod.PATCH, "/api/v1/complaints/" + id + "/status", porter.token(), new JsonObject().put("status", "in_progress"));
    for (WsProbe tab : java.util.List.of(adminTab, porterTab, reporterTab)) {
      assertThat(tab.await("status_update").getJsonObject("data").getString("status")).isEqualTo("in_progress");
    }
    java.util.List<JsonObject> otherFrames = otherTab.drain();
    assertThat(hasType(otherFrames, "assignment_update") || hasType(otherFrames, "status_update")).isFalse();
    java.util.List.of(adminTab, porterTab, reporterTab, otherTab).forEach(WsProbe::close);
  }

  @Test
  void bridgeDeliversOwnNotificationsAndRefusesAnotherUsersAddress() {
    TestUser alice = api.newUser(admin, "student");
    TestUser bob = api.newUser(admin, "student");
    SockJsProbe socket = SockJsProbe.connect(vertx, port, "token=" + alice.token());
    socket.register(Addresses.userNotifications(bob.id()), null);
    JsonObject refused = socket.next();
    assertThat(refused.getString("type")).isEqualTo("err");
    assertThat(refused.getString("body")).isEqualTo("rejected");
    socket.register(Addresses.userNotifications(alice.id()), null);
    socket.register(Addresses.DASHBOARD_COMPLAINT_UPDATES, null);
    assertThat(socket.next().getString("body")).isEqualTo("rejected");
    vertx.eventBus().publish(Addresses.userNotifications(bob.id()), new JsonObject().put("type", "unread_count").put("data", new JsonObject().put("count", 99)));
    JsonObject mine = new JsonObject().put("type", "unread_count").put("data", new JsonObject().put("count", 1));
    vertx.eventBus().publish(Addresses.userNotifications(alice.id()), mine);
    JsonObject received = socket.next();
    assertThat(received.getString("address")).isEqualTo(Addresses.userNotifications(alice.id()));
    assertThat(received.getJsonObject("body")).isEqualTo(mine);
    socket.close();
  }

  @Test
  void bridgeRequestsCarryTheSocketsIdentityNotTheClientsClaim() {
    TestUser alice = api.newUser(admin, "student");
    TestUser bob = api.newUser(admin, "student");
    Await.await(new Notifier(vertx, api, admin).notify(bob.id(), "bob only"));
    SockJsProbe socket = SockJsProbe.connect(vertx, port, "token=" + alice.token());
    JsonObject forged = new JsonObject().put("actor", new JsonObject().put("id", bob.id()).put("username", bob.username()).put("role", "student"));
    socket.request(Addresses.BRIDGE_UNREAD_COUNT, forged, "reply-1", new JsonObject().put("user_id", bob.id()).put("actor", forged));
    JsonObject reply = socket.awaitAddress("reply-1");
    assertThat(reply.getJsonObject("body").getInteger("count")).isZero();
    socket.request(Addresses.BRIDGE_RESUME, forged.copy().put("last_id", 0), "reply-2", null);
    JsonObject resumed = socket.awaitAddress("reply-2").getJsonObject("body");
    assertThat(resumed.getInteger("count")).isZero();
    assertThat(resumed.getBoolean("complete")).isTrue();
    socket.close();
  }

  @Test
  void bridgeResumeWhileNotificationsAreCreatedDeliversEveryIdOnceAndInOrder() {
    TestUser user = api.newUser(admin, "student");
    Notifier notifier = new Notifier(vertx, api, admin);
    for (int i = 0; i < 30; i++) {
      Await.await(notifier.notify(user.id(), "early " + i));
    }
    List<Future<JsonObject>> creating = new ArrayList<>();
    for (int i = 0; i < 120; i++) {
      creating.add(notifier.notify(user.id(), "during " + i));
    }
    SockJsProbe socket = SockJsProbe.connect(vertx, port, "token=" + user.token());
    socket.request(Addresses.BRIDGE_RESUME, new JsonObject().put("last_id", 0).put("await_register", true), "resume-1", null);
    socket.register(Addresses.userNotifications(user.id()), null);

    JsonObject first = socket.next();
    assertThat(first.getString("address")).as("nothing live before the replay").isEqualTo("resume-1");
    JsonObject resumed = first.getJsonObject("body");
    List<Long> received = new ArrayList<>();
    resumed.getJsonArray("items").forEach(item -> received.add(((JsonObject) item).getLong("id")));
    assertThat(received).isSorted();
    assertThat(resumed.getBoolean("complete")).isTrue();
    Await.await(Future.all(creating));
    Set<Long> expected = allNotificationIds(user);
    while (received.size() < expected.size()) {
      JsonObject live = socket.awaitAddress(Addresses.userNotifications(user.id())).getJsonObject("body");
      assertThat(live.getString("type")).isEqualTo("notification");
      received.add(live.getJsonObject("data").getLong("id"));
    }
    socket.request(Addresses.BRIDGE_UNREAD_COUNT, new JsonObject(), "barrier", null);
    assertThat(socket.next().getString("address")).as("no late duplicate").isEqualTo("barrier");

    assertThat(expected).hasSize(150);
    assertThat(received).doesNotHaveDuplicates();
    assertThat(new HashSet<>(received)).isEqualTo(expected);
    socket.close();
  }

  private Set<Long> allNotificationIds(TestUser user) {
    JsonObject actor = new JsonObject().put("id", user.id()).put("username", user.username()).put("role", "student");
    JsonArray rows = Await.await(vertx.eventBus().<JsonObject>request(Addresses.NOTIFICATIONS_REPLAY,
      new JsonObject().put("actor", actor).put("after_id", 0).put("limit", 1000))).body().getJsonArray("items");
    Set<Long> ids = new HashSet<>();
    rows.forEach(row -> ids.add(((JsonObject) row).getLong("id")));
    return ids;
  }

  @Test
  void bridgeRefusesAddressesThatAreNotDocumentedRequests() {
    TestUser alice = api.newUser(admin, "admin");
    SockJsProbe socket = SockJsProbe.connect(vertx, port, "token=" + alice.token());
    socket.request(Addresses.NOTIFICATIONS_BROADCAST, new JsonObject().put("title", "x").put("message", "y"), "r", null);
    assertThat(socket.next().getString("body")).isEqualTo("access_denied");
    socket.send(new JsonObject().put("type", "publish").put("address", Addresses.BRIDGE_MARK_ALL_READ).put("body", new JsonObject()));
    assertThat(socket.next().getString("body")).isEqualTo("rejected");
    socket.close();
  }

  @Test
  void bridgeWithoutTokenCannotRegisterButATokenHeaderWorks() {
    TestUser porter = api.newUser(admin, "porter");
    SockJsProbe socket = SockJsProbe.connect(vertx, port, null);
    socket.register(Addresses.DASHBOARD_COMPLAINT_UPDATES, null);
    assertThat(socket.next().getString("body")).isEqualTo("rejected");
    socket.register(Addresses.DASHBOARD_COMPLAINT_UPDATES, new JsonObject().put("token", porter.token()));
    socket.register(Addresses.DASHBOARD_NEW_COMPLAINTS, null);
    assertThat(socket.next().getString("body")).isEqualTo("rejected");
    socket.close();
  }

  @Test
  void staffTopicCarriesStatusUpdatesOverTheBridge() {
    TestUser porter = api.newUser(admin, "porter");
    TestUser reporter = api.newUser(admin, "student");
    SockJsProbe porterSocket = SockJsProbe.connect(vertx, port, "token=" + porter.token());
    porterSocket.register(Addresses.DASHBOARD_COMPLAINT_UPDATES, null);
    SockJsProbe studentSocket = SockJsProbe.connect(vertx, port, "token=" + reporter.token());
    studentSocket.register(Addresses.studentDashboard(reporter.id()), null);
    long id = api.createComplaint(reporter.token(), hostel(), "low").getLong("id");
    assertThat(studentSocket.awaitAddress(Addresses.studentDashboard(reporter.id())).getJsonObject("body").getString("type")).isEqualTo("new_complaint");
    api.send(HttpMethod.PATCH, "/api/v1/complaints/" + id + "/status", admin, new JsonObject().put("status", "in_progress"));
    JsonObject update = porterSocket.awaitAddress(Addresses.DASHBOARD_COMPLAINT_UPDATES).getJsonObject("body");
    assertThat(update.getString("type")).isEqualTo("status_update");
    assertThat(update.getJsonObject("data").getLong("id")).isEqualTo(id);
    assertThat(studentSocket.awaitAddress(Addresses.studentDashboard(reporter.id())).getJsonObject("body").getString("type")).isEqualTo("status_update");
    porterSocket.close();
    studentSocket.close();
  }

  @Test
  void porterDemotedThroughTheApiIsToldWhyAndLosesTheBridgeSession() {
    TestUser porter = api.newUser(admin, "porter");
    SockJsProbe socket = SockJsProbe.connect(vertx, port, "token=" + porter.token());
    socket.register(Addresses.DASHBOARD_COMPLAINT_UPDATES, null);
    socket.request(Addresses.BRIDGE_UNREAD_COUNT, new JsonObject(), "reply-1", null);
    assertThat(socket.awaitAddress("reply-1").getJsonObject("body").getInteger("count")).isZero();

    assertThat(api.updateUser(admin, porter.id(), new JsonObject().put("role", "student")).statusCode()).isEqualTo(200);

    assertThat(socket.awaitClosing()).isEqualTo(new SockJsProbe.Closing(4403, "role_changed"));
    socket.close();
  }

  @Test
  void bridgeSessionOfADisabledUsersTokenIsEndedWithAReason() {
    TestUser student = api.newUser(admin, "student");
    api.updateUser(admin, student.id(), new JsonObject().put("disabled", true));
    SockJsProbe socket = SockJsProbe.connect(vertx, port, "token=" + student.token());
    assertThat(socket.awaitClosing()).isEqualTo(new SockJsProbe.Closing(4403, "revoked"));
    socket.close();
  }

  @Test
  void foreignOriginIsRefusedOnEverySockJsTransport() {
    WebClient client = WebClient.create(vertx);
    try {
      HttpResponse<Buffer> info = Await.await(client.get(port, "127.0.0.1", "/eventbus/info").putHeader("Origin", "http://evil.example").send());
      assertThat(info.statusCode()).isEqualTo(403);
      HttpResponse<Buffer> xhr = Await.await(client.post(port, "127.0.0.1", "/eventbus/000/abcd1234/xhr").putHeader("Origin", "http://evil.example").send());
      assertThat(xhr.statusCode()).isEqualTo(403);
      HttpResponse<Buffer> sameOrigin = Await.await(client.get(port, "127.0.0.1", "/eventbus/info").putHeader("Origin", "http://127.0.0.1:" + port).send());
      assertThat(sameOrigin.statusCode()).isEqualTo(200);
    } finally {
      client.close();
    }
  }
}
