package io.herald.telegram;

import io.herald.Herald;
import io.herald.support.ApiClient;
import io.herald.support.Await;
import io.herald.support.FakeBotApi;
import io.herald.support.TelegramNodes;
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

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(VertxExtension.class)
class TelegramBotPollingTest {

  private static final Pattern COMPLAINT_ID = Pattern.compile("#(\\d+)");
  private static FakeBotApi fake;
  private static Herald node;
  private static ApiClient api;
  private static String admin;
  private static final AtomicLong updateIds = new AtomicLong(System.nanoTime() % 1_000_000_000L);

  @BeforeAll
  static void start(Vertx vertx) {
    fake = FakeBotApi.start(vertx);
    node = TestNode.start(vertx, TelegramNodes.config(fake));
    api = new ApiClient(vertx, node.httpPort());
    admin = api.adminToken();
    api.post("/api/v1/notifications/config", admin, new JsonObject().put("registration", "anyone"));
  }

  @AfterAll
  static void stop() {
    node.stop().await();
    fake.close();
  }

  /** Sends a text as the resident of the chat and returns the bot's answer. */
  private static String say(long chat, String text) {
    int before = fake.delivered(chat).size();
    fake.queueUpdate(FakeBotApi.textUpdate(updateIds.incrementAndGet(), chat, text));
    Await.until("an answer to '" + text + "'", () -> fake.delivered(chat).size() > before);
    return fake.delivered(chat).get(before);
  }

  private static long idIn(String text) {
    Matcher matcher = COMPLAINT_ID.matcher(text);
    assertThat(matcher.find()).as(text).isTrue();
    return Long.parseLong(matcher.group(1));
  }

  @Test
  void residentLinksTheChatAndReportsAComplaintStepByStep() {
    long chat = TelegramNodes.newChatId();
    long adminChat = TelegramNodes.newChatId();
    String hostel = TelegramNodes.newHostel();
    api.post("/api/v1/notifications/config", admin, new JsonObject().put("enabled", true).put("rate_limit_minutes", 0)
      .put("high_severity_only", false).put("hostel_specific", false).put("admin_chat_ids", new JsonArray().add(adminChat)));

    assertThat(say(chat, "/complain")).contains("/start");
    assertThat(say(chat, "/start")).contains("linked").contains("tg" + chat);
    assertThat(say(chat, "/complain")).isEqualTo("Which hostel?");
    assertThat(say(chat, hostel)).startsWith("Which room?");
    assertThat(say(chat, "12B")).startsWith("What kind of problem");
    assertThat(say(chat, "electricity")).startsWith("How serious");
    assertThat(say(chat, "terrible")).contains("low, medium, high or critical");
    assertThat(say(chat, "HIGH")).isEqualTo("Describe the problem.");
    String done = say(chat, "Sparks from the <socket> & smoke");

    long id = idIn(done);
    JsonObject complaint = api.get("/api/v1/complaints/" + id, admin).bodyAsJsonObject();
    assertThat(complaint.getString("source")).isEqualTo("telegram");
    assertThat(complaint.getString("hostel")).isEqualTo(hostel);
    assertThat(complaint.getString("room")).isEqualTo("12B");
    assertThat(complaint.getString("severity")).isEqualTo("high");
    assertThat(complaint.getString("description")).isEqualTo("Sparks from the <socket> & smoke");
    assertThat(complaint.getString("reporter_name")).isEqualTo("tg" + chat);
    Await.until("the admin chat is alerted", () -> fake.delivered(adminChat).size() == 1);
    assertThat(fake.delivered(adminChat).get(0)).contains("#" + id).contains("&lt;socket&gt; &amp; smoke");
  }

  @Test
  void residentReportsInOneLineAndFollowsTheComplaint() {
    long chat = TelegramNodes.newChatId();
    String hostel = TelegramNodes.newHostel();
    say(chat, "/start");

    assertThat(say(chat, "/complain " + hostel + " | 3 | plumbing")).contains("five parts");
    long id = idIn(say(chat, "/complain " + hostel + " | - | plumbing | medium | Leaking tap"));

    assertThat(say(chat, "/status " + id)).contains("#" + id).contains("open").contains("plumbing");
    assertThat(say(chat, "/mine")).contains("#" + id + " open");
    assertThat(say(chat, "/status 999999999")).contains("no complaint #999999999");
    assertThat(say(chat, "/status soon")).startsWith("Usage");
    assertThat(api.get("/api/v1/complaints/" + id, admin).bodyAsJsonObject().getValue("room")).isNull();
  }

  @Test
  void reporterChatIsToldWhenTheirComplaintChangesStatus() {
    long chat = TelegramNodes.newChatId();
    say(chat, "/start");
    long id = idIn(say(chat, "/complain " + TelegramNodes.newHostel() + " | 4 | heating | low | Cold radiator"));
    int before = fake.delivered(chat).size();

    HttpResponse<Buffer> changed = api.send(HttpMethod.PATCH, "/api/v1/complaints/" + id + "/status", admin,
      new JsonObject().put("status", "in_progress").put("note", "on it"));
    assertThat(changed.statusCode()).isEqualTo(200);

    Await.until("the reporter hears about it", () -> fake.delivered(chat).size() > before);
    assertThat(fake.delivered(chat).get(before)).contains("#" + id).contains("<b>in progress</b>").contains("on it");
  }

  @Test
  void theBotSpeaksTheLanguageOfTheChatsUserAndTakesTheirWordsForSeverity() {
    long chat = TelegramNodes.newChatId();
    String hostel = TelegramNodes.newHostel();
    assertThat(say(chat, "/help")).as("a chat linked to nobody: the organisation's language").contains("step by step");
    say(chat, "/start");
    JsonObject user = api.get("/api/v1/users?q=tg" + chat, admin).bodyAsJsonObject().getJsonArray("items").getJsonObject(0);
    assertThat(api.send(HttpMethod.PATCH, "/api/v1/users/" + user.getLong("id"), admin, new JsonObject().put("locale", "el"))
      .statusCode()).isEqualTo(200);

    assertThat(say(chat, "/help")).contains("βήμα βήμα").contains("/complain εστία | δωμάτιο | κατηγορία | σοβαρότητα | περιγραφή");
    assertThat(say(chat, "/complain")).isEqualTo("Ποια εστία;");
    assertThat(say(chat, hostel)).startsWith("Ποιο δωμάτιο;");
    assertThat(say(chat, "-")).startsWith("Τι είδους πρόβλημα");
    assertThat(say(chat, "θέρμανση")).startsWith("Πόσο σοβαρό");
    assertThat(say(chat, "φοβερή")).isEqualTo("Η σοβαρότητα πρέπει να είναι χαμηλή, μέτρια, υψηλή ή κρίσιμη.");
    assertThat(say(chat, "ΥΨΗΛΗ")).isEqualTo("Περιγράψτε το πρόβλημα.");
    String done = say(chat, "Το καλοριφέρ <δεν> ζεσταίνει & στάζει");
    assertThat(done).startsWith("Ευχαριστούμε. Η αναφορά <b>#").contains("(υψηλή, " + hostel + ")");

    long id = idIn(done);
    JsonObject complaint = api.get("/api/v1/complaints/" + id, admin).bodyAsJsonObject();
    assertThat(complaint.getString("severity")).isEqualTo("high");
    assertThat(complaint.getString("category")).isEqualTo("θέρμανση");
    assertThat(complaint.getString("description")).isEqualTo("Το καλοριφέρ <δεν> ζεσταίνει & στάζει");
    assertThat(say(chat, "/status " + id)).isEqualTo("Αναφορά <b>#" + id + "</b>: ανοιχτή\nθέρμανση, " + hostel + " (υψηλή)");
    assertThat(say(chat, "/mine")).startsWith("Οι πρόσφατες αναφορές σας:\n#" + id + " ανοιχτή - θέρμανση");
    assertThat(say(chat, "/complain " + hostel + " | 1 | νερό | medium")).startsWith("Στείλτε και τα πέντε μέρη");
    assertThat(say(chat, "/status 999999999")).isEqualTo("Δεν έχετε αναφορά #999999999.");
    assertThat(say(chat, "/dance")).startsWith("Άγνωστη εντολή.");
  }

  @Test
  void helpCancelAndUnknownCommandsAnswerSensibly() {
    long chat = TelegramNodes.newChatId();
    assertThat(say(chat, "/help")).contains("/complain").contains("/status");
    say(chat, "/start");
    say(chat, "/complain");
    assertThat(say(chat, "/cancel")).isEqualTo("Cancelled.");
    assertThat(say(chat, "just chatting")).contains("/complain");
    assertThat(say(chat, "/dance")).startsWith("Unknown command");
  }

  @Test
  void malformedUpdatesAreSkippedAndPollingGoesOn() {
    long chat = TelegramNodes.newChatId();
    fake.queueUpdate(new JsonObject().put("update_id", updateIds.incrementAndGet()).put("message", "not an object"));
    fake.queueUpdate(new JsonObject().put("update_id", updateIds.incrementAndGet()));

    assertThat(say(chat, "/help")).contains("/complain");
  }

  @Test
  void removesAnyWebhookThenPollsWithTheBotToken() {
    List<FakeBotApi.Call> polls = fake.calls("getUpdates");

    assertThat(fake.calls("deleteWebhook")).isNotEmpty();
    assertThat(polls).isNotEmpty().allMatch(call -> call.token().equals("bot" + TelegramNodes.TOKEN));
  }
}
