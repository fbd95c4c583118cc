package io.herald.telegram;

import io.vertx.core.json.JsonObject;

/** A press on an inline button: the parts the bot uses; {@link #parse} yields null for anything else or malformed. */
record CallbackQuery(long updateId, String id, long chatId, String data) {

  /** The callback data of a "Mark read" button: this prefix and the message's token. */
  static final String READ_PREFIX = "read:";

  static CallbackQuery parse(JsonObject update) {
    try {
      Long updateId = Incoming.updateId(update);
      JsonObject query = update == null ? null : update.getJsonObject("callback_query");
      JsonObject message = query == null ? null : query.getJsonObject("message");
      JsonObject chat = message == null ? null : message.getJsonObject("chat");
      if (updateId == null || chat == null || !(chat.getValue("id") instanceof Number chatId)
        || !(query.getValue("id") instanceof String id) || !(query.getValue("data") instanceof String data)) {
        return null;
      }
      return new CallbackQuery(updateId, id, chatId.longValue(), data);
    } catch (ClassCastException e) {
      return null;
    }
  }

  /** The token of a "Mark read" button, or null when the data is something else. */
  String readToken() {
    return data.startsWith(READ_PREFIX) && data.length() > READ_PREFIX.length() ? data.substring(READ_PREFIX.length()) : null;
  }
}
