package io.herald.telegram;

import io.herald.texts.Unicode;
import io.vertx.core.json.JsonObject;

/**
 * The parts of a Telegram update the bot uses; {@link #parse} yields null for anything malformed. Ids are whole
 * numbers of at most 64 bits or nothing (never wrapped or truncated into another chat's or update's id), and text is
 * valid Unicode: a lone surrogate, which Telegram never sends but a forged update could, becomes U+FFFD, the
 * replacement character, rather than the {@code ?} PostgreSQL would store; so does NUL in a name, which PostgreSQL
 * cannot store at all (in a message's text it is refused where the text would be stored).
 */
record Incoming(long updateId, long chatId, long fromId, String displayName, String username, String text) {

  static Long updateId(JsonObject update) {
    return update == null ? null : id(update.getValue("update_id"));
  }

  /** An id as Telegram sends it, a JSON integer within 64 bits; null for anything else (a fraction, beyond 64 bits). */
  static Long id(Object value) {
    return value instanceof Integer || value instanceof Long ? ((Number) value).longValue() : null;
  }

  static Incoming parse(JsonObject update) {
    try {
      Long updateId = updateId(update);
      JsonObject message = update.getJsonObject("message");
      JsonObject chat = message == null ? null : message.getJsonObject("chat");
      Long chatId = chat == null ? null : id(chat.getValue("id"));
      if (updateId == null || chatId == null) {
        return null;
      }
      JsonObject from = message.getJsonObject("from", new JsonObject());
      Long fromId = from.containsKey("id") ? id(from.getValue("id")) : chatId;
      if (fromId == null) {
        return null;
      }
      Object text = message.getValue("text");
      return new Incoming(updateId, chatId, fromId, Unicode.storable(from.getString("first_name")),
        Unicode.storable(from.getString("username")),
        text instanceof String value ? Unicode.replacingLoneSurrogates(value) : "");
    } catch (ClassCastException e) {
      return null;
    }
  }
}
