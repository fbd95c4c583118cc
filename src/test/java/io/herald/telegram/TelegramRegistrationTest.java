package io.herald.telegram;

import io.herald.Herald;
import io.herald.config.Settings;
import io.herald.support.ApiClient;
import io.herald.support.Await;
import io.herald.support.FakeBotApi;
import io.herald.support.TelegramNodes;
import io.herald.support.TestNode;
import io.herald.support.TestSql;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
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

import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** Who may link a chat with /start, and how many complaints a chat may file through the bot; all from a resident's chat. */
@ExtendWith(VertxExtension.class)
class TelegramRegistrationTest {

  private static final AtomicLong updateIds = new AtomicLong();
  private static final String WEBHOOK_SECRET = "webhook-secret-for-registration-tests";
  private static FakeBotApi fake;
  private static Herald node;
  private static ApiClient api;
  private static TestSql sql;
  private static String admin;

  @BeforeAll
  static void start(Vertx vertx) {
    fake = FakeBotApi.start(vertx);
    node = TestNode.start(vertx, TelegramNodes.config(fake));
    api = new ApiClient(vertx, node.httpPort());
    sql = new TestSql(vertx);
    // continue from the offset other test classes left, so that theirs and ours all stay above Telegram's offset
    updateIds.set(sql.count("SELECT COALESCE(max(next_offset), 1) FROM telegram_poll_offset"));
    admin = api.adminToken();
  }

  @AfterAll
  static void stop() {
    node.stop().await();
    sql.close();
    fake.close();
  }

  private static String say(long chat, String text) {
    return say(chat, FakeBotApi.textUpdate(updateIds.incrementAndGet(), chat, text));
  }

  private static String sayAs(long chat, String username, String text) {
    JsonObject update = FakeBotApi.textUpdate(updateIds.incrementAndGet(), chat, text);
    update.getJsonObject("message").getJsonObject("from").put("username", username);
    return say(chat, update);
  }

  private static String say(long chat, JsonObject update) {
    int before = fake.delivered(chat).size();
    fake.queueUpdate(update);
    Await.until("an answer in chat " + chat, () -> fake.delivered(chat).size() > before);
    return fake.delivered(chat).get(before);
  }

  private static String complain(long chat) {
    return say(chat, "/complain " + TelegramNodes.newHostel() + " | 1 | noise | low | Loud music");
  }

  private static void configure(JsonObject settings) {
    HttpResponse<Buffer> response = api.post("/api/v1/notifications/config", admin, settings);
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
  }

  /** Back to a fresh install: no settings stored, so every default applies. */
  private static void forgetSettings() {
    sql.update("DELETE FROM telegram_config");
  }

  private static JsonObject account(long chat) {
    return api.get("/api/v1/users?role=student&q=tg" + chat, admin).bodyAsJsonObject().getJsonArray("items").stream()
      .map(JsonObject.class::cast).filter(user -> user.getString("username").equals("tg" + chat)).findFirst().orElse(null);
  }

  private static long complaintsBy(long chat) {
    return sql.count("SELECT count(*) FROM complaints c JOIN users u ON u.id = c.reporter_id WHERE u.username = $1", "tg" + chat);
  }

  @Test
  void byDefaultANewChatWaitsUntilAnAdminEnablesItsAccount() {
    forgetSettings();
    long adminChat = TelegramNodes.newChatId();
    long chat = TelegramNodes.newChatId();
    configure(new JsonObject().put("admin_chat_ids", new JsonArray().add(adminChat)));

    assertThat(api.get("/api/v1/notifications/config", admin).bodyAsJsonObject().getString("registration")).isEqualTo("approval");
    assertThat(say(chat, "/start")).contains("waiting for an administrator's approval");
    assertThat(complain(chat)).contains("waiting for an administrator's approval");
    JsonObject pending = account(chat);
    assertThat(pending.getBoolean("disabled")).isTrue();
    Await.until("the admin chat hears of the request", () -> fake.delivered(adminChat).size() == 1);
    assertThat(fake.delivered(adminChat).get(0)).contains("tg" + chat).contains("/api/v1/users/" + pending.getLong("id"));

    assertThat(api.updateUser(admin, pending.getLong("id"), new JsonObject().put("disabled", false)).statusCode()).isEqualTo(200);

    assertThat(complain(chat)).startsWith("Thank you. Complaint <b>#");
    assertThat(complaintsBy(chat)).isEqualTo(1);
  }

  @Test
  void allowListLetsInListedChatsAndUsernamesOnly() {
    long listed = TelegramNodes.newChatId();
    long byName = TelegramNodes.newChatId();
    long stranger = TelegramNodes.newChatId();
    configure(new JsonObject().put("registration", "allow-list")
      .put("registration_allow_list", new JsonArray().add(listed).add("@Resident_" + byName)));

    assertThat(say(listed, "/start")).contains("linked").contains("tg" + listed);
    assertThat(sayAs(byName, "resident_" + byName, "/start")).contains("linked").contains("tg" + byName);
    assertThat(say(stranger, "/start")).contains("only open to residents on its list").contains(String.valueOf(stranger));
    assertThat(complain(stranger)).contains("/start");

    assertThat(complain(listed)).startsWith("Thank you.");
    assertThat(account(stranger)).isNull();
    assertThat(complaintsBy(stranger)).isZero();
  }

  @Test
  void anyoneMayRegisterWhenTheSettingSaysSo() {
    long chat = TelegramNodes.newChatId();
    configure(new JsonObject().put("registration", "anyone"));

    assertThat(say(chat, "/start")).contains("linked").contains("tg" + chat);
    assertThat(complain(chat)).startsWith("Thank you.");
    assertThat(account(chat).getBoolean("disabled")).isFalse();
  }

  @Test
  void aDisabledAccountFilesNothingThroughTheBot() {
    long chat = TelegramNodes.newChatId();
    configure(new JsonObject().put("registration", "anyone"));
    say(chat, "/start");

    assertThat(api.updateUser(admin, account(chat).getLong("id"), new JsonObject().put("disabled", true)).statusCode()).isEqualTo(200);

    assertThat(complain(chat)).doesNotContain("Thank you");
    assertThat(complaintsBy(chat)).isZero();
  }

  @Test
  void theDefaultLimitStopsTheEleventhComplaintInAnHourPolitely() {
    forgetSettings();
    long chat = TelegramNodes.newChatId();
    say(chat, "/start");
    api.updateUser(admin, account(chat).getLong("id"), new JsonObject().put("disabled", false));
    for (int i = 0; i < 10; i++) {
      assertThat(complain(chat)).startsWith("Thank you.");
    }

    assertThat(complain(chat)).startsWith("You have reported several problems in a short time").contains("again in about");
    assertThat(complaintsBy(chat)).isEqualTo(10);
  }

  @Test
  void theLimitHoldsForItsWindowOnlyAndForEachChatOnItsOwn() {
    long chat = TelegramNodes.newChatId();
    long neighbour = TelegramNodes.newChatId();
    configure(new JsonObject().put("registration", "anyone").put("complaints_per_chat", 2).put("complaint_window_minutes", 1));
    say(chat, "/start");
    say(neighbour, "/start");
    complain(chat);
    complain(chat);

    assertThat(complain(chat)).contains("again in about 1 minute.");
    assertThat(complain(neighbour)).startsWith("Thank you.");
    Await.until("the chat's window reopens", () -> complain(chat).startsWith("Thank you."));
    assertThat(complaintsBy(chat)).isEqualTo(3);
  }

  @Test
  void everyNodeCountsAgainstTheSameQuota() {
    long chat = TelegramNodes.newChatId();
    configure(new JsonObject().put("registration", "anyone").put("complaints_per_chat", 2).put("complaint_window_minutes", 60));
    say(chat, "/start");
    complain(chat);
    complain(chat);
    Vertx elsewhere = Vertx.vertx();
    Herald webhookNode = TestNode.start(elsewhere, TelegramNodes.config(fake)
      .with(Settings.TELEGRAM_WEBHOOK_URL.key(), "https://herald.example/telegram/webhook")
      .with(Settings.TELEGRAM_WEBHOOK_SECRET.key(), WEBHOOK_SECRET));
    try {
      WebClient web = WebClient.create(elsewhere, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(webhookNode.httpPort()));
      int before = fake.delivered(chat).size();
      JsonObject third = FakeBotApi.textUpdate(updateIds.incrementAndGet(), chat, "/complain Block Z | 1 | noise | low | Again");

      HttpResponse<Buffer> accepted = Await.await(web.post("/telegram/webhook").putHeader("X-Telegram-Bot-Api-Secret-Token", WEBHOOK_SECRET)
        .sendJsonObject(third));

      assertThat(accepted.statusCode()).isEqualTo(200);
      Await.until("the other node answers", () -> fake.delivered(chat).size() > before);
      assertThat(fake.delivered(chat).get(before)).startsWith("You have reported several problems");
      assertThat(complaintsBy(chat)).isEqualTo(2);
    } finally {
      webhookNode.stop().await();
      Await.await(elsewhere.close());
    }
  }

  @Test
  void registrationSettingsAreValidatedNamingTheField() {
    HttpResponse<Buffer> policy = api.post("/api/v1/notifications/config", admin, new JsonObject().put("registration", "everyone"));
    HttpResponse<Buffer> entry = api.post("/api/v1/notifications/config", admin,
      new JsonObject().put("registration_allow_list", new JsonArray().add("no spaces allowed")));
    HttpResponse<Buffer> limit = api.post("/api/v1/notifications/config", admin, new JsonObject().put("complaints_per_chat", 0));

    assertThat(policy.statusCode()).isEqualTo(400);
    assertThat(policy.bodyAsString()).contains("registration");
    assertThat(entry.statusCode()).isEqualTo(400);
    assertThat(entry.bodyAsString()).contains("registration_allow_list");
    assertThat(limit.statusCode()).isEqualTo(400);
    assertThat(limit.bodyAsString()).contains("complaints_per_chat");
  }
}
