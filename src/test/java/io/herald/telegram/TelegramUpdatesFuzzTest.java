package io.herald.telegram;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.herald.Herald;
import io.herald.config.HeraldConfig;
import io.herald.config.Settings;
import io.herald.support.ApiClient;
import io.herald.support.ApiClient.TestUser;
import io.herald.support.Await;
import io.herald.support.BotChats;
import io.herald.support.FakeBotApi;
import io.herald.support.TelegramNodes;
import io.herald.support.TestNode;
import io.herald.support.TestSql;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.SoftAssertions.assertSoftly;

/**
 * Hostile Telegram updates through both real ways in: long polling (updates queued on the fake Bot API) and the
 * webhook, with and without its secret. The bot skips what it cannot use, answers the rest within Telegram's HTML
 * rules, stores exactly what was sent or nothing, tells no chat about another user's complaint, logs no error, keeps
 * the per-chat quota, and still serves a well-behaved chat afterwards (checked after each test).
 */
@ExtendWith(VertxExtension.class)
class TelegramUpdatesFuzzTest {

  private static final String SECRET = "fuzz-webhook-secret-0123456789";
  private static final long CHAT_GAP_MS = 10;
  private static final int GLOBAL_PER_SECOND = 50;
  private static final int QUOTA = 10;
  private static final int BURST = 200;
  private static final BigInteger BEYOND_64_BITS = BigInteger.ONE.shiftLeft(64);
  /**
   * Update ids sent to the webhook start here: far above those of polling (which continue from the stored offset), so
   * that no later polling test finds its ids taken, and below 2^53, so that "id + 0.5" is an exact JSON double.
   */
  private static final long WEBHOOK_IDS = 5_000_000_000_000L;
  /** Stands for a lone surrogate in a webhook body: JSON may escape one ({@code \ud800}), Java cannot encode it. */
  private static final String LONE = "@@LONE-SURROGATE@@";

  private static final String NOT_HERE = "This button no longer works from this chat.";
  private static final String MARKED = "Marked as read.";
  private static final String BAD_CODE = "This link code is unknown, used or expired. Make a new one in Herald and open its link again.";
  private static final String USAGE = "Usage: /status &lt;complaint number&gt;";
  private static final String IDLE = "Send /complain to report a problem, or /help.";
  private static final String TRY_LATER = "You have reported several problems in a short time, thank you.";
  private static final Pattern COMPLAINT_ID = Pattern.compile("#(\\d+)");
  private static final Pattern TAG = Pattern.compile(
    "</?(b|strong|i|em|u|ins|s|strike|del|code|pre|tg-spoiler|blockquote)>|<a href=\"[^\"<>]*\">|</a>");
  private static final Pattern ENTITY = Pattern.compile("&(lt|gt|amp|quot|#\\d{1,7}|#x[0-9a-fA-F]{1,6});");

  private static final String ALICE_HOSTEL = "Hostel-alice-" + UUID.randomUUID().toString().substring(0, 8);
  private static final String ALICE_CATEGORY = "alice-private-" + UUID.randomUUID().toString().substring(0, 8);
  private static final String ALICE_DESCRIPTION = "Alice's own words " + UUID.randomUUID();

  private static final Set<Long> ourChats = ConcurrentHashMap.newKeySet();
  private static CapturedLogs logs;
  private static FakeBotApi fake;
  private static Herald pollingNode;
  private static Vertx hookVertx;
  private static Herald hookNode;
  private static ApiClient api;
  private static WebClient web;
  private static TestSql sql;
  private static String admin;
  private static AtomicLong polledIds;
  private static AtomicLong hookIds;
  private static long adminChat;
  private static long sentinelChat;
  private static TestUser alice;
  private static long aliceChat;
  private static long aliceComplaint;

  @BeforeAll
  static void start(Vertx vertx) {
    logs = CapturedLogs.attach();
    fake = FakeBotApi.start(vertx);
    pollingNode = TestNode.start(vertx, nodeConfig());
    hookVertx = TestNode.vertx();
    hookNode = TestNode.start(hookVertx, nodeConfig()
      .with(Settings.TELEGRAM_WEBHOOK_URL.key(), "https://herald.example/telegram/webhook")
      .with(Settings.TELEGRAM_WEBHOOK_SECRET.key(), SECRET));
    api = new ApiClient(vertx, pollingNode.httpPort());
    web = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(hookNode.httpPort()));
    sql = new TestSql(vertx);
    polledIds = new AtomicLong(sql.count("SELECT COALESCE(max(next_offset), 1) FROM telegram_poll_offset"));
    hookIds = new AtomicLong(WEBHOOK_IDS + ThreadLocalRandom.current().nextLong(1L << 40));
    admin = api.adminToken();
    adminChat = newChat();
    sentinelChat = newChat();
    configureTheBot();
    meetAlice();
  }

  @AfterAll
  static void stop() {
    Await.await(hookNode.stop());
    Await.await(hookVertx.close());
    Await.await(pollingNode.stop());
    web.close();
    api.close();
    sql.close();
    fake.close();
    logs.detach();
  }

  /** Both nodes share the database and so the outbox; its pacing short but not zero, as in production. */
  private static HeraldConfig nodeConfig() {
    JsonObject atOnce = new JsonObject().put("*", new JsonObject()
      .put("normal", new JsonArray().add(new JsonObject().put("channel", "telegram").put("after_ms", 0))));
    return TelegramNodes.config(fake)
      .with(Settings.TELEGRAM_TUNING.key(), TelegramNodes.fastTuning().put("chat_gap_ms", CHAT_GAP_MS)
        .put("global_per_second", GLOBAL_PER_SECOND))
      .with(Settings.ESCALATION.key(), atOnce.encode())
      .with(Settings.ESCALATION_TUNING.key(), new JsonObject().put("interval_ms", 50).encode());
  }

  /** Anyone may link a chat; 10 complaints per chat per 60 "minutes" (90 s here); every new complaint to our admin chat. */
  private static void configureTheBot() {
    JsonObject settings = TelegramNodes.everyAlertTo(adminChat).put("registration", "anyone")
      .put("complaints_per_chat", QUOTA).put("complaint_window_minutes", 60);
    HttpResponse<Buffer> saved = api.post("/api/v1/notifications/config", admin, settings);
    assertThat(saved.statusCode()).as(saved.bodyAsString()).isEqualTo(200);
  }

  /** The well-behaved user: her own chat, linked with a code, and one complaint nobody else may see. */
  private static void meetAlice() {
    alice = api.newUser(admin, "student");
    aliceChat = newChat();
    assertThat(say(aliceChat, "/start " + BotChats.newCode(api, alice).getString("code"))).contains("now linked");
    aliceComplaint = idIn(say(aliceChat, "/complain " + ALICE_HOSTEL + " | 12 | " + ALICE_CATEGORY + " | medium | "
      + ALICE_DESCRIPTION));
  }

  @AfterEach
  void theBotStillServesAWellBehavedChatAndNothingWentWrong() {
    assertThat(say(aliceChat, "/status " + aliceComplaint)).isEqualTo("Complaint <b>#" + aliceComplaint + "</b>: open\n"
      + ALICE_CATEGORY + ", " + ALICE_HOSTEL + " (medium)");
    assertThat(column("hostel", alice.id())).containsExactly(ALICE_HOSTEL);
    assertThat(column("description", alice.id())).containsExactly(ALICE_DESCRIPTION);
    everyReplyFitsTelegram();
    noReplyTellsAnotherChatAboutAlicesComplaint();
    assertThat(logs.errorsAndStackTraces()).as("ERROR lines and stack traces in the log").isEmpty();
  }

  // the webhook

  @Test
  void webhookWithoutTheRightSecretIsRefusedAndTheUpdateNotLookedAt() {
    long chat = newChat();
    long id = hookIds.incrementAndGet();
    String update = FakeBotApi.textUpdate(id, chat, "/start").encode();
    ReadButton button = readButtonFor("Secret test " + UUID.randomUUID());
    String press = FakeBotApi.callbackUpdate(hookIds.incrementAndGet(), aliceChat, "cb-" + id, button.data()).encode();

    for (String secret : Arrays.asList(null, "", "guess", SECRET.toUpperCase(Locale.ROOT), SECRET.substring(1), SECRET + "0")) {
      assertThat(hook(secret, update).statusCode()).as("secret %s", secret).isEqualTo(401);
      assertThat(hook(secret, press).statusCode()).as("secret %s", secret).isEqualTo(401);
    }
    assertThat(send(SECRET, "text/plain", update).statusCode()).isEqualTo(415);

    assertThat(sql.count("SELECT count(*) FROM telegram_updates WHERE update_id = $1", id)).isZero();
    assertThat(accountOf(chat)).isEmpty();
    assertThat(outbox(chat)).isZero();
    assertThat(fake.callbackAnswer("cb-" + id)).isNull();
    assertThat(isRead(button)).isFalse();
    assertThat(hook(SECRET, update).statusCode()).isEqualTo(200);
    Await.until("the update, sent with the secret, is answered", () -> !fake.delivered(chat).isEmpty());
    assertThat(fake.delivered(chat).get(0)).contains("tg" + chat);
  }

  @Test
  void webhookAcknowledgesBodiesThatAreNoUsableUpdateAndActsOnNone() {
    long chat = newChat();
    String valid = FakeBotApi.textUpdate(hookIds.incrementAndGet(), chat, "/start").encode();
    String nested = "{\"update_id\":" + hookIds.incrementAndGet() + ",\"message\":" + "[".repeat(20_000) + "]".repeat(20_000) + "}";
    for (String body : List.of("", "{not json", "[]", "[" + valid + "]", "\"/start\"", "42", "-1", "null", "true", "{}",
      "{\"update_id\":" + hookIds.incrementAndGet() + "}", nested)) {
      assertThat(hook(SECRET, body).statusCode()).as(abbreviated(body)).isEqualTo(200);
    }
    for (Object wrongId : Arrays.asList(null, "", String.valueOf(hookIds.incrementAndGet()), true, new JsonObject(),
      new JsonArray().add(hookIds.incrementAndGet()))) {
      JsonObject update = FakeBotApi.textUpdate(0, chat, "/start").put("update_id", wrongId);
      assertThat(hook(SECRET, update.encode()).statusCode()).as("update_id %s", wrongId).isEqualTo(200);
    }
    JsonObject withoutId = FakeBotApi.textUpdate(0, chat, "/start");
    withoutId.remove("update_id");
    assertThat(hook(SECRET, withoutId.encode()).statusCode()).isEqualTo(200);
    String huge = FakeBotApi.textUpdate(hookIds.incrementAndGet(), chat, "/start " + "x".repeat(100_000)).encode();
    assertThat(hook(SECRET, huge).statusCode()).as("a body over 64 KiB").isEqualTo(413);

    assertThat(outbox(chat)).isZero();
    assertThat(accountOf(chat)).isEmpty();
  }

  @Test
  void updateIdsThatAreNoSixtyFourBitWholeNumberAreNotFoldedOntoRealUpdates() {
    long wrapped = hookIds.incrementAndGet();
    long truncated = hookIds.incrementAndGet();
    long first = newChat();
    long second = newChat();
    long stranger = newChat();
    assertThat(hook(SECRET, withRawUpdateId(BEYOND_64_BITS.add(BigInteger.valueOf(wrapped)).toString(), stranger, "/help"))
      .statusCode()).isEqualTo(200);
    assertThat(hook(SECRET, withRawUpdateId(truncated + ".5", stranger, "/help")).statusCode()).isEqualTo(200);

    assertThat(hook(SECRET, FakeBotApi.textUpdate(wrapped, first, "/help").encode()).statusCode()).isEqualTo(200);
    assertThat(hook(SECRET, FakeBotApi.textUpdate(truncated, second, "/help").encode()).statusCode()).isEqualTo(200);
    assertSoftly(softly -> {
      softly.assertThat(outbox(first)).as("update %d is answered, though 2^64 + %d came first", wrapped, wrapped).isEqualTo(1);
      softly.assertThat(outbox(second)).as("update %d is answered, though %d.5 came first", truncated, truncated).isEqualTo(1);
      softly.assertThat(outbox(stranger)).as("answers to the updates with those ids").isZero();
    });
  }

  @Test
  void chatIdsBeyondSixtyFourBitsNameNoRealChat() {
    long victim = newChat();
    assertThat(hookSay(victim, "/start")).contains("tg" + victim);
    String beyond = BEYOND_64_BITS.add(BigInteger.valueOf(victim)).toString();
    String stop = FakeBotApi.textUpdate(hookIds.incrementAndGet(), victim, "/stop").encode()
      .replace("\"id\":" + victim, "\"id\":" + beyond);
    assertThat(hook(SECRET, stop).statusCode()).isEqualTo(200);
    ReadButton button = readButtonFor("Wrapped press " + UUID.randomUUID());
    String callbackId = "cb-" + UUID.randomUUID();
    String press = FakeBotApi.callbackUpdate(hookIds.incrementAndGet(), aliceChat, callbackId, button.data()).encode()
      .replace("\"id\":" + aliceChat, "\"id\":" + BEYOND_64_BITS.add(BigInteger.valueOf(aliceChat)));
    assertThat(hook(SECRET, press).statusCode()).isEqualTo(200);

    assertSoftly(softly -> {
      softly.assertThat(isLinked(victim)).as("/stop from chat 2^64 + %d leaves chat %d linked", victim, victim).isTrue();
      softly.assertThat(isRead(button)).as("a press from chat 2^64 + Alice's chat marks nothing read").isFalse();
    });
  }

  @Test
  void negativeUpdateIdsAreHandledAtMostOnce() {
    long chat = newChat();
    String update = FakeBotApi.textUpdate(-hookIds.incrementAndGet(), chat, "/help").encode();

    assertThat(hook(SECRET, update).statusCode()).isEqualTo(200);
    assertThat(hook(SECRET, update).statusCode()).isEqualTo(200);
    assertThat(outbox(chat)).isLessThanOrEqualTo(1);
  }

  @Test
  void loneSurrogatesAreNeverStoredAsQuestionMarks() {
    long chat = newChat();
    String marker = UUID.randomUUID().toString().substring(0, 8);
    JsonObject start = FakeBotApi.textUpdate(hookIds.incrementAndGet(), chat, "/start");
    start.getJsonObject("message").getJsonObject("from").put("first_name", "Wendy" + LONE + marker);
    assertThat(hook(SECRET, withLoneSurrogates(start)).statusCode()).isEqualTo(200);
    String complaint = "/complain Hostel-" + marker + LONE + " | 1 | water | low | before" + LONE + "after-" + marker;
    assertThat(hook(SECRET, withLoneSurrogates(FakeBotApi.textUpdate(hookIds.incrementAndGet(), chat, complaint))).statusCode())
      .isEqualTo(200);

    assertSoftly(softly -> {
      softly.assertThat(sql.strings("SELECT display_name FROM users WHERE display_name LIKE $1", "%" + marker))
        .as("display names").noneMatch(name -> name.contains("?"));
      softly.assertThat(sql.strings("SELECT hostel || ' / ' || description FROM complaints WHERE hostel LIKE $1 OR description LIKE $2",
        "Hostel-" + marker + "%", "%after-" + marker)).as("complaints").noneMatch(text -> text.contains("?"));
    });
  }

  // polling: the shapes of a message

  @Test
  void messagesWithoutChatSenderOrUsableTextAreSkippedOrAnsweredPlainly() {
    long skipped = newChat();
    for (Object chatValue : Arrays.asList(null, "chat", 42, new JsonArray(), new JsonObject(),
      new JsonObject().put("id", String.valueOf(skipped)), new JsonObject().put("id", true))) {
      JsonObject update = FakeBotApi.textUpdate(polledIds.incrementAndGet(), skipped, "/start");
      update.getJsonObject("message").put("chat", chatValue);
      fake.queueUpdate(update);
    }
    for (Object messageValue : Arrays.asList(null, "/start", 42, new JsonArray().add("/start"))) {
      fake.queueUpdate(FakeBotApi.textUpdate(polledIds.incrementAndGet(), skipped, "/start").put("message", messageValue));
    }
    JsonObject senderAsText = FakeBotApi.textUpdate(polledIds.incrementAndGet(), skipped, "/start");
    senderAsText.getJsonObject("message").put("from", "mallory");
    fake.queueUpdate(senderAsText);

    long senderless = newChat();
    JsonObject noSender = FakeBotApi.textUpdate(polledIds.incrementAndGet(), senderless, "/start");
    noSender.getJsonObject("message").remove("from");
    assertThat(answerTo(senderless, noSender)).contains("tg" + senderless);

    long chat = linkedChat();
    for (Object text : Arrays.asList(null, 42, 1e300, true, new JsonObject().put("text", "/stop"), new JsonArray().add("/stop"))) {
      JsonObject update = FakeBotApi.textUpdate(polledIds.incrementAndGet(), chat, "/stop");
      update.getJsonObject("message").put("text", text);
      assertThat(answerTo(chat, update)).as("text %s", text).isEqualTo(IDLE);
    }
    settle();
    assertThat(outbox(skipped)).isZero();
    assertThat(accountOf(skipped)).isEmpty();
    assertThat(isLinked(chat)).isTrue();
  }

  @Test
  void longHtmlAndInvisibleTextIsStoredExactlyAndAnsweredWithinTelegramsRules() {
    long chat = linkedChat();
    String hostel = "<b>" + UUID.randomUUID().toString().substring(0, 8) + "</b> &amp; <a href=\"x\">";
    String room = "<i>7</i>&";
    String category = "\u202Eyticirtcele\u202C\u200B\u200D\u2066x\u2069";
    String description = "<a href=\"https://evil.example/?a=1&b=2\">click</a> & <script>alert('x')</script> "
      + "\u202Eevil\u200F\u00A0\uFEFF.";
    String ampersands = "&".repeat(4000);
    assertThat(say(chat, "x".repeat(4096))).isEqualTo(IDLE);
    assertThat(say(chat, "y".repeat(4097))).isEqualTo(IDLE);
    assertThat(say(chat, "z".repeat(100_000))).isEqualTo(IDLE);

    assertThat(say(chat, "/complain")).isEqualTo("Which hostel?");
    assertThat(say(chat, hostel)).startsWith("Which room?");
    assertThat(say(chat, room)).startsWith("What kind of problem");
    assertThat(say(chat, category)).startsWith("How serious");
    assertThat(say(chat, "HIGH")).isEqualTo("Describe the problem.");
    assertThat(say(chat, "d".repeat(100_000))).isEqualTo("That is too long (at most 4000 characters). Describe the problem.");
    String recorded = say(chat, description);
    assertThat(recorded).startsWith("Thank you. Complaint <b>#").contains(TelegramHtml.escape(hostel));
    long longest = idIn(say(chat, "/complain " + hostel + " | - | " + category + " | low | " + ampersands));
    Await.until("the admin chat hears of the longest", () -> fake.delivered(adminChat).stream().anyMatch(t -> t.contains("#" + longest)));

    long user = accountOf(chat).get(0);
    assertThat(column("hostel", user)).containsExactly(hostel, hostel);
    assertThat(column("room", user)).containsExactly(room, null);
    assertThat(column("category", user)).containsExactly(category, category);
    assertThat(column("description", user)).containsExactly(description, ampersands);
  }

  @Test
  void textWithNulCharactersIsNeverStoredChanged() {
    long chat = linkedChat();
    String marker = UUID.randomUUID().toString().substring(0, 8);
    say(chat, "/complain Hostel-" + marker + " | 1 | water | low | before\u0000after");
    assertThat(say(chat, "/complain")).isEqualTo("Which hostel?");
    say(chat, "Hostel\u0000" + marker);
    say(chat, "/cancel");
    settle();

    long user = accountOf(chat).get(0);
    assertThat(column("description", user)).as("a complaint is stored exactly or not at all").isEmpty();
    assertThat(sql.count("SELECT count(*) FROM telegram_conversations WHERE chat_id = $1", chat)).isZero();
  }

  // polling: commands

  @Test
  void absurdCommandArgumentsGetUsageOrNotFoundNeverAnotherUsersComplaint() {
    long chat = linkedChat();
    String notYours = "You have no complaint #" + aliceComplaint + ".";
    assertThat(say(chat, "/status 99999999999999999999")).isEqualTo(USAGE);
    assertThat(say(chat, "/status -1")).isEqualTo("You have no complaint #-1.");
    assertThat(say(chat, "/status 1e9")).isEqualTo(USAGE);
    assertThat(say(chat, "/status 0x10")).isEqualTo(USAGE);
    assertThat(say(chat, "/status " + "9".repeat(10_000))).isEqualTo(USAGE);
    assertThat(say(chat, "/status " + aliceComplaint)).isEqualTo(notYours);
    assertThat(say(chat, "/status #" + aliceComplaint)).isEqualTo(notYours);
    assertThat(say(chat, "/STATUS@some_other_bot " + aliceComplaint)).isEqualTo(notYours);
    assertThat(say(chat, "/mine")).isEqualTo("You have no complaints yet. Send /complain to report one.");

    String part = "p".repeat(10_000);
    assertThat(say(chat, "/complain " + String.join(" | ", part, part, part, part, part)))
      .isEqualTo("That is too long (at most 64 characters). Which hostel?");
    assertThat(say(chat, "/complain " + "|".repeat(10_000))).startsWith("Send all five parts separated by |");
    assertThat(say(chat, "/start " + "A".repeat(10_000))).isEqualTo(BAD_CODE);
    assertThat(say(chat, "/" + "x".repeat(10_000))).startsWith("Unknown command.");
    assertThat(column("description", accountOf(chat).get(0))).isEmpty();
    assertThat(isLinked(chat)).isTrue();
  }

  @Test
  void startCodesThatAreAnotherUsersUsedExpiredOrReplacedLinkNothing() {
    TestUser owner = api.newUser(admin, "student");
    String used = BotChats.newCode(api, owner).getString("code");
    long ownerChat = newChat();
    assertThat(say(ownerChat, "/start " + used)).contains("now linked").contains(owner.username());
    TestUser late = api.newUser(admin, "student");
    String replaced = BotChats.newCode(api, late).getString("code");
    String expired = BotChats.newCode(api, late).getString("code");
    sql.update("UPDATE telegram_link_codes SET expires_at = now() - interval '1 second' WHERE code_hash = $1", sha256(expired));
    TestUser disabled = api.newUser(admin, "student");
    String ofDisabled = BotChats.newCode(api, disabled).getString("code");
    assertThat(api.send(HttpMethod.PATCH, "/api/v1/users/" + disabled.id(), admin, new JsonObject().put("disabled", true))
      .statusCode()).isEqualTo(200);

    long intruder = newChat();
    for (String code : List.of(used, replaced, expired, ofDisabled, used + "\u0000", "' OR '1'='1", "%", "A".repeat(10_000))) {
      assertThat(say(intruder, "/start " + code)).as(abbreviated(code)).isEqualTo(BAD_CODE);
    }
    assertThat(sql.longs("SELECT chat_id FROM telegram_links WHERE user_id = $1", owner.id())).containsExactly(ownerChat);
    assertThat(sql.count("SELECT count(*) FROM telegram_links WHERE user_id IN ($1, $2)", late.id(), disabled.id())).isZero();
    assertThat(isLinked(intruder)).isFalse();
  }

  // polling: the "Mark read" button

  @Test
  void forgedButtonPressesChangeNothingAndSayTheButtonDoesNotWorkHere() {
    ReadButton button = readButtonFor("Water off " + UUID.randomUUID());
    String token = button.data().substring(CallbackQuery.READ_PREFIX.length());
    long mallory = linkedChat();
    assertThat(press(mallory, button.data())).as("Alice's button pressed in another chat").isEqualTo(NOT_HERE);
    for (String data : List.of("read:forged", "read:", "read:" + token + "x", "read:" + token.substring(1), "READ:" + token,
      "read:%", "read:' OR '1'='1", "read:" + "A".repeat(10_000), "mark:" + button.notificationId(), "")) {
      assertThat(press(aliceChat, data)).as(abbreviated(data)).isEqualTo(NOT_HERE);
    }
    String callbackId = "cb-" + UUID.randomUUID();
    String elsewhere = FakeBotApi.callbackUpdate(hookIds.incrementAndGet(), mallory, callbackId, button.data()).encode();
    assertThat(hook(SECRET, elsewhere).statusCode()).isEqualTo(200);
    assertThat(fake.callbackAnswer(callbackId)).isEqualTo(NOT_HERE);

    assertThat(isRead(button)).isFalse();
    assertThat(press(aliceChat, button.data())).isEqualTo(MARKED);
    assertThat(isRead(button)).isTrue();
  }

  @Test
  void blankOrUnstorableButtonTokensSayTheButtonDoesNotWorkHere() {
    assertSoftly(softly -> {
      for (String data : List.of("read:   ", "read:\u0000", "read:abc\u0000def")) {
        softly.assertThat(press(aliceChat, data)).as(abbreviated(data)).isEqualTo(NOT_HERE);
      }
    });
  }

  @Test
  void buttonPressesWithoutIdDataOrMessageAreSkipped() {
    String withoutMessage = "cb-" + UUID.randomUUID();
    String dataAsNumber = "cb-" + UUID.randomUUID();
    JsonObject inline = FakeBotApi.callbackUpdate(polledIds.incrementAndGet(), aliceChat, withoutMessage, "read:x");
    inline.getJsonObject("callback_query").remove("message");
    fake.queueUpdate(inline);
    JsonObject number = FakeBotApi.callbackUpdate(polledIds.incrementAndGet(), aliceChat, dataAsNumber, "read:x");
    number.getJsonObject("callback_query").put("data", 42);
    fake.queueUpdate(number);
    JsonObject anonymous = FakeBotApi.callbackUpdate(polledIds.incrementAndGet(), aliceChat, "unused", "read:x");
    anonymous.getJsonObject("callback_query").remove("id");
    fake.queueUpdate(anonymous);
    settle();

    assertThat(fake.callbackAnswer(withoutMessage)).isNull();
    assertThat(fake.callbackAnswer(dataAsNumber)).isNull();
  }

  // polling: other kinds of update, repeats and bursts

  @Test
  void editedMessagesChannelPostsAndUnknownKindsAreIgnored() {
    long chat = linkedChat();
    long channel = -newChat();
    ourChats.add(channel);
    int before = fake.delivered(chat).size();
    for (String kind : List.of("edited_message", "channel_post", "edited_channel_post", "business_message", "my_chat_member",
      "inline_query", "chosen_inline_result", "something_new")) {
      JsonObject message = FakeBotApi.textUpdate(0, chat, "/stop").getJsonObject("message");
      fake.queueUpdate(new JsonObject().put("update_id", polledIds.incrementAndGet()).put(kind, message));
    }
    fake.queueUpdate(new JsonObject().put("update_id", polledIds.incrementAndGet())
      .put("channel_post", FakeBotApi.textUpdate(0, channel, "/start").getJsonObject("message")));
    JsonObject edited = new JsonObject().put("update_id", hookIds.incrementAndGet())
      .put("edited_message", FakeBotApi.textUpdate(0, chat, "/stop").getJsonObject("message"));
    assertThat(hook(SECRET, edited.encode()).statusCode()).isEqualTo(200);
    settle();

    assertThat(isLinked(chat)).isTrue();
    assertThat(fake.delivered(chat)).hasSize(before);
    assertThat(outbox(channel)).isZero();
    assertThat(accountOf(channel)).isEmpty();
  }

  @Test
  void aRedeliveredUpdateIsHandledOnce() {
    long chat = newChat();
    long primer = polledIds.incrementAndGet();
    JsonObject help = FakeBotApi.textUpdate(polledIds.incrementAndGet(), chat, "/help");
    // the primer alone answers the poll waiting now, so that the update and its copy reach the poller in one batch
    fake.queueUpdate(FakeBotApi.textUpdate(primer, newChat(), "/help"));
    fake.queueUpdate(help);
    fake.queueUpdate(help.copy());
    settle();
    assertThat(outbox(chat)).isEqualTo(1);
    assertThat(hook(SECRET, help.encode()).statusCode()).as("the same update again, now through the webhook").isEqualTo(200);
    assertThat(outbox(chat)).isEqualTo(1);

    long reporter = newChat();
    assertThat(hookSay(reporter, "/start")).contains("tg" + reporter);
    String description = "Sent three times " + UUID.randomUUID();
    String complaint = FakeBotApi.textUpdate(hookIds.incrementAndGet(), reporter,
      "/complain " + TelegramNodes.newHostel() + " | 1 | repeats | low | " + description).encode();
    List<Future<HttpResponse<Buffer>>> deliveries = IntStream.range(0, 3)
      .mapToObj(i -> post(SECRET, "application/json", complaint)).toList();
    Await.await(Future.all(deliveries));
    assertThat(deliveries).allMatch(delivery -> delivery.result().statusCode() == 200);

    assertThat(sql.count("SELECT count(*) FROM complaints WHERE description = $1", description)).isEqualTo(1);
    assertThat(outbox(reporter)).isEqualTo(2);
  }

  @Test
  void aBurstFromOneChatKeepsTheComplaintQuotaAndEveryAnswerIsSent() {
    long chat = linkedChat();
    String hostel = TelegramNodes.newHostel();
    int before = fake.delivered(chat).size();
    for (int i = 0; i < BURST; i++) {
      fake.queueUpdate(FakeBotApi.textUpdate(polledIds.incrementAndGet(), chat, "/complain " + hostel + " | " + i
        + " | burst | low | Burst number " + i));
    }
    Await.until("every update of the burst is answered", () -> fake.delivered(chat).size() >= before + BURST);

    List<String> replies = fake.delivered(chat).subList(before, fake.delivered(chat).size());
    assertThat(replies).hasSize(BURST);
    assertThat(replies.subList(0, QUOTA)).allMatch(reply -> reply.startsWith("Thank you. Complaint <b>#"));
    assertThat(replies.subList(QUOTA, BURST)).allMatch(reply -> reply.startsWith(TRY_LATER));
    assertThat(column("description", accountOf(chat).get(0)))
      .containsExactlyElementsOf(IntStream.range(0, QUOTA).mapToObj(i -> "Burst number " + i).toList());
    // the outbox marks a reply sent once Telegram has answered it, a moment after the fake has recorded it
    Await.until("every reply of the burst is marked sent",
      () -> sql.count("SELECT count(*) FROM telegram_outbox WHERE chat_id = $1 AND status <> 'sent'", chat) == 0);
  }

  // the checks after each test

  private static void everyReplyFitsTelegram() {
    for (FakeBotApi.Call call : fake.calls("sendMessage")) {
      if (ourChats.contains(call.chatId())) {
        assertThat(call.body().getString("parse_mode")).isEqualTo("HTML");
        assertThat(call.text().length()).as(abbreviated(call.text())).isBetween(1, TelegramHtml.MAX_LENGTH);
        assertThat(htmlProblem(call.text())).as(abbreviated(call.text())).isNull();
      }
    }
    for (FakeBotApi.Call call : fake.calls("answerCallbackQuery")) {
      assertThat(call.body().getString("text", "")).hasSizeLessThanOrEqualTo(200);
    }
  }

  private static void noReplyTellsAnotherChatAboutAlicesComplaint() {
    for (FakeBotApi.Call call : fake.calls("sendMessage")) {
      if (ourChats.contains(call.chatId()) && call.chatId() != aliceChat && call.chatId() != adminChat) {
        assertThat(call.text()).as("to chat %d", call.chatId())
          .doesNotContain(ALICE_HOSTEL, ALICE_CATEGORY, ALICE_DESCRIPTION, alice.username());
      }
    }
  }

  /**
   * What makes the text invalid for Telegram's HTML parse mode (a stray {@code <}, {@code >} or {@code &}, an unknown or
   * unclosed tag), or null when nothing does.
   */
  private static String htmlProblem(String text) {
    Deque<String> open = new ArrayDeque<>();
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '<') {
        Matcher tag = TAG.matcher(text).region(i, text.length());
        if (!tag.lookingAt()) {
          return "a raw '<' at " + i;
        }
        String problem = balance(open, tag.group());
        if (problem != null) {
          return problem;
        }
        i = tag.end();
      } else if (c == '&') {
        Matcher entity = ENTITY.matcher(text).region(i, text.length());
        if (!entity.lookingAt()) {
          return "a raw '&' at " + i;
        }
        i = entity.end();
      } else if (c == '>') {
        return "a raw '>' at " + i;
      } else {
        i++;
      }
    }
    return open.isEmpty() ? null : "unclosed " + open;
  }

  private static String balance(Deque<String> open, String tag) {
    String name = tag.startsWith("<a ") || tag.equals("</a>") ? "a" : tag.replaceAll("[</>]", "");
    if (!tag.startsWith("</")) {
      open.push(name);
      return null;
    }
    if (!name.equals(open.peek())) {
      return "a closing " + tag + " without its opening tag";
    }
    open.pop();
    return null;
  }

  // polling

  private static long newChat() {
    long chat = TelegramNodes.newChatId();
    ourChats.add(chat);
    return chat;
  }

  /** A new chat that sent /start: linked to its own student account tg&lt;chat id&gt;. */
  private static long linkedChat() {
    long chat = newChat();
    assertThat(say(chat, "/start")).contains("tg" + chat);
    return chat;
  }

  private static String say(long chat, String text) {
    return answerTo(chat, FakeBotApi.textUpdate(polledIds.incrementAndGet(), chat, text));
  }

  private static String answerTo(long chat, JsonObject update) {
    int before = fake.delivered(chat).size();
    fake.queueUpdate(update);
    Await.until("an answer in chat " + chat, () -> fake.delivered(chat).size() > before);
    return fake.delivered(chat).get(before);
  }

  /** Returns once every update queued before has been handled (the poller takes them in order), answers enqueued. */
  private static void settle() {
    assertThat(say(sentinelChat, "/help")).contains("/complain");
  }

  private static String press(long chat, String data) {
    String callbackId = "cb-" + UUID.randomUUID();
    fake.queueUpdate(FakeBotApi.callbackUpdate(polledIds.incrementAndGet(), chat, callbackId, data));
    Await.until("the bot answers the button", () -> fake.callbackAnswer(callbackId) != null);
    return fake.callbackAnswer(callbackId);
  }

  // the webhook

  private static HttpResponse<Buffer> hook(String secret, String body) {
    return Await.await(post(secret, "application/json", body));
  }

  private static HttpResponse<Buffer> send(String secret, String contentType, String body) {
    return Await.await(post(secret, contentType, body));
  }

  private static Future<HttpResponse<Buffer>> post(String secret, String contentType, String body) {
    var request = web.post("/telegram/webhook").putHeader("Content-Type", contentType);
    if (secret != null) {
      request.putHeader("X-Telegram-Bot-Api-Secret-Token", secret);
    }
    return request.sendBuffer(Buffer.buffer(body, StandardCharsets.UTF_8.name()));
  }

  private static String hookSay(long chat, String text) {
    int before = fake.delivered(chat).size();
    assertThat(hook(SECRET, FakeBotApi.textUpdate(hookIds.incrementAndGet(), chat, text).encode()).statusCode()).isEqualTo(200);
    Await.until("an answer in chat " + chat, () -> fake.delivered(chat).size() > before);
    return fake.delivered(chat).get(before);
  }

  private static String withRawUpdateId(String literal, long chat, String text) {
    String message = FakeBotApi.textUpdate(0, chat, text).getJsonObject("message").encode();
    return "{\"update_id\":" + literal + ",\"message\":" + message + "}";
  }

  @Test
  void aNameWithNulStillLinksTheChat() {
    long chat = newChat();
    String marker = UUID.randomUUID().toString().substring(0, 8);
    JsonObject start = FakeBotApi.textUpdate(hookIds.incrementAndGet(), chat, "/start");
    start.getJsonObject("message").getJsonObject("from").put("first_name", "Nul\u0000" + marker);
    assertThat(hook(SECRET, start.encode()).statusCode()).isEqualTo(200);

    Await.until("the chat is linked", () -> isLinked(chat));
    assertThat(sql.strings("SELECT display_name FROM users WHERE display_name LIKE $1", "%" + marker))
      .containsExactly("Nul\uFFFD" + marker);
  }

  private static String withLoneSurrogates(JsonObject update) {
    return update.encode().replace(LONE, "\\ud800");
  }

  // Alice's "Mark read" buttons

  private record ReadButton(long notificationId, String data) {
  }

  private static ReadButton readButtonFor(String title) {
    HttpResponse<Buffer> created = api.notify(admin, alice.id(), title);
    assertThat(created.statusCode()).as(created.bodyAsString()).isBetween(200, 202);
    long id = sql.longs("SELECT id FROM notifications WHERE user_id = $1 AND title = $2", alice.id(), title).get(0);
    Await.until("the message reaches Alice's chat", () -> messageTo(aliceChat, title) != null);
    JsonObject button = messageTo(aliceChat, title).body().getJsonObject("reply_markup").getJsonArray("inline_keyboard")
      .getJsonArray(0).getJsonObject(0);
    return new ReadButton(id, button.getString("callback_data"));
  }

  private static FakeBotApi.Call messageTo(long chat, String title) {
    return fake.calls("sendMessage").stream().filter(c -> c.chatId() == chat && c.text().contains(title)).findFirst().orElse(null);
  }

  private static boolean isRead(ReadButton button) {
    return api.get("/api/v1/notifications/" + button.notificationId(), alice.token()).bodyAsJsonObject().getValue("read_at") != null;
  }

  // the database

  private static long outbox(long chat) {
    return sql.count("SELECT count(*) FROM telegram_outbox WHERE chat_id = $1", chat);
  }

  private static List<Long> accountOf(long chat) {
    return sql.longs("SELECT id FROM users WHERE username = $1", "tg" + chat);
  }

  private static boolean isLinked(long chat) {
    return sql.count("SELECT count(*) FROM telegram_links WHERE chat_id = $1", chat) == 1;
  }

  /** One text column of the user's complaints, oldest first. */
  private static List<String> column(String name, long reporter) {
    return sql.strings("SELECT " + name + " FROM complaints WHERE reporter_id = $1 ORDER BY id", reporter);
  }

  private static long idIn(String text) {
    Matcher matcher = COMPLAINT_ID.matcher(text);
    assertThat(matcher.find()).as(text).isTrue();
    return Long.parseLong(matcher.group(1));
  }

  private static String abbreviated(String text) {
    String shown = text.replace("\u0000", "\\u0000");
    return shown.length() <= 120 ? shown : shown.substring(0, 120) + "… (" + text.length() + " characters)";
  }

  private static String sha256(String code) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(code.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Every log event while the class runs, to find the errors and stack traces the input caused. */
  private static final class CapturedLogs extends AppenderBase<ILoggingEvent> {

    private final Queue<ILoggingEvent> events = new ConcurrentLinkedQueue<>();

    static CapturedLogs attach() {
      CapturedLogs captured = new CapturedLogs();
      captured.setContext(context());
      captured.start();
      root().addAppender(captured);
      return captured;
    }

    void detach() {
      root().detachAppender(this);
    }

    List<String> errorsAndStackTraces() {
      return events.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.ERROR) || e.getThrowableProxy() != null)
        .map(CapturedLogs::line).toList();
    }

    private static String line(ILoggingEvent event) {
      String line = event.getLevel() + " " + event.getLoggerName() + " - " + event.getFormattedMessage();
      return event.getThrowableProxy() == null ? line
        : line + " / " + event.getThrowableProxy().getClassName() + ": " + event.getThrowableProxy().getMessage();
    }

    @Override
    protected void append(ILoggingEvent event) {
      event.prepareForDeferredProcessing();
      events.add(event);
    }

    private static LoggerContext context() {
      return (LoggerContext) LoggerFactory.getILoggerFactory();
    }

    private static Logger root() {
      return context().getLogger(Logger.ROOT_LOGGER_NAME);
    }
  }
}
