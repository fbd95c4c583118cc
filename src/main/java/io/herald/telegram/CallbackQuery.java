package io.herald.telegram;

import io.vertx.core.json.JsonObject;

import java.util.regex.Pattern;

/** A press on an inline button: the parts the bot uses; {@link #parse} yields null for anything else or malformed. */
record CallbackQuery(long updateId, String id, long chatId, String data) {

  /** The callback data of a "Mark read" button: this prefix and the message's token. */
  static final String READ_PREFIX = "read:";
  private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{1,59}");

  static CallbackQuery parse(JsonObject update) {
    try {
      Long updateId = Incoming.updateId(update);
      JsonObject query = update == null ? null : update.getJsonObject("callback_query");
      JsonObject message = query == null ? null : query.getJsonObject("message");
      JsonObject chat = message == null ? null : message.getJsonObject("chat");
      Long chatId = chat == null ? null : Incoming.id(chat.getValue("id"));
      if (updateId == null || chatId == null
        || !(query.getValue("id") instanceof String id) || !(query.getValue("data") instanceof String data)) {
        return null;
      }
      return new CallbackQuery(updateId, id, chatId, data);
    } catch (ClassCastException e) {
      return null;
    }
  }

  /**
   * The token of a "Mark read" button, or null when the data is something else: the bot's tokens are base64url (at
   * most 64 bytes of callback data in all), so anything else names no button.
   */
  String readToken() {
    String token = data.startsWith(READ_PREFIX) ? data.substring(READ_PREFIX.length()) : "";
    return TOKEN.matcher(token).matches() ? token : null;
  }
}
