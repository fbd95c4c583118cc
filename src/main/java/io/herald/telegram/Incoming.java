package io.herald.telegram;

import io.vertx.core.json.JsonObject;

/** The parts of a Telegram update the bot uses; {@link #parse} yields null for anything malformed. */
record Incoming(long updateId, long chatId, long fromId, String displayName, String username, String text) {

  static Long updateId(JsonObject update) {
    Object id = update == null ? null : update.getValue("update_id");
    return id instanceof Number number ? number.longValue() : null;
  }

  static Incoming parse(JsonObject update) {
    try {
      Long updateId = updateId(update);
      JsonObject message = update.getJsonObject("message");
      JsonObject chat = message == null ? null : message.getJsonObject("chat");
      if (updateId == null || chat == null || !(chat.getValue("id") instanceof Number chatId)) {
        return null;
      }
      JsonObject from = message.getJsonObject("from", new JsonObject());
      long fromId = from.getValue("id") instanceof Number id ? id.longValue() : chatId.longValue();
      Object text = message.getValue("text");
      return new Incoming(updateId, chatId.longValue(), fromId, from.getString("first_name"), from.getString("username"),
        text instanceof String value ? value : "");
    } catch (ClassCastException e) {
      return null;
    }
  }
}
