package io.herald.persistence.telegram;

import io.herald.bus.Addresses;
import io.herald.persistence.BusBinder;
import io.herald.persistence.Requests;
import io.herald.persistence.Rows;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.List;

/**
 * The durable Telegram outbox. Enqueueing is idempotent by {@code dedupe_key} (every node receives every
 * event); alerts over a chat's rate limit are held and folded into one digest row due when the window
 * reopens. Claims use {@code FOR UPDATE SKIP LOCKED} with a lease, at most one row in flight per chat, and
 * at most {@code per_second} rows sent or in flight in the last second across all nodes (approximately:
 * two claims at the same instant may each take the whole budget).
 */
public final class TelegramOutboxStore {

  private static final int MAX_LIST = 200;

  private final Pool pool;

  public TelegramOutboxStore(Pool pool) {
    this.pool = pool;
  }

  public void bind(BusBinder binder) {
    binder.answer(Addresses.TELEGRAM_OUTBOX_ENQUEUE, this::enqueue);
    binder.answer(Addresses.TELEGRAM_OUTBOX_CLAIM, this::claim);
    binder.answer(Addresses.TELEGRAM_OUTBOX_MARK_SENT, this::markSent);
    binder.answer(Addresses.TELEGRAM_OUTBOX_MARK_FAILED, this::markFailed);
    binder.answer(Addresses.TELEGRAM_OUTBOX_RESCHEDULE, this::reschedule);
    binder.answer(Addresses.TELEGRAM_OUTBOX_LIST, this::list);
  }

  private Future<JsonObject> enqueue(JsonObject request) {
    JsonArray messages = request.getJsonArray("messages", new JsonArray());
    long windowMs = request.getLong("window_ms", 0L);
    int perWindow = Math.max(1, request.getInteger("rate_limit_count", 1));
    Future<Integer> chain = Future.succeededFuture(0);
    for (int i = 0; i < messages.size(); i++) {
      JsonObject message = messages.getJsonObject(i);
      chain = chain.compose(count -> pool.withTransaction(tx -> enqueueOne(tx, message, windowMs, perWindow))
        .map(inserted -> count + (inserted ? 1 : 0)));
    }
    return chain.map(count -> new JsonObject().put("inserted", count));
  }

  /** Alerts in a caller's transaction, in order, each counted against its chat's window from the alert settings. */
  static Future<Void> enqueueAlerts(SqlConnection tx, List<JsonObject> alerts, JsonObject settings, long minuteMs) {
    long windowMs = settings.getLong("rate_limit_minutes") * minuteMs;
    int perWindow = settings.getInteger("rate_limit_count");
    Future<?> chain = Future.succeededFuture();
    for (JsonObject alert : alerts) {
      chain = chain.compose(done -> enqueueOne(tx, alert, windowMs, perWindow));
    }
    return chain.mapEmpty();
  }

  /** Inserts one message unless its key is already there; a {@code rate_limited} one over the chat's window is held for the digest. */
  static Future<Boolean> enqueueOne(SqlConnection tx, JsonObject message, long windowMs, int perWindow) {
    long chatId = Requests.requiredLong(message, "chat_id");
    Tuple row = Tuple.of(Requests.requiredString(message, "dedupe_key"), chatId, Requests.requiredString(message, "kind"),
      Requests.optionalLong(message, "complaint_id"), Requests.optionalString(message, "summary"),
      Requests.requiredString(message, "text"), message.getLong("delay_ms", 0L) / 1000.0,
      message.getBoolean("urgent", false));
    return tx.preparedQuery(TelegramOutboxSql.INSERT).execute(row).compose(inserted -> {
      if (inserted.rowCount() == 0) {
        return Future.succeededFuture(false);
      }
      long id = inserted.iterator().next().getLong("id");
      boolean limited = message.getBoolean("rate_limited", false) && windowMs > 0;
      return (limited ? applyWindow(tx, id, chatId, windowMs / 1000.0, perWindow) : Future.<Void>succeededFuture()).map(true);
    });
  }

  private static Future<Void> applyWindow(SqlConnection tx, long id, long chatId, double windowSeconds, int perWindow) {
    return tx.preparedQuery(TelegramOutboxSql.ENSURE_CHAT).execute(Tuple.of(chatId))
      .compose(done -> tx.preparedQuery(TelegramOutboxSql.LOCK_WINDOW).execute(Tuple.of(chatId, windowSeconds)))
      .compose(rows -> {
        Row window = rows.iterator().next();
        if (window.getBoolean("expired")) {
          return openWindow(tx, chatId);
        }
        if (window.getInteger("window_count") < perWindow) {
          return tx.preparedQuery(TelegramOutboxSql.COUNT_IN_WINDOW).execute(Tuple.of(chatId)).mapEmpty();
        }
        return digestOpen(tx, window.getLong("open_digest_id")).compose(open -> open
          ? digestFor(tx, chatId, window, windowSeconds)
            .compose(digestId -> tx.preparedQuery(TelegramOutboxSql.HOLD).execute(Tuple.of(id, digestId))).<Void>mapEmpty()
          // the window's digest is on its way or gone (it was due, or the window was made longer since): a new window
          : openWindow(tx, chatId));
      });
  }

  private static Future<Void> openWindow(SqlConnection tx, long chatId) {
    return tx.preparedQuery(TelegramOutboxSql.OPEN_WINDOW).execute(Tuple.of(chatId)).mapEmpty();
  }

  /** Whether the window may hold one more alert: it has no digest yet, or its digest can still take it. */
  private static Future<Boolean> digestOpen(SqlConnection tx, Long digestId) {
    if (digestId == null) {
      return Future.succeededFuture(true);
    }
    return tx.preparedQuery(TelegramOutboxSql.LOCK_OPEN_DIGEST).execute(Tuple.of(digestId))
      .map(rows -> rows.iterator().hasNext());
  }

  private static Future<Long> digestFor(SqlConnection tx, long chatId, Row window, double windowSeconds) {
    Long open = window.getLong("open_digest_id");
    if (open != null) {
      return Future.succeededFuture(open);
    }
    return tx.preparedQuery(TelegramOutboxSql.INSERT_DIGEST)
      .execute(Tuple.of(chatId, String.valueOf(window.getLong("window_epoch")), windowSeconds))
      .map(rows -> rows.iterator().next().getLong("id"))
      .compose(digestId -> tx.preparedQuery(TelegramOutboxSql.SET_OPEN_DIGEST).execute(Tuple.of(chatId, digestId))
        .map(digestId));
  }

  private Future<JsonObject> claim(JsonObject request) {
    Tuple params = Tuple.of(Requests.requiredString(request, "node"), (int) Requests.requiredLong(request, "per_second"),
      Requests.requiredLong(request, "lease_ms") / 1000.0);
    return pool.withConnection(conn -> conn.preparedQuery(TelegramOutboxSql.CLAIM).execute(params)
      .compose(rows -> withDigestItems(conn, claimed(rows))))
      .map(items -> new JsonObject().put("items", items));
  }

  private static List<JsonObject> claimed(RowSet<Row> rows) {
    List<JsonObject> items = new ArrayList<>();
    rows.forEach(row -> items.add(new JsonObject().put("id", row.getLong("id")).put("chat_id", row.getLong("chat_id"))
      .put("kind", row.getString("kind")).put("text", row.getString("text")).put("attempts", row.getInteger("attempts"))
      .put("read_token", row.getString("read_token"))));
    return items;
  }

  private Future<JsonArray> withDigestItems(SqlConnection conn, List<JsonObject> items) {
    Long[] digests = items.stream().filter(i -> "digest".equals(i.getString("kind"))).map(i -> i.getLong("id"))
      .toArray(Long[]::new);
    if (digests.length == 0) {
      return Future.succeededFuture(new JsonArray(new ArrayList<>(items)));
    }
    return conn.preparedQuery(TelegramOutboxSql.DIGEST_ITEMS).execute(Tuple.of(digests)).map(rows -> {
      for (JsonObject item : items) {
        JsonArray summaries = new JsonArray();
        boolean allNew = true;
        for (Row row : rows) {
          if (row.getLong("digest_id").equals(item.getLong("id"))) {
            summaries.add(row.getString("summary"));
            allNew &= row.getBoolean("new_complaint");
          }
        }
        item.put("summaries", summaries).put("all_new_complaints", allNew);
      }
      return new JsonArray(new ArrayList<>(items));
    });
  }

  private Future<JsonObject> markSent(JsonObject request) {
    long id = Requests.requiredLong(request, "id");
    Tuple params = Tuple.of(id, Requests.requiredLong(request, "message_id"));
    double gapSeconds = request.getLong("chat_gap_ms", 0L) / 1000.0;
    return pool.withTransaction(tx -> tx.preparedQuery(TelegramOutboxSql.MARK_SENT).execute(params)
      .compose(rows -> rows.rowCount() == 0 ? Future.succeededFuture()
        : tx.preparedQuery(TelegramOutboxSql.PACE_CHAT).execute(Tuple.of(rows.iterator().next().getLong("chat_id"), gapSeconds))))
      .map(done -> new JsonObject().put("ok", true));
  }

  private Future<JsonObject> markFailed(JsonObject request) {
    Tuple params = Tuple.of(Requests.requiredLong(request, "id"), Requests.requiredString(request, "reason"));
    return pool.preparedQuery(TelegramOutboxSql.MARK_FAILED).execute(params).map(done -> new JsonObject().put("ok", true));
  }

  private Future<JsonObject> reschedule(JsonObject request) {
    Tuple params = Tuple.of(Requests.requiredLong(request, "id"), Requests.requiredString(request, "reason"),
      request.getLong("delay_ms", 0L) / 1000.0);
    long chatPauseMs = request.getLong("chat_pause_ms", 0L);
    long globalPauseMs = request.getLong("global_pause_ms", 0L);
    return pool.withTransaction(tx -> tx.preparedQuery(TelegramOutboxSql.RESCHEDULE).execute(params)
      .compose(rows -> chatPauseMs <= 0 || rows.rowCount() == 0 ? Future.succeededFuture()
        : tx.preparedQuery(TelegramOutboxSql.PACE_CHAT).execute(Tuple.of(rows.iterator().next().getLong("chat_id"), chatPauseMs / 1000.0)))
      .compose(done -> globalPauseMs <= 0 ? Future.succeededFuture()
        : tx.preparedQuery(TelegramOutboxSql.PAUSE_ALL).execute(Tuple.of(globalPauseMs / 1000.0))))
      .map(done -> new JsonObject().put("ok", true));
  }

  private Future<JsonObject> list(JsonObject request) {
    Tuple params = Tuple.of(Requests.optionalString(request, "status"), Requests.limit(request, 50, MAX_LIST));
    return pool.preparedQuery(TelegramOutboxSql.LIST).execute(params).map(rows -> {
      JsonArray items = new JsonArray();
      rows.forEach(row -> items.add(new JsonObject().put("id", row.getLong("id")).put("chat_id", row.getLong("chat_id"))
        .put("kind", row.getString("kind")).put("complaint_id", row.getLong("complaint_id"))
        .put("status", row.getString("status")).put("attempts", row.getInteger("attempts"))
        .put("next_attempt_at", Rows.time(row, "next_attempt_at")).put("message_id", row.getLong("message_id"))
        .put("last_error", row.getString("last_error")).put("digest_id", row.getLong("digest_id"))
        .put("created_at", Rows.time(row, "created_at")).put("sent_at", Rows.time(row, "sent_at"))));
      return new JsonObject().put("items", items);
    });
  }
}
