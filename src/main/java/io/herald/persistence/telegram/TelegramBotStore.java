package io.herald.persistence.telegram;

import io.herald.bus.Addresses;
import io.herald.bus.DomainException;
import io.herald.bus.Failures;
import io.herald.persistence.BusBinder;
import io.herald.persistence.LimitStore;
import io.herald.persistence.Requests;
import io.herald.persistence.Rows;
import io.herald.telegram.AlertOutbox;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

/**
 * Telegram settings, chat-to-account links (who may register is decided here, in the transaction that links),
 * the per-chat complaint quota, bot conversations, and which updates were handled.
 */
public final class TelegramBotStore {

  private static final String CONFIG = "SELECT settings FROM telegram_config WHERE id = 1";
  private static final String LOCK_CONFIG = "SELECT settings FROM telegram_config WHERE id = 1 FOR UPDATE";
  private static final String PUT_CONFIG = "INSERT INTO telegram_config (id, settings) VALUES (1, $1) "
    + "ON CONFLICT (id) DO UPDATE SET settings = EXCLUDED.settings, updated_at = now()";
  private static final String SEED_CONFIG = "INSERT INTO telegram_config (id, settings) VALUES (1, $1) ON CONFLICT (id) DO NOTHING";
  private static final String LINKED_USER = "SELECT l.chat_id, l.created_at, u.id, u.username, u.role, u.disabled, u.locale FROM telegram_links l "
    + "JOIN users u ON u.id = l.user_id WHERE ($1::bigint IS NULL OR l.chat_id = $1) AND ($2::bigint IS NULL OR l.user_id = $2)";
  private static final String CREATE_STUDENT = "INSERT INTO users (username, display_name, role, disabled) "
    + "VALUES ($1, $2, 'student', $3) RETURNING id, username, role, disabled, locale";
  private static final String OWN_STUDENT = "SELECT id, username, role, disabled, locale FROM users WHERE username = $1";
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
  private final AlertOutbox alerts;
  private final long minuteMs;

  /** {@code minuteMs} is how long a "minute" of the settings' windows lasts: 60000 except in fast tests. */
  public TelegramBotStore(Pool pool, AlertOutbox alerts, long minuteMs) {
    this.pool = pool;
    this.alerts = alerts;
    this.minuteMs = minuteMs;
  }

  public void bind(BusBinder binder) {
    binder.answer(Addresses.TELEGRAM_CONFIG_GET, request -> settings(pool));
    binder.answer(Addresses.TELEGRAM_CONFIG_PUT, this::putConfig);
    binder.answer(Addresses.TELEGRAM_CONFIG_SEED, this::seedConfig);
    binder.answer(Addresses.TELEGRAM_LINKS_ENSURE, this::ensureLink);
    binder.answer(Addresses.TELEGRAM_LINKS_GET, this::link);
    binder.answer(Addresses.TELEGRAM_COMPLAINT_QUOTA_TAKE, this::takeComplaintQuota);
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
      return linked(rows.iterator().next());
    });
  }

  private Future<JsonObject> ensureLink(JsonObject request) {
    long chatId = Requests.requiredLong(request, "chat_id");
    long telegramUserId = Requests.requiredLong(request, "telegram_user_id");
    String name = Requests.optionalString(request, "display_name");
    String username = Requests.optionalString(request, "username");
    return pool.withTransaction(tx -> tx.preparedQuery(LINKED_USER).execute(Tuple.tuple().addValue(chatId).addValue(null))
      .compose(rows -> rows.iterator().hasNext()
        ? Future.succeededFuture(linked(rows.iterator().next()))
        : settings(tx).compose(settings -> register(tx, settings, new Registrant(chatId, telegramUserId, name, username)))));
  }

  /** A new chat under the registration policy: linked, linked to a disabled account awaiting an admin, or refused (403). */
  private Future<JsonObject> register(SqlConnection tx, JsonObject settings, Registrant who) {
    String policy = settings.getString("registration");
    if (AlertSettings.ALLOW_LIST.equals(policy) && !AlertSettings.allows(settings, who.chatId(), who.username())) {
      return Future.failedFuture(new DomainException(Failures.FORBIDDEN, "this chat is not on the registration allow-list"));
    }
    return tx.preparedQuery(OWN_STUDENT).execute(Tuple.of("tg" + who.chatId())).compose(own -> own.iterator().hasNext()
      ? relink(tx, own.iterator().next(), who)
      : createStudent(tx, settings, who));
  }

  /** The chat's own student account from an earlier /start, after the chat was unlinked with /stop. */
  private static Future<JsonObject> relink(SqlConnection tx, Row user, Registrant who) {
    return tx.preparedQuery(LINK).execute(Tuple.of(who.chatId(), user.getLong("id"), who.telegramUserId()))
      .map(done -> new JsonObject().put("chat_id", who.chatId()).put("created", false).put("user", userJson(user)));
  }

  private Future<JsonObject> createStudent(SqlConnection tx, JsonObject settings, Registrant who) {
    boolean pending = AlertSettings.APPROVAL.equals(settings.getString("registration"));
    return tx.preparedQuery(CREATE_STUDENT).execute(Tuple.of("tg" + who.chatId(), who.name(), pending)).compose(rows -> {
      Row user = rows.iterator().next();
      return tx.preparedQuery(LINK).execute(Tuple.of(who.chatId(), user.getLong("id"), who.telegramUserId()))
        .map(done -> new JsonObject().put("chat_id", who.chatId()).put("created", true).put("user", userJson(user)));
    }).compose(link -> !pending ? Future.succeededFuture(link) : TelegramOutboxStore.enqueueAlerts(tx,
      alerts.registrationWaiting(settings, who.chatId(), link.getJsonObject("user"), who.name(), who.username()), settings, minuteMs)
      .map(link));
  }

  /**
   * Counts one complaint against the chat's window in the shared request counters ({@link LimitStore}); {@code allowed}
   * false (and the seconds until the window ends) once the window is full.
   */
  private Future<JsonObject> takeComplaintQuota(JsonObject request) {
    long chatId = Requests.requiredLong(request, "chat_id");
    return settings(pool).compose(settings -> {
      long windowMs = settings.getLong("complaint_window_minutes") * minuteMs;
      if (windowMs == 0) {
        return Future.succeededFuture(new JsonObject().put("allowed", true));
      }
      JsonObject bucket = new JsonObject().put("key", "telegram-chat:" + chatId)
        .put("limit", settings.getInteger("complaints_per_chat")).put("window_ms", windowMs);
      return LimitStore.take(pool, new JsonObject().put("buckets", new JsonArray().add(bucket))).map(taken -> {
        boolean allowed = taken.getBoolean("allowed");
        long retryAfterSeconds = (taken.getLong("retry_after_ms") + 999) / 1000;
        return new JsonObject().put("allowed", allowed).put("retry_after_seconds", allowed ? null : retryAfterSeconds);
      });
    });
  }

  private static JsonObject linked(Row row) {
    return new JsonObject().put("chat_id", row.getLong("chat_id")).put("created", false)
      .put("linked_at", Rows.time(row, "created_at")).put("user", userJson(row));
  }

  private static JsonObject userJson(Row row) {
    return new JsonObject().put("id", row.getLong("id")).put("username", row.getString("username"))
      .put("role", row.getString("role")).put("disabled", row.getBoolean("disabled")).put("locale", row.getString("locale"));
  }

  private record Registrant(long chatId, long telegramUserId, String name, String username) {
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
