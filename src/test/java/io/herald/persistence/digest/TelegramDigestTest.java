package io.herald.persistence.digest;

import io.herald.Herald;
import io.herald.bus.Addresses;
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
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/** The daily digest as one message to the user's own linked Telegram chat, escaped for Telegram's HTML, once. */
@ExtendWith(VertxExtension.class)
class TelegramDigestTest {

  private static FakeBotApi fake;
  private static Vertx vertx;
  private static Herald node;
  private static ApiClient api;
  private static TestSql sql;
  private static BotChats chats;
  private static DigestUsers users;

  @BeforeAll
  static void start(Vertx shared) {
    vertx = shared;
    fake = FakeBotApi.start(vertx);
    node = TestNode.start(vertx, TelegramNodes.config(fake)
      .with(Settings.DIGEST_TUNING.key(), new JsonObject().put("interval_ms", 100).encode()));
    api = new ApiClient(vertx, node.httpPort());
    sql = new TestSql(vertx);
    chats = new BotChats(fake, sql);
    users = new DigestUsers(api, sql, api.adminToken());
  }

  @AfterAll
  static void stop() {
    node.stop().await();
    sql.close();
    api.close();
    fake.close();
  }

  @Test
  void aLinkedChatGetsTheDigestAsOneEscapedMessage() {
    String zone = DigestUsers.zone();
    TestUser user = users.user(null, "en", zone);
    long chat = chats.link(api, user);
    int before = fake.delivered(chat).size();
    users.notify(user, "Boiler <b>off</b> & cold");
    users.notify(user, "Lift repaired");
    users.digest(user, "telegram", DigestUsers.localHour(zone) - 1);

    Await.until("the digest reaches the chat", () -> fake.delivered(chat).size() == before + 1);
    String text = fake.delivered(chat).get(before);
    assertThat(text).startsWith("<b>You have 2 unread notifications</b>")
      .contains("• Lift repaired <i>(").contains("• Boiler &lt;b&gt;off&lt;/b&gt; &amp; cold <i>(")
      .contains("(" + zone + ")").endsWith("<a href=\"https://herald.example/\">Open Herald</a>")
      .doesNotContain("and 0 more");

    Await.await(vertx.eventBus().request(Addresses.DIGESTS_RUN, new JsonObject()));
    assertThat(users.runs(user)).containsExactly("queued - 2");
    assertThat(sql.count("SELECT count(*) FROM telegram_outbox WHERE user_id = $1 AND dedupe_key LIKE 'digest:%'", user.id()))
      .isEqualTo(1);
  }

  @Test
  void withoutALinkedChatNothingIsQueued() {
    String zone = DigestUsers.zone();
    TestUser user = users.user(null, "el", zone);
    users.notify(user, "Unread");
    users.digest(user, "telegram", DigestUsers.localHour(zone) - 1);

    Await.await(vertx.eventBus().request(Addresses.DIGESTS_RUN, new JsonObject()));
    assertThat(users.runs(user)).containsExactly("skipped no linked Telegram chat 1");
    assertThat(sql.count("SELECT count(*) FROM telegram_outbox WHERE user_id = $1", user.id())).isZero();
  }
}
