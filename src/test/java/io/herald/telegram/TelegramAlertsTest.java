package io.herald.telegram;

import io.herald.Herald;
import io.herald.support.ApiClient;
import io.herald.support.ApiClient.TestUser;
import io.herald.support.Await;
import io.herald.support.FakeBotApi;
import io.herald.support.TelegramNodes;
import io.herald.support.TestNode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
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
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
class TelegramAlertsTest {

  private static FakeBotApi fake;
  private static Herald node;
  private static ApiClient api;
  private static String admin;
  private static TestUser student;

  @BeforeAll
  static void start(Vertx vertx) {
    fake = FakeBotApi.start(vertx);
    node = TestNode.start(vertx, TelegramNodes.config(fake));
    api = new ApiClient(vertx, node.httpPort());
    admin = api.adminToken();
    student = api.newUser(admin, "student");
  }

  @AfterAll
  static void stop() {
    node.stop().await();
    fake.close();
  }

  private static void configure(JsonObject settings) {
    HttpResponse<Buffer> response = api.post("/api/v1/notifications/config", admin, settings);
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
  }

  private static JsonObject settingsFor(long adminChat) {
    return TelegramNodes.everyAlertTo(adminChat);
  }

  private static JsonObject complaint(String hostel, String severity, String description) {
    HttpResponse<Buffer> response = api.post("/api/v1/complaints", student.token(), new JsonObject()
      .put("description", description).put("category", "plumbing").put("hostel", hostel).put("room", "7")
      .put("severity", severity));
    assertThat(response.statusCode()).isEqualTo(201);
    return response.bodyAsJsonObject();
  }

  private static List<String> awaitDelivered(long chat, int count) {
    Await.until(count + " message(s) to chat " + chat, () -> fake.delivered(chat).size() >= count);
    return fake.delivered(chat);
  }

  private static JsonArray outbox(String status) {
    return api.get("/api/v1/notifications/telegram/outbox?status=" + status + "&limit=200", admin).bodyAsJsonObject().getJsonArray("items");
  }

  private static JsonObject outboxRow(long chat, String status) {
    return outbox(status).stream().map(JsonObject.class::cast).filter(row -> row.getLong("chat_id") == chat).findFirst().orElse(null);
  }

  @Test
  void newComplaintReachesTheAdminChatAsEscapedHtml() {
    long chat = TelegramNodes.newChatId();
    configure(settingsFor(chat));
    JsonObject created = complaint(TelegramNodes.newHostel(), "high", "<b>&</script>");

    String text = awaitDelivered(chat, 1).get(0);

    assertThat(text).contains("#" + created.getLong("id")).contains("&lt;b&gt;&amp;&lt;/script&gt;").doesNotContain("</script>");
    FakeBotApi.Call call = fake.attempts(chat).get(0);
    assertThat(call.body().getString("parse_mode")).isEqualTo("HTML");
    assertThat(call.token()).isEqualTo("bot" + TelegramNodes.TOKEN);
  }

  @Test
  void highSeverityOnlyLeavesOutLowerSeverities() {
    long chat = TelegramNodes.newChatId();
    configure(settingsFor(chat).put("high_severity_only", true));
    long low = complaint(TelegramNodes.newHostel(), "low", "dripping tap").getLong("id");
    long critical = complaint(TelegramNodes.newHostel(), "critical", "flooding").getLong("id");

    List<String> delivered = awaitDelivered(chat, 1);

    assertThat(delivered).hasSize(1);
    assertThat(delivered.get(0)).contains("#" + critical).doesNotContain("#" + low + " ");
  }

  @Test
  void hostelChatsHearOnlyAboutTheirHostelWhileAdminChatsHearEverything() {
    long adminChat = TelegramNodes.newChatId();
    long hostelChat = TelegramNodes.newChatId();
    String hostel = TelegramNodes.newHostel();
    configure(settingsFor(adminChat).put("hostel_specific", true)
      .put("hostel_chat_ids", new JsonObject().put(hostel, new JsonArray().add(hostelChat))));
    long elsewhere = complaint(TelegramNodes.newHostel(), "medium", "elsewhere").getLong("id");
    long here = complaint(hostel, "medium", "here").getLong("id");

    List<String> hostelMessages = awaitDelivered(hostelChat, 1);
    List<String> adminMessages = awaitDelivered(adminChat, 2);

    assertThat(hostelMessages).hasSize(1);
    assertThat(hostelMessages.get(0)).contains("#" + here);
    assertThat(adminMessages).anyMatch(text -> text.contains("#" + elsewhere)).anyMatch(text -> text.contains("#" + here));
  }

  @Test
  void alertsOverTheRateLimitAreFoldedIntoOneDigestAndNoneIsLost() {
    long chat = TelegramNodes.newChatId();
    configure(settingsFor(chat).put("rate_limit_minutes", 1).put("rate_limit_count", 1));
    String hostel = TelegramNodes.newHostel();
    long first = complaint(hostel, "high", "first").getLong("id");
    long second = complaint(hostel, "low", "second").getLong("id");
    long third = complaint(hostel, "medium", "third").getLong("id");
    long fourth = complaint(hostel, "high", "fourth").getLong("id");

    List<String> delivered = awaitDelivered(chat, 2);

    // the four events are enqueued concurrently, so any one of them may take the window's single slot
    Map<Long, String> severities = Map.of(first, "high", second, "low", third, "medium", fourth, "high");
    long alone = severities.keySet().stream().filter(id -> delivered.get(0).contains("New complaint #" + id + "<"))
      .findFirst().orElseThrow(() -> new AssertionError("first message is not a single alert: " + delivered.get(0)));
    assertThat(delivered.get(1)).startsWith("<b>3 more new complaints:</b>").doesNotContain("#" + alone + " (");
    severities.forEach((id, severity) -> {
      if (id != alone) {
        assertThat(delivered.get(1)).contains("#" + id + " (" + severity + ", " + hostel + ")");
      }
    });
    Await.until("the folded alerts are marked sent with the digest", () -> outbox("held").stream()
      .map(JsonObject.class::cast).noneMatch(row -> row.getLong("chat_id") == chat));
    assertThat(fake.delivered(chat)).hasSize(2);
  }

  /** A window made longer after its digest went out: the next alert over the limit must not wait for that digest. */
  @Test
  void anAlertAfterTheWindowsDigestWentOutIsNotHeldForIt() {
    long chat = TelegramNodes.newChatId();
    configure(settingsFor(chat).put("rate_limit_minutes", 1).put("rate_limit_count", 1));
    String hostel = TelegramNodes.newHostel();
    complaint(hostel, "high", "alone");
    awaitDelivered(chat, 1);
    complaint(hostel, "high", "into the digest");
    awaitDelivered(chat, 2);
    Await.until("the digest is marked sent", () -> outboxRow(chat, "pending") == null && outboxRow(chat, "held") == null);

    configure(settingsFor(chat).put("rate_limit_minutes", 20).put("rate_limit_count", 1));
    long late = complaint(hostel, "high", "after the digest").getLong("id");

    assertThat(awaitDelivered(chat, 3).get(2)).contains("New complaint #" + late + "<");
    assertThat(outboxRow(chat, "held")).isNull();
  }

  @Test
  void aCriticalComplaintIsAlertedAtOnceWhileANormalOneJustBeforeItIsHeldByTheRateLimit() {
    long chat = TelegramNodes.newChatId();
    configure(settingsFor(chat).put("rate_limit_minutes", 20).put("rate_limit_count", 1));
    String hostel = TelegramNodes.newHostel();
    long first = complaint(hostel, "high", "first of the window").getLong("id");
    long squeaky = complaint(hostel, "low", "Squeaky door").getLong("id");
    long gas = complaint(hostel, "critical", "Gas smell").getLong("id");

    List<String> delivered = awaitDelivered(chat, 2);

    assertThat(delivered).anySatisfy(text -> assertThat(text).contains("New complaint #" + first + "<"));
    assertThat(delivered).anySatisfy(text -> assertThat(text).contains("New complaint #" + gas + "<").contains("Gas smell"));
    assertThat(delivered).noneSatisfy(text -> assertThat(text).contains("#" + squeaky));
    assertThat(outbox("held").stream().map(JsonObject.class::cast).filter(row -> row.getLong("chat_id") == chat)
      .map(row -> row.getLong("complaint_id"))).as("the normal one waits for the digest").containsExactly(squeaky);
  }

  @Test
  void aCriticalAlertGoesBeforeTheAlertsAlreadyWaitingForItsChat() {
    long chat = TelegramNodes.newChatId();
    fake.answerTooManyRequests(chat, 3);
    configure(settingsFor(chat));
    String hostel = TelegramNodes.newHostel();
    List<Long> waiting = new ArrayList<>();
    waiting.add(complaint(hostel, "high", "Leaking tap").getLong("id"));
    Await.until("Telegram told the chat to wait", () -> !fake.attempts(chat).isEmpty());
    waiting.add(complaint(hostel, "medium", "Broken lamp").getLong("id"));
    waiting.add(complaint(hostel, "low", "Squeaky door").getLong("id"));
    long gas = complaint(hostel, "critical", "Gas smell").getLong("id");

    List<String> delivered = awaitDelivered(chat, 4);

    assertThat(delivered.get(0)).as("the first message after the wait").contains("New complaint #" + gas + "<");
    for (int i = 0; i < waiting.size(); i++) {
      assertThat(delivered.get(i + 1)).as("then the others in their order").contains("New complaint #" + waiting.get(i) + "<");
    }
  }

  @Test
  void tooManyRequestsIsHonouredByWaitingRetryAfterThenSending() {
    long chat = TelegramNodes.newChatId();
    fake.answerTooManyRequests(chat, 1);
    configure(settingsFor(chat));
    complaint(TelegramNodes.newHostel(), "high", "throttled");

    awaitDelivered(chat, 1);

    List<FakeBotApi.Call> attempts = fake.attempts(chat);
    assertThat(attempts).hasSize(2);
    assertThat(attempts.get(0).status()).isEqualTo(429);
    assertThat(attempts.get(1).receivedAtMillis() - attempts.get(0).receivedAtMillis()).isGreaterThanOrEqualTo(1_000);
  }

  @Test
  void serverErrorsAndTimeoutsAreRetriedUntilTelegramAcceptsOnce() {
    long chat = TelegramNodes.newChatId();
    fake.answerStatus(chat, 500, "Internal Server Error").answerStatus(chat, 502, "Bad Gateway").neverAnswer(chat);
    configure(settingsFor(chat));
    complaint(TelegramNodes.newHostel(), "high", "flaky network");

    awaitDelivered(chat, 1);
    Await.until("the row is marked sent", () -> outboxRow(chat, "sent") != null);

    assertThat(fake.attempts(chat)).extracting(FakeBotApi.Call::status).containsExactly(500, 502, 0, 200);
    JsonObject row = outboxRow(chat, "sent");
    assertThat(row.getInteger("attempts")).isEqualTo(4);
    assertThat(row.getLong("message_id")).isPositive();
  }

  @Test
  void slowAnswerWithinTheRequestTimeoutIsWaitedForAndNotRepeated() {
    long chat = TelegramNodes.newChatId();
    fake.answerSlowly(chat, 300);
    configure(settingsFor(chat));
    complaint(TelegramNodes.newHostel(), "high", "slow network");

    Await.until("the row is marked sent", () -> outboxRow(chat, "sent") != null);

    assertThat(fake.attempts(chat)).hasSize(1);
    assertThat(outboxRow(chat, "sent").getInteger("attempts")).isEqualTo(1);
  }

  @Test
  void refusedChatIsMarkedFailedWithTheReasonAndNotRetried() {
    long chat = TelegramNodes.newChatId();
    fake.answerStatus(chat, 403, "Forbidden: bot was blocked by the user");
    configure(settingsFor(chat));
    complaint(TelegramNodes.newHostel(), "high", "blocked");

    Await.until("the row is marked failed", () -> outboxRow(chat, "failed") != null);

    assertThat(outboxRow(chat, "failed").getString("last_error")).contains("403").contains("bot was blocked");
    assertThat(fake.attempts(chat)).hasSize(1);
  }

  @Test
  void statusUpdatesAreAnnouncedOnlyWhenEnabled() {
    long chat = TelegramNodes.newChatId();
    configure(settingsFor(chat).put("notify_status_updates", true));
    long id = complaint(TelegramNodes.newHostel(), "high", "will be fixed").getLong("id");
    awaitDelivered(chat, 1);

    HttpResponse<Buffer> changed = api.send(io.vertx.core.http.HttpMethod.PATCH, "/api/v1/complaints/" + id + "/status", admin,
      new JsonObject().put("status", "in_progress").put("note", "plumber <on> the way"));
    assertThat(changed.statusCode()).isEqualTo(200);

    assertThat(awaitDelivered(chat, 2).get(1)).contains("#" + id).contains("<b>in progress</b>").contains("plumber &lt;on&gt; the way");
  }

  @Test
  void configApiRefusesBadValuesNamingTheField() {
    HttpResponse<Buffer> negative = api.post("/api/v1/notifications/config", admin, new JsonObject().put("rate_limit_minutes", -1));
    HttpResponse<Buffer> zeroChat = api.post("/api/v1/notifications/config", admin,
      new JsonObject().put("admin_chat_ids", new JsonArray().add(0)));
    HttpResponse<Buffer> wrongType = api.post("/api/v1/notifications/config", admin, new JsonObject().put("enabled", "yes"));
    HttpResponse<Buffer> unknown = api.post("/api/v1/notifications/config", admin, new JsonObject().put("volume", 11));

    assertThat(negative.statusCode()).isEqualTo(400);
    assertThat(negative.bodyAsString()).contains("rate_limit_minutes");
    assertThat(zeroChat.statusCode()).isEqualTo(400);
    assertThat(zeroChat.bodyAsString()).contains("admin_chat_ids");
    assertThat(wrongType.statusCode()).isEqualTo(400);
    assertThat(wrongType.bodyAsString()).contains("enabled");
    assertThat(unknown.statusCode()).isEqualTo(400);
    assertThat(unknown.bodyAsString()).contains("volume");
  }

  @Test
  void onlyAdminsSeeOrChangeTheAlertSettings() {
    assertThat(api.get("/api/v1/notifications/config", student.token()).statusCode()).isEqualTo(403);
    assertThat(api.post("/api/v1/notifications/config", student.token(), new JsonObject().put("enabled", false)).statusCode()).isEqualTo(403);
    assertThat(api.get("/api/v1/notifications/telegram/outbox", student.token()).statusCode()).isEqualTo(403);
  }

  @Test
  void changedSettingsApplyToTheNextAlertWithoutRestart() {
    long before = TelegramNodes.newChatId();
    long after = TelegramNodes.newChatId();
    configure(settingsFor(before));
    complaint(TelegramNodes.newHostel(), "high", "to the first chat");
    awaitDelivered(before, 1);

    configure(new JsonObject().put("admin_chat_ids", new JsonArray().add(after)));
    JsonObject shown = api.get("/api/v1/notifications/config", admin).bodyAsJsonObject();
    long id = complaint(TelegramNodes.newHostel(), "high", "to the second chat").getLong("id");

    assertThat(shown.getJsonArray("admin_chat_ids").getList()).hasSize(1);
    assertThat(shown.getJsonArray("admin_chat_ids").getLong(0)).isEqualTo(after);
    assertThat(awaitDelivered(after, 1).get(0)).contains("#" + id);
    assertThat(fake.delivered(before)).hasSize(1);
  }
}
