package io.herald.metrics;

import io.herald.Herald;
import io.herald.bus.Addresses;
import io.herald.config.Settings;
import io.herald.support.ApiClient.TestUser;
import io.herald.support.ApiClient;
import io.herald.support.Await;
import io.herald.support.FakeBotApi;
import io.herald.support.SockJsProbe;
import io.herald.support.TelegramNodes;
import io.herald.support.TestNode;
import io.herald.support.TestSql;
import io.herald.support.WsProbe;
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

import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real node (sockets, database, Telegram against the fake Bot API) driven through a scripted scenario; the scrape
 * of {@code /metrics} after it must show every counter moved by exactly what the scenario did.
 */
class MetricsTest {

  private static final String METRICS_TOKEN = "metrics-scraper-token-0123456789";
  private static final int COMPLAINTS_PER_USER = 3;

  private static Vertx vertx;
  private static FakeBotApi fake;
  private static Herald node;
  private static ApiClient api;
  private static String admin;
  private static TestSql sql;

  @BeforeAll
  static void start() {
    vertx = TestNode.vertx();
    fake = FakeBotApi.start(vertx);
    node = TestNode.start(vertx, TelegramNodes.config(fake)
      .with(Settings.METRICS_TOKEN.key(), METRICS_TOKEN)
      .with(Settings.METRICS_SAMPLE_MS.key(), 100)
      .with(Settings.METRICS_PORT.key(), 0)
      .with(Settings.COMPLAINTS_PER_USER.key(), COMPLAINTS_PER_USER));
    api = new ApiClient(vertx, node.httpPort());
    admin = api.adminToken();
    sql = new TestSql(vertx);
  }

  @AfterAll
  static void stop() {
    sql.close();
    api.close();
    Await.await(node.stop());
    fake.close();
    Await.await(vertx.close());
  }

  private static Scrape scrape() {
    HttpResponse<Buffer> response = api.get("/metrics", METRICS_TOKEN);
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    return Scrape.parse(response.bodyAsString());
  }

  @Test
  void metricsNeedTheMetricsTokenOrAnAdmin() {
    TestUser student = api.newUser(admin, "student");
    assertThat(api.get("/metrics", null).statusCode()).isEqualTo(401);
    assertThat(api.get("/metrics", "not-the-token").statusCode()).isEqualTo(401);
    assertThat(api.get("/metrics", student.token()).statusCode()).isEqualTo(403);
    HttpResponse<Buffer> asAdmin = api.get("/metrics", admin);
    assertThat(asAdmin.statusCode()).isEqualTo(200);
    assertThat(asAdmin.bodyAsString()).contains("herald_socket_connections").contains("vertx_http_server_requests_total");
  }

  @Test
  void theMetricsPortServesTheSameRegistryWithoutAToken() {
    ApiClient metricsPort = new ApiClient(vertx, node.metricsPort());
    try {
      HttpResponse<Buffer> response = metricsPort.get("/metrics", null);
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(Scrape.parse(response.bodyAsString()).has("herald_socket_connections")).isTrue();
      assertThat(metricsPort.get("/api/v1/complaints", admin).statusCode()).isEqualTo(404);
    } finally {
      metricsPort.close();
    }
  }

  @Test
  void labelsStayBounded() {
    TestUser student = api.newUser(admin, "student");
    api.notify(admin, student.id(), "bounded");
    Scrape scrape = scrape();
    for (Scrape.Series series : scrape.series()) {
      assertThat(series.labels().keySet()).as(series.toString())
        .doesNotContain("user_id", "address", "remote", "local", "path", "user");
      assertThat(series.labels().values()).as(series.toString())
        .noneMatch(value -> value.startsWith("notifications.user.") || value.contains("127.0.0.1"));
    }
  }

  /** A client may send any token as a method: it must not become new series, on the public port or behind the relay. */
  @Test
  void madeUpMethodsShareOneLabelValue() {
    WebClient client = WebClient.create(vertx);
    try {
      for (int i = 0; i < 60; i++) {
        Await.await(client.request(HttpMethod.valueOf("MADEUP" + i), node.httpPort(), "127.0.0.1", "/api/v1/complaints").send());
      }
    } finally {
      client.close();
    }

    Scrape scrape = scrape();
    Set<String> methods = new TreeSet<>();
    scrape.series().stream().filter(series -> series.name().startsWith("vertx_http_"))
      .forEach(series -> methods.add(series.labels().getOrDefault("method", "")));
    assertThat(methods).noneMatch(method -> method.startsWith("MADEUP")).contains(HeraldMetrics.OTHER_METHOD, "GET");
    assertThat(scrape.value("vertx_http_server_requests_total", "method", HeraldMetrics.OTHER_METHOD)).isGreaterThanOrEqualTo(60);
  }

  @Test
  void socketsAndNotificationsCountWhatHappened() {
    TestUser student = api.newUser(admin, "student");
    Scrape before = scrape();
    long rowsBefore = sql.count("SELECT count(*) FROM notifications");

    WsProbe raw = WsProbe.connect(vertx, node.httpPort(), "/ws/notifications?token=" + student.token());
    assertThat(raw.next().getString("type")).isEqualTo("connected");
    SockJsProbe bridge = SockJsProbe.connect(vertx, node.httpPort(), "token=" + student.token());
    bridge.register(Addresses.userNotifications(student.id()), null);
    Await.until("both sockets are sampled", () -> scrape().value("herald_socket_connections", "transport", "websocket")
      >= before.value("herald_socket_connections", "transport", "websocket") + 1
      && scrape().value("herald_socket_connections", "transport", "sockjs") >= before.value("herald_socket_connections", "transport", "sockjs") + 1);

    assertThat(api.notify(admin, student.id(), "one").statusCode()).isEqualTo(201);
    raw.await("notification");
    bridge.awaitAddress(Addresses.userNotifications(student.id()));
    HttpResponse<Buffer> broadcast = api.post("/api/v1/notifications/broadcast", admin,
      new JsonObject().put("title", "all").put("message", "everyone").put("roles", new JsonArray().add("student")));
    assertThat(broadcast.statusCode()).as(broadcast.bodyAsString()).isIn(200, 201, 202);
    raw.await("notification");
    bridge.awaitAddress(Addresses.userNotifications(student.id()));
    raw.close();
    WsProbe resumed = WsProbe.connect(vertx, node.httpPort(), "/ws/notifications?token=" + student.token() + "&last_id=0");
    JsonObject frame = resumed.next();
    while (!"resumed".equals(frame.getString("type"))) {
      frame = resumed.next();
    }
    assertThat(frame.getInteger("count")).isEqualTo(2);
    resumed.close();
    bridge.close();
    long rowsWritten = sql.count("SELECT count(*) FROM notifications") - rowsBefore;

    Await.until("the sockets are gone from the gauges", () -> scrape().value("herald_socket_connections")
      == before.value("herald_socket_connections"));
    Scrape after = scrape();
    assertThat(after.delta(before, "herald_socket_connects_total", "transport", "websocket")).isEqualTo(2);
    assertThat(after.delta(before, "herald_socket_connects_total", "transport", "sockjs")).isEqualTo(1);
    assertThat(after.delta(before, "herald_socket_disconnects_total", "transport", "websocket", "code", "1000")).isEqualTo(2);
    assertThat(after.delta(before, "herald_socket_disconnects_total", "transport", "sockjs")).isEqualTo(1);
    assertThat(after.delta(before, "herald_notifications_written_total", "type", "system", "producer", "admin"))
      .as(after.named("herald_notifications_written_total").toString()).isEqualTo(1);
    assertThat(after.delta(before, "herald_notifications_written_total", "type", "broadcast", "producer", "admin"))
      .isEqualTo(broadcast.bodyAsJsonObject().getInteger("count").doubleValue());
    assertThat(after.delta(before, "herald_notifications_written_total")).as("every row written is counted once")
      .isEqualTo((double) rowsWritten);
    assertThat(after.delta(before, "herald_notifications_pushed_total", "transport", "websocket")).isEqualTo(2);
    assertThat(after.delta(before, "herald_notifications_pushed_total", "transport", "sockjs")).isEqualTo(2);
    assertThat(after.delta(before, "herald_notification_push_latency_seconds_count")).isEqualTo(4);
    assertThat(after.delta(before, "herald_notifications_replayed_total")).isEqualTo(2);
    assertThat(after.delta(before, "herald_broadcast_fanout_seconds_count")).isEqualTo(1);
  }

  @Test
  void resumesThatCannotBeCompleteAreCounted() {
    TestUser student = api.newUser(admin, "student");
    api.notify(admin, student.id(), "old");
    long old = sql.longs("SELECT id FROM notifications WHERE user_id = $1", student.id()).get(0);
    sql.update("UPDATE notifications SET read_at = now(), created_at = now() - interval '400 days' WHERE id = $1", old);
    Await.await(vertx.eventBus().request(Addresses.NOTIFICATIONS_RETENTION_RUN, new JsonObject().put("days", 300)));
    Scrape before = scrape();

    WsProbe resumed = WsProbe.connect(vertx, node.httpPort(), "/ws/notifications?token=" + student.token() + "&last_id=0");
    JsonObject frame = resumed.next();
    while (!"resumed".equals(frame.getString("type"))) {
      frame = resumed.next();
    }
    assertThat(frame.getBoolean("complete")).isFalse();
    resumed.close();

    assertThat(scrape().delta(before, "herald_resumes_incomplete_total")).isEqualTo(1);
  }

  @Test
  void refusalsAndBusFailuresAreCountedByLimitAndFamily() {
    TestUser student = api.newUser(admin, "student");
    Scrape before = scrape();
    for (int i = 0; i < COMPLAINTS_PER_USER; i++) {
      api.createComplaint(student.token(), TelegramNodes.newHostel(), "low");
    }
    HttpResponse<Buffer> refused = api.post("/api/v1/complaints", student.token(), new JsonObject()
      .put("description", "one too many").put("category", "heating").put("hostel", "H").put("severity", "low"));
    assertThat(refused.statusCode()).isEqualTo(429);
    assertThat(api.get("/api/v1/complaints/999999999", admin).statusCode()).isEqualTo(404);
    assertThat(api.get("/api/v1/complaints/999999998", admin).statusCode()).isEqualTo(404);

    // Vert.x counts a request once its response is written out, which can be just after the client has read it
    Await.until("both 404s counted under their route", () -> scrape()
      .delta(before, "vertx_http_server_requests_total", "route", "/api/v1/>/complaints/:id", "code", "404") >= 2);
    Scrape after = scrape();
    assertThat(after.delta(before, "herald_rate_limit_refusals_total", "limit", "complaints")).isEqualTo(1);
    assertThat(after.delta(before, "herald_eventbus_request_failures_total", "family", "persistence.complaints", "code", "404"))
      .isEqualTo(2);
    assertThat(after.delta(before, "vertx_http_server_requests_total", "route", "/api/v1/>/complaints/:id", "code", "404"))
      .as(after.named("vertx_http_server_requests_total").toString()).isEqualTo(2);
  }

  @Test
  void telegramOutcomesAreCounted() {
    long chat = TelegramNodes.newChatId();
    fake.answerTooManyRequests(chat, 1).answerStatus(chat, 500, "Internal Server Error")
      .answerStatus(chat, 403, "Forbidden: bot was blocked by the user");
    configure(TelegramNodes.everyAlertTo(chat));
    TestUser student = api.newUser(admin, "student");
    Scrape before = scrape();

    api.createComplaint(student.token(), TelegramNodes.newHostel(), "high");
    Await.until("the alert failed for good", () -> fake.attempts(chat).size() == 3
      && scrape().delta(before, "herald_telegram_failed_total") == 1);
    api.createComplaint(student.token(), TelegramNodes.newHostel(), "high");
    Await.until("the second alert was sent", () -> fake.delivered(chat).size() == 1);
    // a small update id: the stored polling offset, shared by the whole test run, never moves back, and the bot tests
    // that run later count on their own ids being above it
    fake.queueUpdate(FakeBotApi.textUpdate(1 + System.nanoTime() % 1_000, TelegramNodes.newChatId(), "/help"));

    Await.until("the update is counted", () -> scrape().delta(before, "herald_telegram_updates_total") == 1);
    Scrape after = scrape();
    assertThat(after.delta(before, "herald_telegram_throttled_total")).isEqualTo(1);
    assertThat(after.delta(before, "herald_telegram_retry_after_seconds_count")).isEqualTo(1);
    assertThat(after.delta(before, "herald_telegram_retry_after_seconds_sum")).isEqualTo(1);
    assertThat(after.delta(before, "herald_telegram_retried_total")).isEqualTo(1);
    assertThat(after.delta(before, "herald_telegram_failed_total")).isEqualTo(1);
    Await.until("the sent count", () -> scrape().delta(before, "herald_telegram_sent_total", "kind", "alert") >= 1);
    assertThat(scrape().delta(before, "herald_telegram_sent_total", "kind", "alert")).isEqualTo(1);
  }

  @Test
  void digestsCountTheAlertsTheyCarry() {
    long chat = TelegramNodes.newChatId();
    configure(TelegramNodes.everyAlertTo(chat).put("rate_limit_minutes", 1).put("rate_limit_count", 1));
    TestUser student = api.newUser(admin, "student");
    Scrape before = scrape();
    for (int i = 0; i < 3; i++) {
      api.createComplaint(student.token(), TelegramNodes.newHostel(), "high");
    }

    Await.until("an alert and a digest", () -> fake.delivered(chat).size() == 2);
    Await.until("the digest is counted", () -> scrape().delta(before, "herald_telegram_sent_total", "kind", "digest") == 1);
    assertThat(scrape().delta(before, "herald_telegram_digested_total")).isEqualTo(2);
  }

  @Test
  void outboxGaugesFollowTheDatabase() {
    long chat = TelegramNodes.newChatId();
    fake.neverAnswer(chat);
    configure(TelegramNodes.everyAlertTo(chat));
    sql.update("INSERT INTO telegram_outbox (dedupe_key, chat_id, kind, text, next_attempt_at, created_at) "
      + "VALUES ($1, $2, 'personal', 'later', now() + interval '1 hour', now() - interval '10 minutes')",
      "metrics-test-" + chat, chat);
    try {
      // other tests' rows may leave the outbox meanwhile, so the depth alone can match a sample taken before ours
      Await.until("the gauges show the outbox with our ten-minute-old row", () -> {
        Scrape now = scrape();
        return now.value("herald_telegram_outbox_depth")
          == sql.count("SELECT count(*) FROM telegram_outbox WHERE status IN ('pending', 'held')")
          && now.value("herald_telegram_outbox_oldest_pending_seconds") >= 600;
      });
    } finally {
      sql.update("DELETE FROM telegram_outbox WHERE dedupe_key = $1", "metrics-test-" + chat);
    }
  }

  private static void configure(JsonObject settings) {
    HttpResponse<Buffer> response = api.post("/api/v1/notifications/config", admin, settings);
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
  }
}
