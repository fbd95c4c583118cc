package io.herald.http;

import io.herald.Herald;
import io.herald.support.ApiClient;
import io.herald.support.ApiClient.TestUser;
import io.herald.support.TestNode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
class NotificationsApiTest {

  private static Herald node;
  private static ApiClient api;
  private static String admin;

  @BeforeAll
  static void start(Vertx vertx) {
    node = TestNode.start(vertx);
    api = new ApiClient(vertx, node.httpPort());
    admin = api.adminToken();
  }

  @AfterAll
  static void stop() {
    node.stop().await();
  }

  @Test
  void pagesNewestFirstWithoutGapsOrDuplicatesWhileRowsArrive() {
    TestUser user = api.newUser(admin, "student");
    List<Long> original = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      send(user, "before " + i);
    }
    Long before = null;
    do {
      JsonObject page = page(user, "limit=3" + (before == null ? "" : "&before_id=" + before));
      page.getJsonArray("items").forEach(item -> original.add(((JsonObject) item).getLong("id")));
      send(user, "arrived while paging");
      before = page.getLong("next_before_id");
    } while (before != null);

    assertThat(original).hasSize(7).doesNotHaveDuplicates().isSortedAccordingTo((a, b) -> Long.compare(b, a));
  }

  @Test
  void afterIdPagesForwardOldestFirst() {
    TestUser user = api.newUser(admin, "student");
    for (int i = 0; i < 5; i++) {
      send(user, "n" + i);
    }
    JsonArray all = page(user, "limit=100").getJsonArray("items");
    long oldest = all.getJsonObject(all.size() - 1).getLong("id");

    JsonObject forward = page(user, "limit=2&after_id=" + oldest);

    assertThat(ids(forward.getJsonArray("items"))).containsExactly(all.getJsonObject(3).getLong("id"), all.getJsonObject(2).getLong("id"));
    assertThat(forward.getLong("next_after_id")).isEqualTo(all.getJsonObject(2).getLong("id"));
    assertThat(forward.getLong("next_before_id")).isNull();
  }

  @Test
  void unreadCountFollowsReadReadAllAndDelete() {
    TestUser user = api.newUser(admin, "student");
    for (int i = 0; i < 4; i++) {
      send(user, "n" + i);
    }
    List<Long> ids = ids(page(user, "limit=10").getJsonArray("items"));
    assertThat(unread(user)).isEqualTo(4);

    assertThat(api.post("/api/v1/notifications/" + ids.get(0) + "/read", user.token(), null).statusCode()).isEqualTo(200);
    assertThat(unread(user)).isEqualTo(3);
    assertThat(ids(page(user, "unread_only=true").getJsonArray("items"))).doesNotContain(ids.get(0)).hasSize(3);

    assertThat(api.send(HttpMethod.DELETE, "/api/v1/notifications/" + ids.get(1), user.token(), null).statusCode()).isEqualTo(204);
    assertThat(unread(user)).isEqualTo(2);
    assertThat(ids(page(user, "limit=10").getJsonArray("items"))).doesNotContain(ids.get(1)).hasSize(3);

    HttpResponse<Buffer> all = api.post("/api/v1/notifications/read-all", user.token(), null);
    assertThat(all.bodyAsJsonObject().getInteger("updated")).isEqualTo(2);
    assertThat(unread(user)).isZero();
  }

  @Test
  void anotherUsersNotificationIsNotFoundOnEveryEndpoint() {
    TestUser owner = api.newUser(admin, "student");
    TestUser other = api.newUser(admin, "student");
    send(owner, "private");
    long id = page(owner, "limit=1").getJsonArray("items").getJsonObject(0).getLong("id");

    assertThat(page(other, "limit=100").getJsonArray("items")).isEmpty();
    assertThat(unread(other)).isZero();
    assertThat(api.post("/api/v1/notifications/" + id + "/read", other.token(), null).statusCode()).isEqualTo(404);
    assertThat(api.send(HttpMethod.DELETE, "/api/v1/notifications/" + id, other.token(), null).statusCode()).isEqualTo(404);
    assertThat(api.post("/api/v1/notifications/read-all", other.token(), null).bodyAsJsonObject().getInteger("updated")).isZero();
    api.send(HttpMethod.PUT, "/api/v1/notifications/preferences", other.token(), new JsonObject()
      .put("types", new JsonObject().put("system", new JsonObject().put("in_app", false))));
    assertThat(unread(owner)).isEqualTo(1);
    assertThat(api.get("/api/v1/notifications/preferences", owner.token()).bodyAsJsonObject()
      .getJsonObject("types").getJsonObject("system").getBoolean("in_app")).isTrue();
  }

  @Test
  void idempotencyKeyCreatesOnceAndRepeatsTheFirstResult() {
    TestUser user = api.newUser(admin, "student");
    JsonObject body = notification(user, "once").put("idempotency_key", "key-" + user.username());

    HttpResponse<Buffer> first = api.post("/api/v1/notifications", admin, body);
    HttpResponse<Buffer> second = api.post("/api/v1/notifications", admin, body);

    assertThat(first.statusCode()).isEqualTo(201);
    assertThat(second.statusCode()).isEqualTo(200);
    assertThat(second.bodyAsJsonObject().getInteger("count")).isEqualTo(first.bodyAsJsonObject().getInteger("count")).isEqualTo(1);
    assertThat(second.bodyAsJsonObject().getBoolean("duplicate")).isTrue();
    assertThat(unread(user)).isEqualTo(1);
  }

  @Test
  void serviceAccountMaySendButAStudentMayNot() {
    TestUser service = api.newUser(admin, "service");
    TestUser student = api.newUser(admin, "student");

    assertThat(api.post("/api/v1/notifications", service.token(), notification(student, "from a system")).statusCode()).isEqualTo(201);
    assertThat(api.post("/api/v1/notifications", student.token(), notification(student, "self")).statusCode()).isEqualTo(403);
    assertThat(api.post("/api/v1/notifications/broadcast", service.token(),
      new JsonObject().put("title", "t").put("message", "m")).statusCode()).isEqualTo(403);
    assertThat(unread(student)).isEqualTo(1);
  }

  @Test
  void broadcastToARoleReachesItsActiveUsersOnly() {
    TestUser porter = api.newUser(admin, "porter");
    TestUser student = api.newUser(admin, "student");
    String title = "Water off " + porter.username();

    HttpResponse<Buffer> response = api.post("/api/v1/notifications/broadcast", admin, new JsonObject()
      .put("roles", new JsonArray().add("porter")).put("title", title).put("message", "from 10 to 12"));

    assertThat(response.statusCode()).isEqualTo(201);
    assertThat(response.bodyAsJsonObject().getInteger("count")).isPositive();
    JsonObject received = page(porter, "limit=1").getJsonArray("items").getJsonObject(0);
    assertThat(received.getString("title")).isEqualTo(title);
    assertThat(received.getString("type")).isEqualTo("broadcast");
    assertThat(page(student, "limit=100").getJsonArray("items")).isEmpty();
  }

  @Test
  void preferencesHaveDefaultsAndRoundTrip() {
    TestUser user = api.newUser(admin, "student");
    JsonObject defaults = api.get("/api/v1/notifications/preferences", user.token()).bodyAsJsonObject();
    assertThat(defaults.getJsonObject("types").getJsonObject("new_complaint").getBoolean("telegram")).isTrue();
    assertThat(defaults.getValue("quiet_hours")).isNull();

    JsonObject wanted = new JsonObject()
      .put("types", new JsonObject().put("status_update", new JsonObject().put("email", true)))
      .put("quiet_hours", new JsonObject().put("start", "22:00").put("end", "07:00").put("zone", "Europe/Berlin"));
    assertThat(api.send(HttpMethod.PUT, "/api/v1/notifications/preferences", user.token(), wanted).statusCode()).isEqualTo(200);

    JsonObject saved = api.get("/api/v1/notifications/preferences", user.token()).bodyAsJsonObject();
    assertThat(saved.getJsonObject("types").getJsonObject("status_update").getBoolean("email")).isTrue();
    assertThat(saved.getJsonObject("types").getJsonObject("status_update").getBoolean("in_app")).isTrue();
    assertThat(saved.getJsonObject("quiet_hours")).isEqualTo(wanted.getJsonObject("quiet_hours"));
  }

  @Test
  void badPreferencesAreRefusedNamingTheField() {
    TestUser user = api.newUser(admin, "student");
    assertBadField(user, new JsonObject().put("types", new JsonObject().put("gossip", new JsonObject())), "types.gossip");
    assertBadField(user, new JsonObject().put("types", new JsonObject().put("system", new JsonObject().put("pager", true))),
      "types.system.pager");
    assertBadField(user, quiet("22:00", "07:00", "Mars/Olympus"), "quiet_hours.zone");
    assertBadField(user, quiet("25:00", "07:00", "UTC"), "quiet_hours.start");
    assertBadField(user, quiet("22:00", "7am", "UTC"), "quiet_hours.end");
  }

  @Test
  void badInputIsRefusedOnEveryEndpoint() {
    TestUser user = api.newUser(admin, "student");
    assertThat(api.get("/api/v1/notifications?limit=0", user.token()).statusCode()).isEqualTo(400);
    assertThat(api.get("/api/v1/notifications?limit=101", user.token()).statusCode()).isEqualTo(400);
    assertThat(api.get("/api/v1/notifications?before_id=abc", user.token()).statusCode()).isEqualTo(400);
    assertThat(api.get("/api/v1/notifications?unread_only=maybe", user.token()).statusCode()).isEqualTo(400);
    assertThat(api.post("/api/v1/notifications/abc/read", user.token(), null).statusCode()).isEqualTo(400);
    assertThat(api.send(HttpMethod.DELETE, "/api/v1/notifications/0", user.token(), null).statusCode()).isEqualTo(400);
    assertThat(api.post("/api/v1/notifications", admin, new JsonObject().put("title", "t").put("message", "m")).statusCode())
      .isEqualTo(400);
    assertThat(api.post("/api/v1/notifications", admin, notification(user, "x").put("type", "gossip")).statusCode()).isEqualTo(400);
    assertThat(api.post("/api/v1/notifications", admin, "{not json").statusCode()).isEqualTo(400);
    assertThat(api.post("/api/v1/notifications/broadcast", admin, new JsonObject().put("title", "t")).statusCode()).isEqualTo(400);
    assertThat(api.post("/api/v1/notifications/broadcast", admin, new JsonObject().put("title", "t").put("message", "m")
      .put("roles", new JsonArray().add("king"))).statusCode()).isEqualTo(400);
    assertThat(api.get("/api/v1/notifications", null).statusCode()).isEqualTo(401);
    assertThat(api.post("/api/v1/notifications/99999999/read", user.token(), null).statusCode()).isEqualTo(404);
  }

  private static void assertBadField(TestUser user, JsonObject preferences, String field) {
    HttpResponse<Buffer> response = api.send(HttpMethod.PUT, "/api/v1/notifications/preferences", user.token(), preferences);
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.bodyAsJsonObject().getString("detail")).contains(field);
  }

  private static JsonObject quiet(String start, String end, String zone) {
    return new JsonObject().put("quiet_hours", new JsonObject().put("start", start).put("end", end).put("zone", zone));
  }

  static JsonObject notification(TestUser to, String title) {
    return new JsonObject().put("user_ids", new JsonArray().add(to.id())).put("title", title).put("message", "hello");
  }

  private static void send(TestUser to, String title) {
    assertThat(api.post("/api/v1/notifications", admin, notification(to, title)).statusCode()).isEqualTo(201);
  }

  private static JsonObject page(TestUser user, String query) {
    HttpResponse<Buffer> response = api.get("/api/v1/notifications?" + query, user.token());
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    return response.bodyAsJsonObject();
  }

  private static long unread(TestUser user) {
    return api.get("/api/v1/notifications/unread-count", user.token()).bodyAsJsonObject().getLong("count");
  }

  private static List<Long> ids(JsonArray items) {
    List<Long> ids = new ArrayList<>();
    items.forEach(item -> ids.add(((JsonObject) item).getLong("id")));
    return ids;
  }
}
