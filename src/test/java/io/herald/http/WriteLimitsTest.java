package io.herald.http;

import io.herald.Herald;
import io.herald.config.Settings;
import io.herald.support.ApiClient.TestUser;
import io.herald.support.ApiClient;
import io.herald.support.Await;
import io.herald.support.TestNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;

import static io.herald.support.Problem.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/** Complaint creation and the producer endpoints are limited per user (429 + Retry-After), one user apart from another. */
@ExtendWith(VertxExtension.class)
class WriteLimitsTest {

  private static final int COMPLAINTS = 3;
  private static final int NOTIFICATIONS = 3;
  private static final int BROADCASTS = 2;

  private static Herald node;
  private static ApiClient api;
  private static String admin;
  private static WebClient client;

  @BeforeAll
  static void startNode(Vertx vertx) {
    node = TestNode.start(vertx, TestNode.config()
      .with(Settings.COMPLAINTS_PER_USER.key(), COMPLAINTS)
      .with(Settings.NOTIFICATIONS_PER_USER.key(), NOTIFICATIONS)
      .with(Settings.BROADCASTS_PER_USER.key(), BROADCASTS));
    api = new ApiClient(vertx, node.httpPort());
    client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(node.httpPort()),
      new PoolOptions().setHttp1MaxSize(NOTIFICATIONS * 3));
    admin = api.adminToken();
  }

  @AfterAll
  static void stopNode() {
    node.stop().await();
  }

  @Test
  void aStudentFilingComplaintsWithoutPauseIsToldToWait() {
    TestUser student = api.newUser(admin, "student");
    TestUser classmate = api.newUser(admin, "student");
    for (int i = 0; i < COMPLAINTS; i++) {
      api.createComplaint(student.token(), "Block W", "low");
    }

    HttpResponse<Buffer> refused = api.post("/api/v1/complaints", student.token(), complaint());

    assertProblem(refused, 429);
    assertThat(Integer.parseInt(refused.getHeader("Retry-After"))).isPositive();
    assertThat(api.post("/api/v1/complaints", classmate.token(), complaint()).statusCode()).isEqualTo(201);
  }

  @Test
  void aProducerSendingNotificationsWithoutPauseIsToldToWait() {
    TestUser service = api.newUser(admin, "service");
    TestUser student = api.newUser(admin, "student");
    JsonObject notification = new JsonObject().put("title", "Water off").put("message", "Tonight 22-23h")
      .put("user_ids", new JsonArray().add(student.id()));
    for (int i = 0; i < NOTIFICATIONS; i++) {
      assertThat(api.post("/api/v1/notifications", service.token(), notification).statusCode()).isEqualTo(201);
    }

    HttpResponse<Buffer> refused = api.post("/api/v1/notifications", service.token(), notification);

    assertProblem(refused, 429);
    assertThat(Integer.parseInt(refused.getHeader("Retry-After"))).isPositive();
  }

  @Test
  void producerRequestsArrivingTogetherGetExactlyTheLimitAndWriteNothingForTheRest() {
    TestUser service = api.newUser(admin, "service");
    TestUser student = api.newUser(admin, "student");
    JsonObject notification = new JsonObject().put("title", "Heating").put("message", "Back on")
      .put("user_ids", new JsonArray().add(student.id()));
    List<Future<HttpResponse<Buffer>>> posts = new ArrayList<>();
    for (int i = 0; i < NOTIFICATIONS * 3; i++) {
      posts.add(client.post("/api/v1/notifications").putHeader("Authorization", "Bearer " + service.token())
        .sendJsonObject(notification));
    }
    List<Integer> statuses = posts.stream().map(post -> Await.await(post).statusCode()).toList();
    JsonObject ownLimit = notification.copy().put("rate_limit", new JsonObject()
      .put("key", "mine").put("limit", 1_000_000).put("window_ms", 1));

    assertThat(statuses).filteredOn(status -> status == 201).hasSize(NOTIFICATIONS);
    assertThat(statuses).filteredOn(status -> status == 429).hasSize(NOTIFICATIONS * 2);
    assertThat(api.post("/api/v1/notifications", service.token(), ownLimit).statusCode()).isIn(400, 429);
    assertThat(api.get("/api/v1/notifications", student.token()).bodyAsJsonObject().getJsonArray("items")).hasSize(NOTIFICATIONS);
  }

  @Test
  void anAdminBroadcastingWithoutPauseIsToldToWait() {
    TestUser other = api.newUser(admin, "admin");
    JsonObject broadcast = new JsonObject().put("title", "Fire drill").put("message", "At noon").put("roles",
      new JsonArray().add("porter"));
    for (int i = 0; i < BROADCASTS; i++) {
      assertThat(api.post("/api/v1/notifications/broadcast", other.token(), broadcast).statusCode()).isEqualTo(201);
    }

    HttpResponse<Buffer> refused = api.post("/api/v1/notifications/broadcast", other.token(), broadcast);

    assertProblem(refused, 429);
    assertThat(Integer.parseInt(refused.getHeader("Retry-After"))).isPositive();
  }

  private static JsonObject complaint() {
    return new JsonObject().put("description", "Dripping tap").put("category", "plumbing").put("hostel", "Block W")
      .put("severity", "low");
  }
}
