package io.herald.bench;

import io.herald.Herald;
import io.herald.config.Settings;
import io.herald.support.ApiClient;
import io.herald.support.Await;
import io.herald.support.FakeBotApi;
import io.herald.support.TelegramNodes;
import io.herald.support.TestNode;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Measures the Telegram outbox with the default pacing against the local fake Bot API: how long from
 * "complaint created" (REST reply) to Telegram receiving the alert, and how fast a burst to many chats
 * drains under the overall per-second cap. Run: see bench/telegram-outbox.md.
 */
public final class TelegramOutboxBench {

  private static final int LATENCY_SAMPLES = 50;
  private static final int BURST_CHATS = 50;
  private static final int BURST_COMPLAINTS = 3;
  private static final int BURST = BURST_CHATS * BURST_COMPLAINTS;

  public static void main(String[] args) {
    Vertx vertx = Vertx.vertx();
    FakeBotApi fake = FakeBotApi.start(vertx);
    Herald node = TestNode.start(vertx, TestNode.config()
      .with(Settings.TELEGRAM_BOT_TOKEN.key(), TelegramNodes.TOKEN)
      .with(Settings.TELEGRAM_API_BASE_URL.key(), fake.baseUrl()));
    ApiClient api = new ApiClient(vertx, node.httpPort());
    try {
      String admin = api.adminToken();
      String student = api.newUser(admin, "student").token();
      latency(api, admin, student, fake);
      burst(api, admin, student, fake);
    } finally {
      node.stop().await();
      fake.close();
      vertx.close().await();
    }
  }

  private static void configure(ApiClient api, String admin, JsonArray chats) {
    int status = api.post("/api/v1/notifications/config", admin, new JsonObject().put("enabled", true).put("rate_limit_minutes", 0)
      .put("high_severity_only", false).put("hostel_specific", false).put("admin_chat_ids", chats)).statusCode();
    if (status != 200) {
      throw new IllegalStateException("config refused: " + status);
    }
  }

  private static void latency(ApiClient api, String admin, String student, FakeBotApi fake) {
    List<Long> millis = new ArrayList<>();
    for (int i = 0; i < LATENCY_SAMPLES; i++) {
      long chat = TelegramNodes.newChatId();
      configure(api, admin, new JsonArray().add(chat));
      long start = System.currentTimeMillis();
      api.createComplaint(student, "Bench", "high");
      Await.until("alert " + i, () -> !fake.attempts(chat).isEmpty());
      millis.add(fake.attempts(chat).get(0).receivedAtMillis() - start);
    }
    Collections.sort(millis);
    System.out.printf("latency created->received, %d alerts one after another, each to a fresh chat: p50 %d ms, p90 %d ms, max %d ms%n",
      LATENCY_SAMPLES, millis.get(millis.size() / 2), millis.get(millis.size() * 9 / 10), millis.get(millis.size() - 1));
  }

  private static void burst(ApiClient api, String admin, String student, FakeBotApi fake) {
    JsonArray chats = new JsonArray();
    for (int i = 0; i < BURST_CHATS; i++) {
      chats.add(TelegramNodes.newChatId());
    }
    configure(api, admin, chats);
    int before = fake.calls("sendMessage").size();
    for (int i = 0; i < BURST_COMPLAINTS; i++) {
      api.createComplaint(student, "Bench", "critical");
    }
    try {
      Await.until("burst delivered", () -> fake.calls("sendMessage").size() - before >= BURST);
    } catch (AssertionError e) {
      System.out.println("delivered " + (fake.calls("sendMessage").size() - before) + "; outbox: "
        + api.get("/api/v1/notifications/telegram/outbox?limit=5", admin).bodyAsString());
      throw e;
    }
    List<FakeBotApi.Call> calls = fake.calls("sendMessage").subList(before, before + BURST);
    long span = calls.get(calls.size() - 1).receivedAtMillis() - calls.get(0).receivedAtMillis();
    int busiestSecond = 0;
    for (FakeBotApi.Call call : calls) {
      long from = call.receivedAtMillis();
      busiestSecond = Math.max(busiestSecond, (int) calls.stream()
        .filter(c -> c.receivedAtMillis() >= from && c.receivedAtMillis() < from + 1000).count());
    }
    System.out.printf("burst of %d alerts to %d chats: first to last %d ms (%.1f msg/s), busiest 1 s window %d messages%n",
      BURST, BURST_CHATS, span, (BURST - 1) * 1000.0 / span, busiestSecond);
  }
}
