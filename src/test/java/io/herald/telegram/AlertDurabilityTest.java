package io.herald.telegram;

import io.herald.Herald;
import io.herald.bus.Addresses;
import io.herald.config.Settings;
import io.herald.database.Migrations;
import io.herald.persistence.PersistenceVerticle;
import io.herald.support.Await;
import io.herald.support.BusRequests;
import io.herald.support.FakeBotApi;
import io.herald.support.TelegramNodes;
import io.herald.support.TestDatabase;
import io.herald.support.TestNode;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * A complaint change committed on a node whose Telegram side never hears of it (it is down, restarting, or the
 * node dies right after the commit) still has its Telegram messages: they are in the outbox with the change,
 * and the next node to run the sender delivers them, once.
 */
@ExtendWith(VertxExtension.class)
class AlertDurabilityTest {

  private Vertx withoutTelegram;
  private FakeBotApi fake;

  @BeforeEach
  void start(Vertx vertx) {
    Migrations.migrate(TestDatabase.settings());
    withoutTelegram = Vertx.vertx();
    JsonObject persistence = new JsonObject()
      .put(PersistenceVerticle.CONFIG_DATABASE, TestDatabase.settings().toJson())
      .put(PersistenceVerticle.CONFIG_TELEGRAM_ENABLED, true)
      .put(Settings.PUBLIC_URL.key(), "https://herald.example")
      .put(PersistenceVerticle.CONFIG_TELEGRAM_MINUTE_MS, 1_500);
    Await.await(withoutTelegram.deployVerticle(new PersistenceVerticle(), new DeploymentOptions().setConfig(persistence)));
    fake = FakeBotApi.start(vertx);
  }

  @AfterEach
  void stop() {
    if (withoutTelegram != null) {
      Await.await(withoutTelegram.close());
    }
    fake.close();
  }

  private JsonObject request(String address, JsonObject body) {
    return BusRequests.request(withoutTelegram.eventBus(), address, body);
  }

  private List<JsonObject> outboxFor(long chat) {
    JsonArray items = request(Addresses.TELEGRAM_OUTBOX_LIST, new JsonObject().put("limit", 200)).getJsonArray("items");
    return items.stream().map(JsonObject.class::cast).filter(row -> row.getLong("chat_id") == chat).toList();
  }

  @Test
  void committedChangesKeepTheirAlertsWhenNoTelegramVerticleHearsTheEvent(Vertx vertx) {
    long adminChat = TelegramNodes.newChatId();
    long reporterChat = TelegramNodes.newChatId();
    request(Addresses.TELEGRAM_CONFIG_PUT, new JsonObject().put("settings", new JsonObject().put("enabled", true)
      .put("high_severity_only", false).put("rate_limit_minutes", 0).put("hostel_specific", false)
      .put("admin_chat_ids", new JsonArray().add(adminChat)).put("notify_status_updates", true)
      .put("registration", "anyone")));
    JsonObject admin = BusRequests.newUser(withoutTelegram.eventBus(), "admin");
    JsonObject reporter = request(Addresses.TELEGRAM_LINKS_ENSURE, new JsonObject().put("chat_id", reporterChat)
      .put("telegram_user_id", reporterChat)).getJsonObject("user");

    long id = request(Addresses.COMPLAINTS_CREATE, new JsonObject().put("actor", reporter).put("description", "No hot water")
      .put("category", "plumbing").put("hostel", TelegramNodes.newHostel()).put("severity", "high")).getLong("id");
    request(Addresses.COMPLAINTS_CHANGE_STATUS, new JsonObject().put("actor", admin).put("id", id).put("status", "in_progress"));
    ReplyException refused = catchThrowableOfType(ReplyException.class, () -> request(Addresses.COMPLAINTS_CHANGE_STATUS,
      new JsonObject().put("actor", admin).put("id", id).put("status", "in_progress")));

    assertThat(refused.failureCode()).isEqualTo(409);
    assertThat(outboxFor(adminChat)).extracting(row -> row.getString("kind") + " " + row.getString("status"))
      .containsExactly("alert pending", "alert pending");
    assertThat(outboxFor(reporterChat)).extracting(row -> row.getString("kind") + " " + row.getString("status"))
      .containsExactly("personal pending");

    Await.await(withoutTelegram.close());
    withoutTelegram = null;
    Herald node = TestNode.start(vertx, TelegramNodes.config(fake));
    Await.until("both alerts and the reporter's message are sent", () -> fake.delivered(adminChat).size() == 2
      && fake.delivered(reporterChat).size() == 1);
    node.stop().await();

    assertThat(fake.delivered(adminChat)).satisfiesExactly(
      text -> assertThat(text).contains("New complaint #" + id),
      text -> assertThat(text).contains("#" + id).contains("<b>in progress</b>"));
    assertThat(fake.delivered(reporterChat).get(0)).contains("Your complaint #" + id);
  }
}
