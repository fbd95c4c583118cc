package io.herald.http;

import io.herald.Herald;
import io.herald.support.ApiClient;
import io.herald.support.ApiClient.TestUser;
import io.herald.support.Await;
import io.herald.support.FakeBotApi;
import io.herald.support.TelegramNodes;
import io.herald.support.TestNode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;

import static io.herald.support.Problem.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code GET /api/v1/complaints/{id}/deliveries}: where Herald's messages about a complaint went, for staff only. */
@ExtendWith(VertxExtension.class)
class ComplaintDeliveriesTest {

  private static FakeBotApi fake;
  private static Herald node;
  private static ApiClient api;
  private static String rootAdmin;

  @BeforeAll
  static void start(Vertx vertx) {
    fake = FakeBotApi.start(vertx);
    node = TestNode.start(vertx, TelegramNodes.config(fake));
    api = new ApiClient(vertx, node.httpPort());
    rootAdmin = api.adminToken();
  }

  @AfterAll
  static void stop() {
    node.stop().await();
    fake.close();
  }

  private static String path(long complaintId) {
    return "/api/v1/complaints/" + complaintId + "/deliveries";
  }

  private static JsonObject deliveries(String token, String pathAndQuery) {
    HttpResponse<Buffer> response = api.get(pathAndQuery, token);
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    return response.bodyAsJsonObject();
  }

  /** Every page, following next_before_id, so the test holds however many admins the shared database has. */
  private static List<JsonObject> allNotifications(String token, long complaintId) {
    List<JsonObject> all = new ArrayList<>();
    Long before = null;
    do {
      JsonObject page = deliveries(token, path(complaintId) + "?limit=100" + (before == null ? "" : "&before_id=" + before));
      page.getJsonArray("notifications").forEach(item -> all.add((JsonObject) item));
      before = page.getLong("next_before_id");
    } while (before != null);
    return all;
  }

  private static JsonObject notificationOf(List<JsonObject> notifications, String username) {
    return notifications.stream().filter(n -> username.equals(n.getString("recipient"))).findFirst()
      .orElseThrow(() -> new AssertionError("no notification for " + username + " in " + notifications));
  }

  @Test
  void staffSeeTheInAppNotificationsAndTheAdminChatAlertOfAComplaint() {
    long chat = TelegramNodes.newChatId();
    HttpResponse<Buffer> configured = api.post("/api/v1/notifications/config", rootAdmin, TelegramNodes.everyAlertTo(chat));
    assertThat(configured.statusCode()).as(configured.bodyAsString()).isEqualTo(200);
    TestUser admin = api.newUser(rootAdmin, "admin");
    TestUser porter = api.newUser(rootAdmin, "porter");
    TestUser student = api.newUser(rootAdmin, "student");
    long id = api.createComplaint(student.token(), TelegramNodes.newHostel(), "high").getLong("id");
    Await.until("the alert reaches the admin chat", () -> fake.delivered(chat).size() == 1);
    Await.until("the outbox row is marked sent", () -> "sent".equals(chatMessage(admin.token(), id).getString("status")));

    JsonObject first = deliveries(admin.token(), path(id));
    assertThat(first.getLong("complaint_id")).isEqualTo(id);
    assertThat(first.getBoolean("more_chat_messages")).isFalse();
    JsonObject alert = chatMessage(admin.token(), id);
    assertThat(alert.getString("channel")).isEqualTo("telegram");
    assertThat(alert.getString("kind")).isEqualTo("alert");
    assertThat(alert.getInteger("attempts")).isEqualTo(1);
    assertThat(alert.getString("queued_at")).isNotNull();
    assertThat(alert.getString("at")).isNotNull();

    JsonObject mine = notificationOf(allNotifications(admin.token(), id), admin.username());
    assertThat(mine.getString("type")).isEqualTo("new_complaint");
    assertThat(mine.getString("title")).isNotBlank();
    assertThat(mine.getString("created_at")).isNotNull();
    assertThat(mine.getValue("read_at")).isNull();
    JsonObject inApp = mine.getJsonArray("deliveries").getJsonObject(0);
    assertThat(inApp.getString("channel")).isEqualTo("in_app");
    assertThat(inApp.getString("status")).isEqualTo("delivered");

    HttpResponse<Buffer> read = api.post("/api/v1/notifications/" + mine.getLong("notification_id") + "/read", admin.token(), null);
    assertThat(read.statusCode()).as(read.bodyAsString()).isEqualTo(200);
    JsonObject seenByPorter = notificationOf(allNotifications(porter.token(), id), admin.username());
    assertThat(seenByPorter.getString("read_at")).isNotNull();
    assertThat(seenByPorter.getJsonArray("deliveries").getJsonObject(0).getString("status")).isEqualTo("read");
    assertThat(seenByPorter.getJsonArray("deliveries").getJsonObject(0).getString("at")).isEqualTo(seenByPorter.getString("read_at"));
  }

  private static JsonObject chatMessage(String token, long complaintId) {
    JsonObject page = deliveries(token, path(complaintId));
    assertThat(page.getJsonArray("chat_messages")).as(page.encode()).hasSize(1);
    return page.getJsonArray("chat_messages").getJsonObject(0);
  }

  @Test
  void pagesNewestFirstAndOnlyTheFirstPageHoldsTheChatMessages() {
    api.newUser(rootAdmin, "admin");
    TestUser student = api.newUser(rootAdmin, "student");
    long id = api.createComplaint(student.token(), TelegramNodes.newHostel(), "low").getLong("id");

    JsonObject first = deliveries(rootAdmin, path(id) + "?limit=1");
    assertThat(first.getJsonArray("notifications")).hasSize(1);
    assertThat(first.containsKey("chat_messages")).isTrue();
    long newest = first.getJsonArray("notifications").getJsonObject(0).getLong("notification_id");
    assertThat(first.getLong("next_before_id")).isEqualTo(newest);

    JsonObject second = deliveries(rootAdmin, path(id) + "?limit=1&before_id=" + newest);
    assertThat(second.getJsonArray("notifications").getJsonObject(0).getLong("notification_id")).isLessThan(newest);
    assertThat(second.containsKey("chat_messages")).isFalse();
  }

  @Test
  void aStudentIsRefusedEvenForTheirOwnComplaint() {
    TestUser student = api.newUser(rootAdmin, "student");
    long own = api.createComplaint(student.token(), TelegramNodes.newHostel(), "low").getLong("id");

    assertProblem(api.get(path(own), student.token()), 403);
    assertProblem(api.get(path(own), null), 401);
  }

  @Test
  void anUnknownComplaintIsNotFoundAndBadParametersAreRefused() {
    assertProblem(api.get(path(Long.MAX_VALUE), rootAdmin), 404);
    assertProblem(api.get("/api/v1/complaints/abc/deliveries", rootAdmin), 400);
    assertProblem(api.get("/api/v1/complaints/0/deliveries", rootAdmin), 400);
    long id = api.createComplaint(api.newUser(rootAdmin, "student").token(), TelegramNodes.newHostel(), "low").getLong("id");
    assertProblem(api.get(path(id) + "?limit=0", rootAdmin), 400);
    assertProblem(api.get(path(id) + "?limit=101", rootAdmin), 400);
    assertProblem(api.get(path(id) + "?before_id=x", rootAdmin), 400);
  }
}
