package io.herald.persistence.email;

import io.herald.bus.Addresses;
import io.herald.persistence.BusBinder;
import io.herald.persistence.Requests;
import io.herald.persistence.Rows;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

/**
 * The durable email outbox. Enqueueing is idempotent by {@code dedupe_key}. Claims use {@code FOR UPDATE SKIP LOCKED}
 * with a lease: a row is sent by one node at a time, at most one mail per destination domain is in flight, and a
 * domain is paced after each mail ({@code domain_gap_ms}). Notification mails whose notification was read or
 * deleted, or whose address is no longer the user's verified one, are cancelled instead of claimed.
 */
public final class EmailOutboxStore {

  private static final int MAX_LIST = 200;

  private final Pool pool;

  public EmailOutboxStore(Pool pool) {
    this.pool = pool;
  }

  public void bind(BusBinder binder) {
    binder.answer(Addresses.EMAIL_OUTBOX_ENQUEUE, this::enqueue);
    binder.answer(Addresses.EMAIL_OUTBOX_CLAIM, this::claim);
    binder.answer(Addresses.EMAIL_OUTBOX_MARK_SENT, this::markSent);
    binder.answer(Addresses.EMAIL_OUTBOX_MARK_FAILED, this::markFailed);
    binder.answer(Addresses.EMAIL_OUTBOX_RESCHEDULE, this::reschedule);
    binder.answer(Addresses.EMAIL_OUTBOX_LIST, this::list);
  }

  private Future<JsonObject> enqueue(JsonObject request) {
    JsonArray messages = request.getJsonArray("messages", new JsonArray());
    return pool.withTransaction(tx -> {
      Future<Integer> chain = Future.succeededFuture(0);
      for (int i = 0; i < messages.size(); i++) {
        JsonObject message = messages.getJsonObject(i);
        chain = chain.compose(count -> enqueueOne(tx, message).map(inserted -> count + (inserted ? 1 : 0)));
      }
      return chain;
    }).map(count -> new JsonObject().put("inserted", count));
  }

  /**
   * One mail in the caller's transaction: to {@code to_address} when given, else to the user's verified address
   * (none when they have none); {@code urgent} ones go before the rest of their domain's queue. False when its key
   * was already there or there is nobody to send it to.
   */
  public static Future<Boolean> enqueueOne(SqlClient client, JsonObject message) {
    Tuple row = Tuple.of(Requests.requiredString(message, "dedupe_key"), Requests.requiredLong(message, "user_id"),
        Requests.optionalLong(message, "notification_id"), Requests.requiredString(message, "template"),
        message.getJsonObject("params", new JsonObject()), message.getLong("delay_ms", 0L) / 1000.0)
      .addValue(Requests.optionalString(message, "to_address")).addValue(message.getBoolean("urgent", false));
    return client.preparedQuery(EmailOutboxSql.INSERT).execute(row).map(rows -> rows.rowCount() == 1);
  }

  private Future<JsonObject> claim(JsonObject request) {
    Tuple params = Requests.claim(request);
    return pool.withConnection(conn -> conn.query(EmailOutboxSql.CANCEL_STALE).execute()
      .compose(cancelled -> conn.preparedQuery(EmailOutboxSql.CLAIM).execute(params)))
      .map(rows -> {
        JsonArray items = new JsonArray();
        rows.forEach(row -> items.add(new JsonObject().put("id", row.getLong("id")).put("user_id", row.getLong("user_id"))
          .put("notification_id", row.getLong("notification_id")).put("to_address", row.getString("to_address"))
          .put("template", row.getString("template")).put("params", row.getJsonObject("params"))
          .put("attempts", row.getInteger("attempts")).put("username", row.getString("username"))
          .put("locale", row.getString("locale")).put("time_zone", row.getString("time_zone"))
          .put("created_at", Rows.time(row, "created_at"))));
        return new JsonObject().put("items", items);
      });
  }

  private Future<JsonObject> markSent(JsonObject request) {
    long id = Requests.requiredLong(request, "id");
    double gapSeconds = request.getLong("domain_gap_ms", 0L) / 1000.0;
    return pool.withTransaction(tx -> tx.preparedQuery(EmailOutboxSql.MARK_SENT).execute(Tuple.of(id))
      .compose(rows -> rows.rowCount() == 0 || gapSeconds <= 0 ? Future.succeededFuture()
        : tx.preparedQuery(EmailOutboxSql.PACE_DOMAIN).execute(Tuple.of(rows.iterator().next().getString("domain"), gapSeconds))))
      .map(done -> new JsonObject().put("ok", true));
  }

  private Future<JsonObject> markFailed(JsonObject request) {
    Tuple params = Tuple.of(Requests.requiredLong(request, "id"), Requests.requiredString(request, "reason"));
    return pool.preparedQuery(EmailOutboxSql.MARK_FAILED).execute(params).map(done -> new JsonObject().put("ok", true));
  }

  private Future<JsonObject> reschedule(JsonObject request) {
    Tuple params = Tuple.of(Requests.requiredLong(request, "id"), Requests.requiredString(request, "reason"),
      request.getLong("delay_ms", 0L) / 1000.0);
    return pool.preparedQuery(EmailOutboxSql.RESCHEDULE).execute(params).map(done -> new JsonObject().put("ok", true));
  }

  private Future<JsonObject> list(JsonObject request) {
    Tuple params = Tuple.of(Requests.optionalString(request, "status"), Requests.optionalLong(request, "user_id"),
      Requests.limit(request, 50, MAX_LIST));
    return pool.preparedQuery(EmailOutboxSql.LIST).execute(params).map(rows -> {
      JsonArray items = new JsonArray();
      rows.forEach(row -> items.add(new JsonObject().put("id", row.getLong("id")).put("user_id", row.getLong("user_id"))
        .put("notification_id", row.getLong("notification_id")).put("to_address", row.getString("to_address"))
        .put("template", row.getString("template")).put("status", row.getString("status"))
        .put("attempts", row.getInteger("attempts")).put("next_attempt_at", Rows.time(row, "next_attempt_at"))
        .put("last_error", row.getString("last_error")).put("created_at", Rows.time(row, "created_at"))
        .put("sent_at", Rows.time(row, "sent_at"))));
      return new JsonObject().put("items", items);
    });
  }
}
