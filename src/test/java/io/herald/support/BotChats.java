package io.herald.support;

import io.herald.support.ApiClient.TestUser;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;

import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** A resident's side of the bot on a {@link FakeBotApi}: texts, linking a user's own chat with a code, button presses. */
public final class BotChats {

  private final FakeBotApi fake;
  private final AtomicLong updateIds;

  /** Update ids continue from the offset earlier test classes left in the shared database, so Telegram's offset never skips ours. */
  public BotChats(FakeBotApi fake, TestSql sql) {
    this.fake = fake;
    this.updateIds = new AtomicLong(sql.count("SELECT COALESCE(max(next_offset), 1) FROM telegram_poll_offset"));
  }

  /** Sends a text as the resident of the chat and returns the bot's answer. */
  public String say(long chat, String text) {
    int before = fake.delivered(chat).size();
    fake.queueUpdate(FakeBotApi.textUpdate(updateIds.incrementAndGet(), chat, text));
    Await.until("an answer to '" + text + "'", () -> fake.delivered(chat).size() > before);
    return fake.delivered(chat).get(before);
  }

  /** A fresh link code of the user: {code, deep_link, expires_at}. */
  public static JsonObject newCode(ApiClient api, TestUser user) {
    HttpResponse<Buffer> created = api.post("/api/v1/auth/me/telegram-link", user.token(), null);
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    return created.bodyAsJsonObject();
  }

  /** Links a new chat to the user through a code and /start; returns the chat id. */
  public long link(ApiClient api, TestUser user) {
    long chat = TelegramNodes.newChatId();
    assertThat(say(chat, "/start " + newCode(api, user).getString("code"))).contains("now linked").contains(user.username());
    return chat;
  }

  /** Presses an inline button with {@code data} under a message of the chat; returns the notice the bot answered with. */
  public String press(long chat, String data) {
    String callbackId = UUID.randomUUID().toString();
    fake.queueUpdate(FakeBotApi.callbackUpdate(updateIds.incrementAndGet(), chat, callbackId, data));
    Await.until("the bot answers the button", () -> fake.callbackAnswer(callbackId) != null);
    return fake.callbackAnswer(callbackId);
  }
}
