package io.herald.escalation;

import com.icegreen.greenmail.util.GreenMail;
import io.herald.Herald;
import io.herald.config.Settings;
import io.herald.config.HeraldConfig;
import io.herald.email.Mails;
import io.herald.support.ApiClient;
import io.herald.support.ApiClient.TestUser;
import io.herald.support.Await;
import io.herald.support.BotChats;
import io.herald.support.FakeBotApi;
import io.herald.support.MailNodes;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ladder with its minutes as milliseconds: a critical notification left unread by a user who is offline reaches
 * their own Telegram chat, then their mail; reading it in between stops the rest; being online skips the steps; a
 * restart in the middle and two nodes racing still run each step once.
 */
class EscalationTest {

  private static final long TELEGRAM_AFTER_MS = 1_500;
  private static final long EMAIL_AFTER_MS = 3_000;
  private static Vertx vertx;
  private static GreenMail mail;
  private static FakeBotApi fake;
  private static HeraldConfig config;
  private static Herald node;
  private static ApiClient api;
  private static TestSql sql;
  private static BotChats chats;
  private static String admin;

  private record Reader(TestUser user, long chat, String address) {
  }

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    mail = MailNodes.greenMail();
    fake = FakeBotApi.start(vertx);
    JsonArray critical = new JsonArray()
      .add(new JsonObject().put("channel", "telegram").put("after_ms", TELEGRAM_AFTER_MS).put("unless_online", true))
      .add(new JsonObject().put("channel", "email").put("after_ms", EMAIL_AFTER_MS).put("unless_online", true));
    config = MailNodes.config(mail.getSmtp().getPort())
      .with(Settings.TELEGRAM_BOT_TOKEN.key(), TelegramNodes.TOKEN)
      .with(Settings.TELEGRAM_API_BASE_URL.key(), fake.baseUrl())
      .with(Settings.TELEGRAM_TUNING.key(), TelegramNodes.fastTuning().encode())
      .with(Settings.ESCALATION.key(), new JsonObject().put("*", new JsonObject().put("critical", critical)
        .put("normal", new JsonArray().add(new JsonObject().put("channel", "telegram").put("after_ms", 0)))).encode())
      .with(Settings.ESCALATION_TUNING.key(), new JsonObject().put("interval_ms", 50).put("presence_wait_ms", 300).encode());
    node = TestNode.start(vertx, config);
    api = new ApiClient(vertx, node.httpPort());
    sql = new TestSql(vertx);
    chats = new BotChats(fake, sql);
    admin = api.adminToken();
  }

  @AfterAll
  static void stop() {
    api.close();
    sql.close();
    Await.await(node.stop());
    fake.close();
    Await.await(vertx.close());
    mail.stop();
  }

  @Test
  void unreadAndOfflineGoesToTelegramThenToEmail() {
    Reader reader = reader();
    long id = critical(reader, "Gas smell in block A");

    Await.until("the Telegram message", () -> telegramTexts(reader, "Gas smell in block A") == 1);
    Await.until("the mail", () -> Mails.to(mail, reader.address()).size() == 1);
    assertThat(Mails.subject(Mails.to(mail, reader.address()).get(0))).isEqualTo("Gas smell in block A");
    assertThat(sql.strings("SELECT channel || ':' || status FROM escalation_steps WHERE notification_id = $1 ORDER BY step", id))
      .containsExactly("telegram:queued", "email:queued");
    assertThat(sql.count("SELECT count(*) FROM escalation_steps a JOIN escalation_steps b ON a.notification_id = b.notification_id "
      + "WHERE a.notification_id = $1 AND a.channel = 'telegram' AND b.channel = 'email' AND a.done_at < b.done_at", id)).isEqualTo(1);
    assertThat(sql.strings("SELECT dedupe_key FROM email_outbox WHERE notification_id = $1", id))
      .as("the ladder's mail replaces the mail sent when the notification is written").containsExactly("escalation:"
        + sql.longs("SELECT id FROM escalation_steps WHERE notification_id = $1 AND channel = 'email'", id).get(0));

    JsonObject deliveries = api.get("/api/v1/notifications/" + id + "/deliveries", reader.user().token()).bodyAsJsonObject();
    assertThat(deliveries.getJsonArray("escalation").size()).isEqualTo(2);
    Await.until("both outboxes say sent", () -> sql.count("SELECT count(*) FROM telegram_outbox WHERE notification_id = $1 "
      + "AND status = 'sent'", id) + sql.count("SELECT count(*) FROM email_outbox WHERE notification_id = $1 AND status = 'sent'", id) == 2);
  }

  @Test
  void readInBetweenStopsTheRest() {
    Reader reader = reader();
    long id = critical(reader, "Flooding on floor 2");
    Await.until("the Telegram message", () -> telegramTexts(reader, "Flooding on floor 2") == 1);

    HttpResponse<Buffer> read = api.post("/api/v1/notifications/" + id + "/read", reader.user().token(), null);
    assertThat(read.statusCode()).as(read.bodyAsString()).isEqualTo(200);
    assertThat(sql.strings("SELECT status || ':' || outcome FROM escalation_steps WHERE notification_id = $1 AND channel = 'email'", id))
      .containsExactly("cancelled:read");
    Await.until("the mail's time has long passed", () -> sql.count("SELECT count(*) FROM escalation_steps WHERE notification_id = $1 "
      + "AND channel = 'email' AND due_at < now() - interval '1 second'", id) == 1);
    assertThat(Mails.to(mail, reader.address())).isEmpty();
    assertThat(sql.count("SELECT count(*) FROM email_outbox WHERE notification_id = $1", id)).isZero();
  }

  @Test
  void aUserOnlineAnywhereIsNotEscalatedTo() {
    Reader reader = reader();
    WsProbe socket = WsProbe.connect(vertx, node.httpPort(), "/ws/notifications?token=" + reader.user().token());
    try {
      assertThat(socket.next().getString("type")).isEqualTo("connected");
      long id = critical(reader, "Power cut tonight");
      Await.until("both steps are done", () -> sql.count("SELECT count(*) FROM escalation_steps WHERE notification_id = $1 "
        + "AND status <> 'pending'", id) == 2);
      assertThat(sql.strings("SELECT status || ':' || outcome FROM escalation_steps WHERE notification_id = $1 ORDER BY step", id))
        .containsExactly("skipped:user online", "skipped:user online");
      assertThat(telegramTexts(reader, "Power cut tonight")).isZero();
      assertThat(Mails.to(mail, reader.address())).isEmpty();
    } finally {
      socket.close();
    }
  }

  @Test
  void aRestartInTheMiddleStillRunsEachStepOnce() {
    Reader reader = reader();
    long id = critical(reader, "Smoke in the laundry");
    Await.await(node.stop());
    node = TestNode.start(vertx, config);
    api.close();
    api = new ApiClient(vertx, node.httpPort());

    Await.until("the mail after the restart", () -> Mails.to(mail, reader.address()).size() == 1);
    Await.until("the Telegram message is sent", () -> sql.count("SELECT count(*) FROM telegram_outbox WHERE notification_id = $1 "
      + "AND status = 'sent'", id) == 1);
    assertThat(telegramTexts(reader, "Smoke in the laundry")).isEqualTo(1);
    assertThat(sql.count("SELECT count(*) FROM escalation_steps WHERE notification_id = $1 AND status = 'queued'", id)).isEqualTo(2);
  }

  @Test
  void twoNodesRacingRunEachStepOnce() {
    Vertx otherVertx = Vertx.vertx();
    Herald other = TestNode.start(otherVertx, config);
    try {
      Reader reader = reader();
      List<String> titles = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        titles.add("Raced alarm " + i);
        critical(reader, "Raced alarm " + i);
      }
      Await.until("every mail", () -> Mails.to(mail, reader.address()).size() == titles.size());
      Await.until("every step is done", () -> sql.count("SELECT count(*) FROM escalation_steps s JOIN notifications n "
        + "ON n.id = s.notification_id WHERE n.user_id = $1 AND s.status = 'queued'", reader.user().id()) == 2L * titles.size());
      Await.until("every Telegram message is sent", () -> sql.count("SELECT count(*) FROM telegram_outbox WHERE user_id = $1 "
        + "AND status = 'sent'", reader.user().id()) == titles.size());
      titles.forEach(title -> assertThat(telegramTexts(reader, title)).as(title).isEqualTo(1));
      assertThat(Mails.to(mail, reader.address()).stream().map(Mails::subject).sorted().toList()).isEqualTo(titles);
    } finally {
      Await.await(other.stop());
      Await.await(otherVertx.close());
    }
  }

  @Test
  void quietHoursHoldNormalStepsButNotCriticalOnes() {
    Reader reader = reader();
    LocalTime now = LocalTime.now(ZoneOffset.UTC);
    JsonObject preferences = new JsonObject()
      .put("types", new JsonObject().put("system", new JsonObject().put("email", true)))
      .put("quiet_hours", new JsonObject().put("start", hhmm(now.minusHours(1))).put("end", hhmm(now.plusHours(1))).put("zone", "UTC"));
    assertThat(api.send(HttpMethod.PUT, "/api/v1/notifications/preferences", reader.user().token(), preferences).statusCode())
      .isEqualTo(200);

    HttpResponse<Buffer> normal = api.post("/api/v1/notifications", admin, new JsonObject()
      .put("user_ids", new JsonArray().add(reader.user().id())).put("type", "system").put("title", "Laundry rota").put("message", "-"));
    assertThat(normal.statusCode()).as(normal.bodyAsString()).isBetween(200, 202);
    long id = sql.longs("SELECT id FROM notifications WHERE user_id = $1 AND title = 'Laundry rota'", reader.user().id()).get(0);
    Await.until("the step waits for the quiet hours to end", () -> sql.count("SELECT count(*) FROM escalation_steps "
      + "WHERE notification_id = $1 AND status = 'pending' AND due_at > now() + interval '30 minutes'", id) == 1);

    critical(reader, "Fire alarm test now");
    Await.until("the critical one is not held", () -> telegramTexts(reader, "Fire alarm test now") == 1);
    assertThat(telegramTexts(reader, "Laundry rota")).isZero();
  }

  private static String hhmm(LocalTime time) {
    return String.format("%02d:%02d", time.getHour(), time.getMinute());
  }

  /** A student with a verified address, the email switch on for system notices, and their own chat linked. */
  private static Reader reader() {
    TestUser user = api.newUser(admin, "student");
    String address = MailNodes.newAddress("example.org");
    assertThat(api.updateUser(admin, user.id(), new JsonObject().put("email", address)).statusCode()).isEqualTo(200);
    JsonObject preferences = new JsonObject().put("types", new JsonObject().put("system", new JsonObject().put("email", true)));
    assertThat(api.send(HttpMethod.PUT, "/api/v1/notifications/preferences", user.token(), preferences).statusCode()).isEqualTo(200);
    return new Reader(user, chats.link(api, user), address);
  }

  private static long critical(Reader reader, String title) {
    HttpResponse<Buffer> created = api.post("/api/v1/notifications", admin, new JsonObject()
      .put("user_ids", new JsonArray().add(reader.user().id())).put("type", "system").put("priority", "critical")
      .put("title", title).put("message", "Please read: " + title));
    assertThat(created.statusCode()).as(created.bodyAsString()).isBetween(200, 202);
    return sql.longs("SELECT id FROM notifications WHERE user_id = $1 AND title = $2", reader.user().id(), title).get(0);
  }

  private static long telegramTexts(Reader reader, String title) {
    return fake.delivered(reader.chat()).stream().filter(text -> text.contains(title)).count();
  }
}
