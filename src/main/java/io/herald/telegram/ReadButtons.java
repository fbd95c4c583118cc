package io.herald.telegram;

import io.herald.bus.Addresses;
import io.herald.bus.Failures;
import io.herald.bus.OnThisNode;
import io.herald.texts.Texts;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A press on a personal message's "Mark read" button: the button's token names one message, so one notification of
 * one user; it counts only from the chat the message went to, while that chat is still linked to that user. The
 * notification is marked read through the same request as the API (every channel sees it), and the press answered
 * in the user's language (a press that counts for nothing in the chat's).
 */
final class ReadButtons {

  private static final Logger LOG = LoggerFactory.getLogger(ReadButtons.class);
  static final String MARKED = "telegram.button.marked";
  static final String NOT_HERE = "telegram.button.not_here";

  private final EventBus bus;
  private final BotApiClient client;
  private final Texts texts = Texts.plain();
  private final String chatLocale;

  /** {@code chatLocale}: the language of a press that names no user of this chat (HERALD_DEFAULT_LOCALE). */
  ReadButtons(EventBus bus, BotApiClient client, String chatLocale) {
    this.bus = bus;
    this.client = client;
    this.chatLocale = chatLocale;
  }

  Future<Void> press(CallbackQuery press) {
    String token = press.readToken();
    Future<String> notice = token == null ? notHere() : markRead(press.chatId(), token);
    return notice
      .recover(failure -> {
        LOG.warn("Telegram button in update {} failed: {}", press.updateId(), failure.getMessage());
        return Future.succeededFuture("Sorry, something went wrong. Please try again in a moment.");
      })
      .compose(text -> client.answerCallbackQuery(press.id(), text))
      .recover(failure -> {
        LOG.warn("Answering the Telegram button in update {} failed: {}", press.updateId(), client.redact(failure.getMessage()));
        return Future.succeededFuture();
      });
  }

  private Future<String> markRead(long chatId, String token) {
    return request(Addresses.TELEGRAM_READ_BUTTON_RESOLVE, new JsonObject().put("token", token).put("chat_id", chatId))
      .compose(button -> {
        JsonObject user = button.getJsonObject("user");
        if (user.getBoolean("disabled", true)) {
          return notHere();
        }
        return request(Addresses.NOTIFICATIONS_MARK_READ,
          new JsonObject().put("actor", user).put("id", button.getLong("notification_id")))
          .map(done -> texts.word(user.getString("locale"), MARKED));
      })
      .recover(failure -> Failures.httpStatus(failure) == Failures.NOT_FOUND ? notHere() : Future.failedFuture(failure));
  }

  private Future<String> notHere() {
    return Future.succeededFuture(texts.word(chatLocale, NOT_HERE));
  }

  private Future<JsonObject> request(String address, JsonObject body) {
    return bus.<JsonObject>request(address, body, OnThisNode.delivery()).map(reply -> reply.body());
  }
}
