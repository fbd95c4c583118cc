package io.herald.telegram;

import io.herald.Herald;
import io.herald.config.Settings;
import io.herald.support.ApiClient;
import io.herald.support.ApiClient.TestUser;
import io.herald.support.Await;
import io.herald.support.BotChats;
import io.herald.support.FakeBotApi;
import io.herald.support.TelegramNodes;
import io.herald.support.TestNode;
import io.herald.support.TestSql;
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

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A user links their own chat with a one-time code (from the API, through the bot's /start), gets their notifications
 * there with a "Mark read" button, and unlinks from either side.
 */
@ExtendWith(VertxExtension.class)
class PersonalTelegramTest {

  private static final String BOT = "herald_test_bot";
  private static final String BAD_CODE = "This link code is unknown, used or expired. Make a new one in Herald and open its link again.";
  private static final String NOT_HERE = "This button no longer works from this chat.";
  private static final String MARKED = "Marked as read.";
  private static FakeBotApi fake;
  private static Herald node;
  private static ApiClient api;
  private static TestSql sql;
  private static BotChats chats;
  private static String admin;

  @BeforeAll
  static void start(Vertx vertx) {
    fake = FakeBotApi.start(vertx);
    JsonObject atOnce = new JsonObject().put("*", new JsonObject()
      .put("normal", new JsonArray().add(new JsonObject().put("channel", "telegram").put("after_ms", 0))));
    node = TestNode.start(vertx, TelegramNodes.config(fake).with(Settings.TELEGRAM_BOT_USERNAME.key(), BOT)
      .with(Settings.ESCALATION.key(), atOnce.encode())
      .with(Settings.ESCALATION_TUNING.key(), new JsonObject().put("interval_ms", 50).encode()));
    api = new ApiClient(vertx, node.httpPort());
    sql = new TestSql(vertx);
    chats = new BotChats(fake, sql);
    admin = api.adminToken();
  }

  @AfterAll
  static void stop() {
    node.stop().await();
    sql.close();
    fake.close();
  }

  @Test
  void aCodeFromTheApiLinksTheChatThroughStartOnceAndIsKeptOnlyAsItsHash() throws Exception {
    TestUser user = api.newUser(admin, "porter");
    JsonObject code = BotChats.newCode(api, user);
    assertThat(code.getString("deep_link")).isEqualTo("https://t.me/" + BOT + "?start=" + code.getString("code"));
    assertThat(code.getString("expires_at")).isNotBlank();
    assertThat(sql.count("SELECT count(*) FROM telegram_link_codes WHERE code_hash = $1", code.getString("code"))).isZero();
    assertThat(sql.count("SELECT count(*) FROM telegram_link_codes WHERE code_hash = $1", sha256(code.getString("code")))).isEqualTo(1);

    long chat = TelegramNodes.newChatId();
    assertThat(chats.say(chat, "/start " + code.getString("code"))).contains("now linked").contains(user.username());
    assertThat(linkedChat(user)).isEqualTo(chat);

    long other = TelegramNodes.newChatId();
    assertThat(chats.say(other, "/start " + code.getString("code"))).isEqualTo(BAD_CODE);
    assertThat(linkedChat(user)).as("a used code links nothing").isEqualTo(chat);
  }

  @Test
  void wrongAndExpiredCodesAreRefused() throws Exception {
    TestUser user = api.newUser(admin, "student");
    long chat = TelegramNodes.newChatId();
    assertThat(chats.say(chat, "/start not-a-code")).isEqualTo(BAD_CODE);

    String expired = BotChats.newCode(api, user).getString("code");
    sql.update("UPDATE telegram_link_codes SET expires_at = now() - interval '1 second' WHERE code_hash = $1", sha256(expired));
    assertThat(chats.say(chat, "/start " + expired)).isEqualTo(BAD_CODE);

    String replaced = BotChats.newCode(api, user).getString("code");
    String fresh = BotChats.newCode(api, user).getString("code");
    assertThat(chats.say(chat, "/start " + replaced)).as("a newer code replaces the older").isEqualTo(BAD_CODE);
    assertThat(sql.count("SELECT count(*) FROM telegram_links WHERE user_id = $1", user.id())).isZero();
    assertThat(chats.say(chat, "/start " + fresh)).contains("now linked");
  }

  @Test
  void aNotificationReachesTheChatWithAButtonThatMarksExactlyItRead() {
    TestUser user = api.newUser(admin, "student");
    long chat = chats.link(api, user);
    long first = notify(user, "Water off at noon");
    long second = notify(user, "Lift repaired");

    Await.until("both messages reach the chat", () -> fake.delivered(chat).size() == 3);
    FakeBotApi.Call message = fake.calls("sendMessage").stream()
      .filter(c -> c.chatId() == chat && c.text().contains("Water off at noon")).findFirst().orElseThrow();
    assertThat(message.text()).startsWith("<b>Water off at noon</b>").contains("body of Water off at noon");
    JsonObject button = message.body().getJsonObject("reply_markup").getJsonArray("inline_keyboard").getJsonArray(0).getJsonObject(0);
    assertThat(button.getString("text")).isEqualTo("Mark read");
    String data = button.getString("callback_data");
    assertThat(data).as("an opaque random token, not the notification's id").matches("read:[A-Za-z0-9_-]{22}")
      .isEqualTo("read:" + sql.strings("SELECT read_token FROM telegram_outbox WHERE notification_id = $1", first).get(0));

    long stranger = TelegramNodes.newChatId();
    assertThat(chats.press(stranger, data)).as("the button of another chat").isEqualTo(NOT_HERE);
    assertThat(chats.press(chat, "read:forged")).isEqualTo(NOT_HERE);
    assertThat(isRead(user, first)).isFalse();

    assertThat(chats.press(chat, data)).isEqualTo(MARKED);
    assertThat(isRead(user, first)).isTrue();
    assertThat(isRead(user, second)).as("only the button's own notification").isFalse();

    Await.until("the message is recorded as sent", () -> sql.count("SELECT count(*) FROM telegram_outbox "
      + "WHERE notification_id = $1 AND status = 'sent'", first) == 1);
    JsonObject deliveries = api.get("/api/v1/notifications/" + first + "/deliveries", user.token()).bodyAsJsonObject();
    assertThat(deliveries.getJsonArray("deliveries").stream().map(JsonObject.class::cast)
      .filter(d -> "telegram".equals(d.getString("channel"))).map(d -> d.getString("status")).toList()).containsExactly("sent");
    assertThat(deliveries.getJsonArray("deliveries").getJsonObject(0).getString("status")).isEqualTo("read");
    assertThat(api.get("/api/v1/notifications/" + first + "/deliveries", admin).statusCode()).isEqualTo(200);
    TestUser other = api.newUser(admin, "student");
    assertThat(api.get("/api/v1/notifications/" + first + "/deliveries", other.token()).statusCode()).isEqualTo(404);
  }

  @Test
  void unlinkingFromTheApiOrTheChatStopsTheMessagesAndTheButtons() {
    TestUser user = api.newUser(admin, "student");
    long chat = chats.link(api, user);
    long before = notify(user, "Before unlinking");
    Await.until("the message arrives", () -> fake.delivered(chat).stream().anyMatch(t -> t.contains("Before unlinking")));
    String data = fake.calls("sendMessage").stream().filter(c -> c.chatId() == chat && c.text().contains("Before unlinking"))
      .findFirst().orElseThrow().body().getJsonObject("reply_markup").getJsonArray("inline_keyboard").getJsonArray(0)
      .getJsonObject(0).getString("callback_data");

    HttpResponse<Buffer> unlinked = api.send(HttpMethod.DELETE, "/api/v1/auth/me/telegram-link", user.token(), null);
    assertThat(unlinked.statusCode()).as(unlinked.bodyAsString()).isEqualTo(204);
    assertThat(sql.count("SELECT count(*) FROM telegram_links WHERE user_id = $1", user.id())).isZero();
    assertThat(chats.press(chat, data)).isEqualTo(NOT_HERE);
    assertThat(isRead(user, before)).isFalse();
    long after = notify(user, "After unlinking");
    Await.until("its step is done", () -> sql.count("SELECT count(*) FROM escalation_steps WHERE notification_id = $1 "
      + "AND status = 'skipped' AND outcome = 'no linked Telegram chat'", after) == 1);

    long again = chats.link(api, user);
    assertThat(chats.say(again, "/stop")).contains("no longer linked");
    assertThat(sql.count("SELECT count(*) FROM telegram_links WHERE chat_id = $1", again)).isZero();
    assertThat(chats.say(again, "/stop")).contains("not linked");
  }

  @Test
  void aResidentWhoStoppedGetsTheirOwnAccountBackWithStart() {
    api.post("/api/v1/notifications/config", admin, new JsonObject().put("registration", "anyone"));
    long chat = TelegramNodes.newChatId();
    assertThat(chats.say(chat, "/start")).contains("tg" + chat);
    assertThat(chats.say(chat, "/stop")).contains("no longer linked");
    assertThat(chats.say(chat, "/start")).contains("linked").contains("tg" + chat);
    assertThat(sql.count("SELECT count(*) FROM users WHERE username = $1", "tg" + chat)).isEqualTo(1);
    assertThat(sql.count("SELECT count(*) FROM telegram_links WHERE chat_id = $1", chat)).isEqualTo(1);
  }

  @Test
  void aGreekUsersChatIsAnsweredInGreekAndAChatOfNoUserInTheOrganisationsLanguage() {
    TestUser user = api.newUser(admin, "student");
    assertThat(api.send(HttpMethod.PATCH, "/api/v1/auth/me", user.token(), new JsonObject().put("locale", "el")).statusCode())
      .isEqualTo(200);
    long chat = TelegramNodes.newChatId();

    assertThat(chats.say(chat, "/start " + BotChats.newCode(api, user).getString("code")))
      .isEqualTo("Αυτή η συνομιλία συνδέθηκε με τον λογαριασμό Herald <b>" + user.username() + "</b>. "
        + "Οι ειδοποιήσεις σας μπορούν πλέον να φτάνουν εδώ· στείλτε /stop για αποσύνδεση.");
    long notification = notify(user, "Νερό κομμένο");
    Await.until("the message arrives", () -> fake.delivered(chat).stream().anyMatch(t -> t.contains("Νερό κομμένο")));
    assertThat(chats.press(chat, buttonData(chat, "Νερό κομμένο"))).isEqualTo("Σημειώθηκε ως αναγνωσμένο.");
    assertThat(isRead(user, notification)).isTrue();
    assertThat(chats.say(chat, "/stop")).isEqualTo("Αυτή η συνομιλία δεν συνδέεται πλέον με το Herald. Δεν θα σταλεί τίποτα άλλο εδώ.");

    assertThat(chats.say(chat, "/stop")).as("the chat is nobody's now").isEqualTo("This chat is not linked to Herald.");
    assertThat(chats.say(chat, "/start not-a-code")).isEqualTo(BAD_CODE);
  }

  private static String buttonData(long chat, String title) {
    return fake.calls("sendMessage").stream().filter(c -> c.chatId() == chat && c.text().contains(title))
      .findFirst().orElseThrow().body().getJsonObject("reply_markup").getJsonArray("inline_keyboard").getJsonArray(0)
      .getJsonObject(0).getString("callback_data");
  }

  private static long notify(TestUser user, String title) {
    HttpResponse<Buffer> created = api.notify(admin, user.id(), title);
    assertThat(created.statusCode()).as(created.bodyAsString()).isBetween(200, 202);
    return sql.longs("SELECT id FROM notifications WHERE user_id = $1 AND title = $2", user.id(), title).get(0);
  }

  private static boolean isRead(TestUser user, long id) {
    return api.get("/api/v1/notifications/" + id, user.token()).bodyAsJsonObject().getValue("read_at") != null;
  }

  private static long linkedChat(TestUser user) {
    return sql.longs("SELECT chat_id FROM telegram_links WHERE user_id = $1", user.id()).get(0);
  }

  private static String sha256(String code) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(code.getBytes(StandardCharsets.UTF_8)));
  }
}
