package io.herald.persistence;

import io.herald.bus.Addresses;
import io.herald.bus.DomainException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

/** Telegram alert settings, chat-to-account links, bot conversations, and which updates were handled. */
final class TelegramBotStore {

  private static final String CONFIG = "SELECT settings FROM telegram_config WHERE id = 1";
  private static final String LOCK_CONFIG = "SELECT settings FROM telegram_config WHERE id = 1 FOR UPDATE";
  private static final String PUT_CONFIG = "INSERT INTO telegram_config (id, settings) VALUES (1, $1) "
    + "ON CONFLICT (id) DO UPDATE SET settings = EXCLUDED.settings, updated_at = now()";
  private static final String SEED_CONFIG = "INSERT INTO telegram_config (id, settings) VALUES (1, $1) ON CONFLICT (id) DO NOTHING";
  private static final String LINKED_USER = "SELECT l.chat_id, u.id, u.username, u.role FROM telegram_links l "
    + "JOIN users u ON u.id = l.user_id WHERE ($1::bigint IS NULL OR l.chat_id = $1) AND ($2::bigint IS NULL OR l.user_id = $2)";
  private static final String CREATE_STUDENT = "INSERT INTO users (username, display_name, role) VALUES ($1, $2, 'student') "
    + "RETURNING id, username, role";
  private static final String LINK = "INSERT INTO telegram_links (chat_id, user_id, telegram_user_id) VALUES ($1, $2, $3)";
  private static final String CONVERSATION = "SELECT state FROM telegram_conversations WHERE chat_id = $1";
  private static final String PUT_CONVERSATION = "INSERT INTO telegram_conversations (chat_id, state) VALUES ($1, $2) "
    + "ON CONFLICT (chat_id) DO UPDATE SET state = EXCLUDED.state, updated_at = now()";
  private static final String DROP_CONVERSATION = "DELETE FROM telegram_conversations WHERE chat_id = $1";
  private static final String BEGIN_UPDATE = "INSERT INTO telegram_updates (update_id) VALUES ($1) ON CONFLICT DO NOTHING";
  private static final String OFFSET = "SELECT next_offset FROM telegram_poll_offset WHERE id = 1";
  private static final String PUT_OFFSET = "INSERT INTO telegram_poll_offset (id, next_offset) VALUES (1, $1) "
    + "ON CONFLICT (id) DO UPDATE SET next_offset = GREATEST(telegram_poll_offset.next_offset, EXCLUDED.next_offset)";

  private final Pool pool;

  TelegramBotStore(Pool pool) {
    this.pool = pool;
  }

  void bind(BusBinder binder) {
    binder.answer(Addresses.TELEGRAM_CONFIG_GET, request -> settings(pool));
    binder.answer(Addresses.TELEGRAM_CONFIG_PUT, this::putConfig);
    binder.answer(Addresses.TELEGRAM_CONFIG_SEED, this::seedConfig);
    binder.answer(Addresses.TELEGRAM_LINKS_ENSURE, this::ensureLink);
    binder.answer(Addresses.TELEGRAM_LINKS_GET, this::link);
    binder.answer(Addresses.TELEGRAM_CONVERSATION_GET, this::conversation);
    binder.answer(Addresses.TELEGRAM_CONVERSATION_PUT, this::putConversation);
    binder.answer(Addresses.TELEGRAM_UPDATES_BEGIN, request -> pool.preparedQuery(BEGIN_UPDATE)
      .execute(Tuple.of(Requests.requiredLong(request, "update_id")))
      .map(rows -> new JsonObject().put("fresh", rows.rowCount() == 1)));
    binder.answer(Addresses.TELEGRAM_OFFSET_GET, request -> pool.preparedQuery(OFFSET).execute()
      .map(rows -> new JsonObject().put("next_offset", rows.iterator().hasNext() ? rows.iterator().next().getLong(0) : null)));
    binder.answer(Addresses.TELEGRAM_OFFSET_PUT, request -> pool.preparedQuery(PUT_OFFSET)
      .execute(Tuple.of(Requests.requiredLong(request, "next_offset"))).map(rows -> new JsonObject().put("ok", true)));
  }

  /** The Telegram settings in force (defaults for what was never set); also read inside a complaint's transaction. */
  static Future<JsonObject> settings(SqlClient client) {
    return client.preparedQuery(CONFIG).execute().map(TelegramBotStore::settings);
  }

  private static JsonObject settings(RowSet<Row> rows) {
    JsonObject stored = rows.iterator().hasNext() ? (JsonObject) rows.iterator().next().getValue("settings") : null;
    return AlertSettings.merge(stored, new JsonObject());
  }

  private Future<JsonObject> putConfig(JsonObject request) {
    JsonObject change = request.getJsonObject("settings");
    if (change == null) {
      throw DomainException.badRequest("missing field: settings");
    }
    return pool.withTransaction(tx -> tx.preparedQuery(LOCK_CONFIG).execute().compose(rows -> {
      JsonObject merged = AlertSettings.merge(settings(rows), change);
      return tx.preparedQuery(PUT_CONFIG).execute(Tuple.of(merged)).map(merged);
    }));
  }

  private Future<JsonObject> seedConfig(JsonObject request) {
    JsonObject seeded = AlertSettings.merge(null, new JsonObject()
      .put("admin_chat_ids", new JsonArray().add(Requests.requiredLong(request, "admin_chat_id"))));
    return pool.preparedQuery(SEED_CONFIG).execute(Tuple.of(seeded)).map(rows -> new JsonObject().put("seeded", rows.rowCount() == 1));
  }

  private Future<JsonObject> link(JsonObject request) {
    Tuple params = Tuple.of(Requests.optionalLong(request, "chat_id"), Requests.optionalLong(request, "user_id"));
    if (params.getValue(0) == null && params.getValue(1) == null) {
      throw DomainException.badRequest("missing field: chat_id or user_id");
    }
    return pool.preparedQuery(LINKED_USER).execute(params).map(rows -> {
      if (!rows.iterator().hasNext()) {
        throw DomainException.notFound("telegram link");
      }
      return linked(rows.iterator().next(), false);
    });
  }

  private Future<JsonObject> ensureLink(JsonObject request) {
    long chatId = Requests.requiredLong(request, "chat_id");
    long telegramUserId = Requests.requiredLong(request, "telegram_user_id");
    String name = Requests.optionalString(request, "display_name");
    return pool.withTransaction(tx -> tx.preparedQuery(LINKED_USER).execute(Tuple.tuple().addValue(chatId).addValue(null)).compose(rows -> rows.iterator().hasNext()
      ? Future.succeededFuture(linked(rows.iterator().next(), false))
      : createLinkedStudent(tx, chatId, telegramUserId, name)));
  }

  private Future<JsonObject> createLinkedStudent(SqlConnection tx, long chatId, long telegramUserId, String name) {
    return tx.preparedQuery(CREATE_STUDENT).execute(Tuple.of("tg" + chatId, name)).compose(rows -> {
      Row user = rows.iterator().next();
      return tx.preparedQuery(LINK).execute(Tuple.of(chatId, user.getLong("id"), telegramUserId))
        .map(done -> new JsonObject().put("chat_id", chatId).put("created", true).put("user", new JsonObject()
          .put("id", user.getLong("id")).put("username", user.getString("username")).put("role", user.getString("role"))));
    });
  }

  private static JsonObject linked(Row row, boolean created) {
    return new JsonObject().put("chat_id", row.getLong("chat_id")).put("created", created).put("user", new JsonObject()
      .put("id", row.getLong("id")).put("username", row.getString("username")).put("role", row.getString("role")));
  }

  private Future<JsonObject> conversation(JsonObject request) {
    return pool.preparedQuery(CONVERSATION).execute(Tuple.of(Requests.requiredLong(request, "chat_id")))
      .map(rows -> new JsonObject().put("state", rows.iterator().hasNext() ? rows.iterator().next().getValue("state") : null));
  }

  private Future<JsonObject> putConversation(JsonObject request) {
    long chatId = Requests.requiredLong(request, "chat_id");
    JsonObject state = request.getJsonObject("state");
    Future<?> done = state == null
      ? pool.preparedQuery(DROP_CONVERSATION).execute(Tuple.of(chatId))
      : pool.preparedQuery(PUT_CONVERSATION).execute(Tuple.of(chatId, state));
    return done.map(rows -> new JsonObject().put("ok", true));
  }
}
