package io.herald.telegram;

import io.herald.Herald;
import io.herald.config.Settings;
import io.herald.support.ApiClient;
import io.herald.support.Await;
import io.herald.support.FakeBotApi;
import io.herald.support.TelegramNodes;
import io.herald.support.TestNode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
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

@ExtendWith(VertxExtension.class)
class TelegramWebhookTest {

  private static final String SECRET = "webhook-secret-for-tests";
  private static final AtomicLong updateIds = new AtomicLong(System.nanoTime() % 1_000_000_000L + 2_000_000_000L);
  private static FakeBotApi fake;
  private static Herald node;
  private static ApiClient api;
  private static WebClient web;

  @BeforeAll
  static void start(Vertx vertx) {
    fake = FakeBotApi.start(vertx);
    node = TestNode.start(vertx, TelegramNodes.config(fake)
      .with(Settings.TELEGRAM_WEBHOOK_URL.key(), "https://herald.example/telegram/webhook")
      .with(Settings.TELEGRAM_WEBHOOK_SECRET.key(), SECRET));
    api = new ApiClient(vertx, node.httpPort());
    api.post("/api/v1/notifications/config", api.adminToken(), new JsonObject().put("registration", "anyone"));
    web = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(node.httpPort()));
  }

  @AfterAll
  static void stop() {
    node.stop().await();
    fake.close();
  }

  private static HttpResponse<Buffer> deliver(String secret, Object body) {
    var request = web.post("/telegram/webhook").putHeader("Content-Type", "application/json");
    if (secret != null) {
      request.putHeader("X-Telegram-Bot-Api-Secret-Token", secret);
    }
    return Await.await(request.sendBuffer(Buffer.buffer(body.toString())));
  }

  private static String say(long chat, String text) {
    int before = fake.delivered(chat).size();
    HttpResponse<Buffer> response = deliver(SECRET, FakeBotApi.textUpdate(updateIds.incrementAndGet(), chat, text));
    assertThat(response.statusCode()).isEqualTo(200);
    Await.until("an answer to '" + text + "'", () -> fake.delivered(chat).size() > before);
    return fake.delivered(chat).get(before);
  }

  @Test
  void registersTheWebhookWithItsSecretAndDoesNotPoll() {
    Await.until("setWebhook is called", () -> !fake.calls("setWebhook").isEmpty());

    JsonObject registration = fake.calls("setWebhook").get(0).body();
    assertThat(registration.getString("url")).isEqualTo("https://herald.example/telegram/webhook");
    assertThat(registration.getString("secret_token")).isEqualTo(SECRET);
    assertThat(fake.calls("getUpdates")).isEmpty();
  }

  @Test
  void wholeConversationWorksThroughTheWebhook() {
    long chat = TelegramNodes.newChatId();
    assertThat(say(chat, "/start")).contains("tg" + chat);
    say(chat, "/complain");
    say(chat, TelegramNodes.newHostel());
    say(chat, "5");
    say(chat, "windows");
    say(chat, "low");
    String done = say(chat, "Window does not close");

    assertThat(done).contains("Complaint <b>#");
    assertThat(say(chat, "/mine")).contains("windows");
  }

  @Test
  void wrongOrMissingSecretIsRefusedAndNothingIsProcessed() {
    long chat = TelegramNodes.newChatId();
    long refusedId = updateIds.incrementAndGet();

    HttpResponse<Buffer> wrong = deliver("guess", FakeBotApi.textUpdate(refusedId, chat, "/start"));
    HttpResponse<Buffer> missing = deliver(null, FakeBotApi.textUpdate(updateIds.incrementAndGet(), chat, "/start"));
    String answer = say(chat, "/help");

    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(missing.statusCode()).isEqualTo(401);
    assertThat(answer).contains("/complain");
    assertThat(fake.delivered(chat)).hasSize(1);
    assertThat(say(chat, "/mine")).contains("/start");
  }

  @Test
  void redeliveredUpdateIsHandledOnce() {
    long chat = TelegramNodes.newChatId();
    JsonObject update = FakeBotApi.textUpdate(updateIds.incrementAndGet(), chat, "/help");

    assertThat(deliver(SECRET, update).statusCode()).isEqualTo(200);
    assertThat(deliver(SECRET, update).statusCode()).isEqualTo(200);
    Await.until("the first answer", () -> !fake.delivered(chat).isEmpty());
    String next = say(chat, "/help");

    assertThat(next).contains("/complain");
    assertThat(fake.delivered(chat)).hasSize(2);
  }

  @Test
  void malformedBodiesAreAcknowledgedAndSkipped() {
    assertThat(deliver(SECRET, "{not json").statusCode()).isEqualTo(200);
    assertThat(deliver(SECRET, new JsonObject().put("update_id", "x")).statusCode()).isEqualTo(200);
    long chat = TelegramNodes.newChatId();

    assertThat(say(chat, "/help")).contains("/complain");
  }
}
