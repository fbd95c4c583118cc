package io.herald.telegram;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
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
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** Restarts, several nodes, and a node without a token; every test starts and stops its own nodes. */
@ExtendWith(VertxExtension.class)
class TelegramLifecycleTest {

  private static final AtomicLong updateIds = new AtomicLong(System.nanoTime() % 1_000_000_000L + 4_000_000_000L);
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private FakeBotApi fake;

  @BeforeEach
  void start(Vertx vertx) {
    fake = FakeBotApi.start(vertx);
    logs.start();
    root().addAppender(logs);
  }

  @AfterEach
  void stop() {
    root().detachAppender(logs);
    fake.close();
  }

  private static Logger root() {
    return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  }

  private static void alertTo(ApiClient api, String admin, long chat) {
    api.post("/api/v1/notifications/config", admin, new JsonObject().put("enabled", true).put("rate_limit_minutes", 0)
      .put("high_severity_only", false).put("hostel_specific", false).put("admin_chat_ids", new JsonArray().add(chat)));
  }

  private static List<JsonObject> outboxFor(ApiClient api, String admin, long chat) {
    JsonArray items = api.get("/api/v1/notifications/telegram/outbox?limit=200", admin).bodyAsJsonObject().getJsonArray("items");
    return items.stream().map(JsonObject.class::cast).filter(row -> row.getLong("chat_id") == chat).toList();
  }

  @Test
  void pendingAlertsSurviveARestartAndAreSentExactlyOnce(Vertx vertx) {
    long chat = TelegramNodes.newChatId();
    Herald unreachable = TestNode.start(vertx, TelegramNodes.config("http://127.0.0.1:1"));
    ApiClient first = new ApiClient(vertx, unreachable.httpPort());
    String admin = first.adminToken();
    alertTo(first, admin, chat);
    String student = first.newUser(admin, "student").token();
    List<Long> ids = List.of(first.createComplaint(student, TelegramNodes.newHostel(), "high").getLong("id"),
      first.createComplaint(student, TelegramNodes.newHostel(), "low").getLong("id"),
      first.createComplaint(student, TelegramNodes.newHostel(), "medium").getLong("id"));
    Await.until("three rows pending after failed attempts", () -> outboxFor(first, admin, chat).stream()
      .filter(row -> row.getString("status").equals("pending") && row.getInteger("attempts") > 0).count() == 3);
    unreachable.stop().await();

    Herald restarted = TestNode.start(vertx, TelegramNodes.config(fake));
    ApiClient second = new ApiClient(vertx, restarted.httpPort());
    Await.until("all three rows sent", () -> outboxFor(second, admin, chat).stream()
      .filter(row -> row.getString("status").equals("sent")).count() == 3);
    restarted.stop().await();

    for (long id : ids) {
      assertThat(fake.delivered(chat)).filteredOn(text -> text.contains("#" + id + "</b>")).hasSize(1);
    }
    assertThat(fake.delivered(chat)).hasSize(3);
    assertThat(logs.list).noneMatch(event -> String.valueOf(event.getFormattedMessage()).contains(TelegramNodes.TOKEN)
      || event.getThrowableProxy() != null && String.valueOf(event.getThrowableProxy().getMessage()).contains(TelegramNodes.TOKEN));
  }

  @Test
  void storedOffsetMeansNoUpdateIsHandledTwiceOrSkippedAcrossARestart(Vertx vertx) {
    long chat = TelegramNodes.newChatId();
    long firstUpdate = updateIds.incrementAndGet();
    Herald before = TestNode.start(vertx, TelegramNodes.config(fake));
    fake.queueUpdate(FakeBotApi.textUpdate(firstUpdate, chat, "/help"));
    Await.until("the first update is answered", () -> fake.delivered(chat).size() == 1);
    before.stop().await();

    long secondUpdate = updateIds.incrementAndGet();
    fake.queueUpdate(FakeBotApi.textUpdate(secondUpdate, chat, "/help"));
    int pollsBefore = fake.calls("getUpdates").size();
    Herald after = TestNode.start(vertx, TelegramNodes.config(fake));
    Await.until("the second update is answered", () -> fake.delivered(chat).size() == 2);
    after.stop().await();

    long resumedOffset = fake.calls("getUpdates").get(pollsBefore).body().getLong("offset");
    assertThat(resumedOffset).isGreaterThan(firstUpdate).isLessThanOrEqualTo(secondUpdate);
    assertThat(fake.delivered(chat)).hasSize(2);
  }

  @Test
  void onlyOneNodePollsAndAnotherTakesOverWhenItStops(Vertx vertx) {
    long chat = TelegramNodes.newChatId();
    Herald first = TestNode.start(vertx, TelegramNodes.config(fake));
    Await.until("the first node polls", () -> pollerTakeovers() == 1);
    Herald second = TestNode.start(vertx, TelegramNodes.config(fake));
    fake.queueUpdate(FakeBotApi.textUpdate(updateIds.incrementAndGet(), chat, "/help"));
    Await.until("the first update is answered", () -> fake.delivered(chat).size() == 1);
    long pollersWhileBothRun = pollerTakeovers();

    first.stop().await();
    fake.queueUpdate(FakeBotApi.textUpdate(updateIds.incrementAndGet(), chat, "/help"));
    Await.until("the second update is answered", () -> fake.delivered(chat).size() == 2);
    second.stop().await();

    assertThat(pollersWhileBothRun).isEqualTo(1);
    assertThat(pollerTakeovers()).isEqualTo(2);
    assertThat(fake.delivered(chat)).hasSize(2);
  }

  private long pollerTakeovers() {
    return logs.list.stream().filter(event -> event.getFormattedMessage().contains("now polls Telegram")).count();
  }

  @Test
  void twoNodesReceivingTheSameEventSendTheAlertOnce(Vertx vertx) {
    long chat = TelegramNodes.newChatId();
    Herald one = TestNode.start(vertx, TelegramNodes.config(fake));
    Herald two = TestNode.start(vertx, TelegramNodes.config(fake));
    ApiClient api = new ApiClient(vertx, one.httpPort());
    String admin = api.adminToken();
    alertTo(api, admin, chat);
    long id = api.createComplaint(api.newUser(admin, "student").token(), TelegramNodes.newHostel(), "high").getLong("id");

    Await.until("the alert is sent", () -> outboxFor(api, admin, chat).stream().anyMatch(row -> row.getString("status").equals("sent")));
    List<JsonObject> outbox = outboxFor(api, admin, chat);
    two.stop().await();
    one.stop().await();

    assertThat(outbox).hasSize(1);
    assertThat(fake.delivered(chat)).hasSize(1);
    assertThat(fake.delivered(chat).get(0)).contains("#" + id);
  }

  @Test
  void withoutATokenTelegramSaysItIsOffOnceAndCallsNothing(Vertx vertx) {
    long chat = TelegramNodes.newChatId();
    Herald node = TestNode.start(vertx, TestNode.config().with(Settings.TELEGRAM_API_BASE_URL.key(), fake.baseUrl()));
    ApiClient api = new ApiClient(vertx, node.httpPort());
    String admin = api.adminToken();
    alertTo(api, admin, chat);
    api.createComplaint(api.newUser(admin, "student").token(), TelegramNodes.newHostel(), "critical");
    List<JsonObject> outbox = outboxFor(api, admin, chat);
    node.stop().await();

    assertThat(logs.list).filteredOn(event -> event.getFormattedMessage().contains("Telegram is off")).hasSize(1);
    assertThat(outbox).isEmpty();
    assertThat(fake.calls("sendMessage")).isEmpty();
    assertThat(fake.calls("getUpdates")).isEmpty();
  }
}
