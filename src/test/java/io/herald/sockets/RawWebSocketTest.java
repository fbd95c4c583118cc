package io.herald.sockets;

import io.herald.Herald;
import io.herald.bus.Addresses;
import io.herald.config.HeraldConfig;
import io.herald.config.Settings;
import io.herald.support.ApiClient.TestUser;
import io.herald.support.ApiClient;
import io.herald.support.Await;
import io.herald.support.SockJsProbe;
import io.herald.support.TestNode;
import io.herald.support.UserMessages;
import io.herald.support.WsProbe;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RawWebSocketTest {

  private static Vertx vertx;
  private static Herald herald;
  private static ApiClient api;
  private static String admin;
  private static int port;

  @BeforeAll
  static void startNode() {
    vertx = Vertx.vertx();
    HeraldConfig config = new HeraldConfig(TestNode.config().json()
      .put(Settings.WS_PING_INTERVAL_MS.key(), 200)
      .put(Settings.WS_FRAMES_PER_SECOND.key(), 20)
      .put(Settings.WS_FRAME_BURST.key(), 30));
    herald = TestNode.start(vertx, config);
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
    WsProbe probe = WsProbe.connect(vertx, port, "/ws/notifications?token=" + user.token());
    JsonObject hello = probe.next();
    assertThat(hello.getString("type")).isEqualTo("connected");
    assertThat(hello.getLong("user_id")).isEqualTo(user.id());
    return probe;
  }

  private static void assertRefusedBeforeData(String uri) {
    WsProbe probe = WsProbe.connect(vertx, port, uri);
    assertThat(probe.awaitClose()).isEqualTo((short) 4401);
    assertThat(probe.received()).isEmpty();
  }

  @Test
  void connectionWithoutTokenIsClosedWith4401BeforeAnyData() {
    WsProbe probe = WsProbe.connect(vertx, port, "/ws/notifications");
    probe.send(new JsonObject().put("type", "get_unread_count"));
    assertThat(probe.awaitClose()).isEqualTo((short) 4401);
    assertThat(probe.received()).isEmpty();
  }

  @Test
  void garbageTokenIsRefused() {
    assertRefusedBeforeData("/ws/notifications?token=not-a-jwt");
  }

  @Test
  void expiredTokenIsRefused() {
    TestUser user = api.newUser(admin, "student");
    long past = System.currentTimeMillis() / 1000 - 3600;
    assertRefusedBeforeData("/ws/notifications?token=" + sign(TestNode.JWT_SECRET, claims(user).put("exp", past)));
  }

  @Test
  void tokenSignedWithAnotherSecretIsRefused() {
    TestUser user = api.newUser(admin, "student");
    long future = System.currentTimeMillis() / 1000 + 3600;
    assertRefusedBeforeData("/ws/notifications?token=" + sign("another-secret-that-is-long-enough-0123456789abc", claims(user).put("exp", future)));
  }

  @Test
  void unsignedAlgNoneTokenIsRefused() {
    TestUser user = api.newUser(admin, "admin");
    long future = System.currentTimeMillis() / 1000 + 3600;
    String header = base64("{\"alg\":\"none\",\"typ\":\"JWT\"}");
    String payload = base64(claims(user).put("exp", future).encode());
    assertRefusedBeforeData("/ws/notifications?token=" + header + "." + payload + ".");
  }

  @Test
  void firstFrameAuthenticationConnects() {
    TestUser user = api.newUser(admin, "student");
    WsProbe probe = WsProbe.connect(vertx, port, "/ws/dashboard");
    probe.send(new JsonObject().put("type", "auth").put("token", user.token()));
    JsonObject hello = probe.next();
    assertThat(hello.getString("type")).isEqualTo("connected");
    assertThat(hello.getLong("user_id")).isEqualTo(user.id());
    assertThat(hello.getString("connection_id")).isNotBlank();
    assertThat(hello.getString("server_time")).isNotBlank();
    probe.close();
  }

  @Test
  void firstFrameOtherThanAuthIsClosedWith4401() {
    WsProbe probe = WsProbe.connect(vertx, port, "/ws/notifications");
    probe.send(new JsonObject().put("type", "ping"));
    assertThat(probe.awaitClose()).isEqualTo((short) 4401);
    assertThat(probe.received()).isEmpty();
  }

  @Test
  void badFramesGetErrorFramesAndTheConnectionStaysUp() {
    WsProbe probe = connected(api.newUser(admin, "student"));
    probe.sendText("{not json");
    assertThat(probe.next().getString("code")).isEqualTo("bad_json");
    probe.sendText("[1,2]");
    assertThat(probe.next().getString("code")).isEqualTo("bad_json");
    probe.send(new JsonObject().put("type", "teleport"));
    assertThat(probe.next().getString("code")).isEqualTo("unknown_type");
    probe.send(new JsonObject().put("type", "mark_read"));
    assertThat(probe.next().getString("code")).isEqualTo("missing_field");
    probe.send(new JsonObject().put("type", "resume").put("last_id", "abc"));
    assertThat(probe.next().getString("code")).isEqualTo("missing_field");
    assertThat(probe.drain()).isEmpty();
    probe.close();
  }

  @Test
  void frameOver16KibIsClosedWith1009() {
    WsProbe probe = connected(api.newUser(admin, "student"));
    probe.sendText("{\"type\":\"ping\",\"pad\":\"" + "x".repeat(17 * 1024) + "\"}");
    assertThat(probe.awaitClose()).isEqualTo((short) 1009);
  }

  @Test
  void wireFrameOf70KibIsClosedWith1009AndTheNodeKeepsServing() {
    TestUser user = api.newUser(admin, "student");
    WsProbe probe = connected(user);
    probe.socket().writeTextMessage("{\"type\":\"ping\",\"pad\":\"" + "x".repeat(70 * 1024) + "\"}");
    assertThat(probe.awaitClose()).isEqualTo((short) 1009);
    WsProbe next = connected(user);
    assertThat(next.drain()).isEmpty();
    next.close();
  }

  @Test
  void megabyteFrameIsClosedWith1009() {
    WsProbe probe = connected(api.newUser(admin, "student"));
    probe.socket().writeTextMessage("x".repeat(1024 * 1024 - 1));
    assertThat(probe.awaitClose()).isEqualTo((short) 1009);
  }

  @Test
  void fragmentedMessageOverTheLimitIsClosedWith1009() {
    WsProbe probe = connected(api.newUser(admin, "student"));
    String chunk = "x".repeat(8 * 1024);
    probe.socket().writeFrame(WebSocketFrame.textFrame("{\"type\":\"ping\",\"pad\":\"" + chunk, false));
    for (int i = 0; i < 12; i++) {
      probe.socket().writeFrame(WebSocketFrame.continuationFrame(Buffer.buffer(chunk), false));
    }
    probe.socket().writeFrame(WebSocketFrame.continuationFrame(Buffer.buffer("\"}"), true));
    assertThat(probe.awaitClose()).isEqualTo((short) 1009);
  }

  @Test
  void fragmentedMessageUnderTheLimitIsAnswered() {
    WsProbe probe = connected(api.newUser(admin, "student"));
    probe.socket().writeFrame(WebSocketFrame.textFrame("{\"type\":\"pi", false));
    probe.socket().writeFrame(WebSocketFrame.continuationFrame(Buffer.buffer("ng\"}"), true));
    assertThat(probe.next().getString("type")).isEqualTo("pong");
    probe.close();
  }

  @Test
  void floodOfFramesGetsRateLimitErrorThenClose() {
    WsProbe probe = connected(api.newUser(admin, "student"));
    for (int i = 0; i < 200 && !probe.socket().isClosed(); i++) {
      probe.socket().writeTextMessage("{\"type\":\"teleport\"}");
    }
    JsonObject limited = probe.await("error");
    while (!"rate_limited".equals(limited.getString("code"))) {
      limited = probe.await("error");
    }
    assertThat(probe.awaitClose()).isEqualTo((short) 1008);
  }

  @Test
  void userEnvelopeReachesEveryTabOfThatUserAndNobodyElse() {
    TestUser alice = api.newUser(admin, "student");
    TestUser bob = api.newUser(admin, "student");
    WsProbe tab1 = connected(alice);
    WsProbe tab2 = connected(alice);
    WsProbe bobTab = connected(bob);
    JsonObject envelope = new JsonObject().put("type", "unread_count").put("data", new JsonObject().put("count", 7));
    UserMessages.publish(vertx.eventBus(), alice.id(), envelope);
    assertThat(tab1.next()).isEqualTo(envelope);
    assertThat(tab2.next()).isEqualTo(envelope);
    assertThat(bobTab.drain()).isEmpty();
    tab1.close();
    tab2.close();
    bobTab.close();
  }

  @Test
  void tokenExpiryWarnsThenClosesWith4401() {
    TestUser user = api.newUser(admin, "student");
    long soon = System.currentTimeMillis() / 1000 + 2;
    WsProbe probe = WsProbe.connect(vertx, port, "/ws/notifications?token=" + sign(TestNode.JWT_SECRET, claims(user).put("exp", soon)));
    assertThat(probe.await("connected").getLong("user_id")).isEqualTo(user.id());
    assertThat(probe.await("auth_expiring").getLong("expires_at")).isEqualTo(soon * 1000);
    assertThat(probe.awaitClose()).isEqualTo((short) 4401);
  }

  @Test
  void sockJsSessionWhoseTokenExpiresIsClosedWith4401() {
    TestUser user = api.newUser(admin, "student");
    long soon = System.currentTimeMillis() / 1000 + 2;
    SockJsProbe socket = SockJsProbe.connect(vertx, port, "token=" + sign(TestNode.JWT_SECRET, claims(user).put("exp", soon)));
    assertThat(socket.awaitClosing()).isEqualTo(new SockJsProbe.Closing(4401, "token_expired"));
    socket.close();
  }

  @Test
  void freshAuthFrameKeepsTheConnection() {
    TestUser user = api.newUser(admin, "student");
    long soon = System.currentTimeMillis() / 1000 + 2;
    WsProbe probe = WsProbe.connect(vertx, port, "/ws/notifications?token=" + sign(TestNode.JWT_SECRET, claims(user).put("exp", soon)));
    probe.await("connected");
    probe.send(new JsonObject().put("type", "auth").put("token", user.token()));
    assertThat(probe.await("auth_ok").getLong("expires_at")).isGreaterThan(soon * 1000);
    vertx.setTimer(3_000, id -> UserMessages.publish(vertx.eventBus(), user.id(),
      new JsonObject().put("type", "unread_count").put("data", new JsonObject().put("count", 1))));
    assertThat(probe.await("unread_count").getJsonObject("data").getInteger("count")).isEqualTo(1);
    assertThat(probe.socket().isClosed()).isFalse();
    probe.close();
  }

  @Test
  void authFrameForAnotherUserIsRefused() {
    TestUser user = api.newUser(admin, "student");
    TestUser other = api.newUser(admin, "student");
    WsProbe probe = connected(user);
    probe.send(new JsonObject().put("type", "auth").put("token", other.token()));
    assertThat(probe.await("error").getString("code")).isEqualTo("auth_refused");
    probe.close();
  }

  @Test
  void userDisabledThroughTheApiIsToldWhyAndClosedOnEveryTab() {
    TestUser user = api.newUser(admin, "porter");
    WsProbe tab1 = connected(user);
    WsProbe tab2 = connected(user);
    assertThat(api.updateUser(admin, user.id(), new JsonObject().put("disabled", true)).statusCode()).isEqualTo(200);
    for (WsProbe tab : List.of(tab1, tab2)) {
      assertThat(tab.await("revoked").getString("reason")).isEqualTo("user_disabled");
      assertThat(tab.awaitClose()).isEqualTo((short) 4403);
    }
  }

  @Test
  void tokensOfADisabledOrDemotedUserNoLongerOpenSockets() {
    TestUser disabled = api.newUser(admin, "student");
    TestUser demoted = api.newUser(admin, "porter");
    api.updateUser(admin, disabled.id(), new JsonObject().put("disabled", true));
    api.updateUser(admin, demoted.id(), new JsonObject().put("role", "student"));
    assertRefusedBeforeData("/ws/notifications?token=" + disabled.token());
    assertRefusedBeforeData("/ws/notifications?token=" + demoted.token());
    String relogged = api.login(demoted.username(), "password-" + demoted.username());
    assertThat(WsProbe.connect(vertx, port, "/ws/notifications?token=" + relogged).next().getString("type")).isEqualTo("connected");
  }

  @Test
  void porterDemotedToStudentThroughTheApiLosesTheStaffDashboardWithAReason() {
    TestUser porter = api.newUser(admin, "porter");
    TestUser bystander = api.newUser(admin, "porter");
    WsProbe demoted = connected(porter);
    WsProbe unaffected = connected(bystander);
    assertThat(api.updateUser(admin, porter.id(), new JsonObject().put("role", "student")).statusCode()).isEqualTo(200);
    assertThat(demoted.await("revoked").getString("reason")).isEqualTo("role_changed");
    assertThat(demoted.awaitClose()).isEqualTo((short) 4403);
    JsonObject complaint = api.createComplaint(api.newUser(admin, "student").token(), "hostel-" + UUID.randomUUID(), "low");
    api.changeStatus(admin, complaint.getLong("id"), "in_progress");
    assertThat(unaffected.await("status_update").getJsonObject("data").getLong("id")).isEqualTo(complaint.getLong("id"));
    assertThat(demoted.received()).noneMatch(frame -> frame.contains("status_update"));
    unaffected.close();
  }

  @Test
  void foreignOriginIsRefused() {
    TestUser user = api.newUser(admin, "student");
    io.vertx.core.http.WebSocketConnectOptions options = new io.vertx.core.http.WebSocketConnectOptions()
      .setHost("127.0.0.1").setPort(port).setURI("/ws/notifications?token=" + user.token()).addHeader("Origin", "http://evil.example");
    assertThatThrownBy(() -> vertx.createWebSocketClient().connect(options).await())
      .hasMessageContaining("403");
  }

  private static JsonObject claims(TestUser user) {
    return new JsonObject().put("sub", String.valueOf(user.id())).put("username", user.username()).put("role", user.role());
  }

  private static String sign(String secret, JsonObject claims) {
    JWTAuth jwt = JWTAuth.create(vertx, new JWTAuthOptions().addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(secret)));
    return jwt.generateToken(claims, new JWTOptions().setAlgorithm("HS256"));
  }

  private static String base64(String json) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }
}
