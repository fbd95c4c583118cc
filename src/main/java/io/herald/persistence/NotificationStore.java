package io.herald.persistence;

import io.herald.auth.Identity;
import io.herald.bus.Addresses;
import io.herald.bus.DomainException;
import io.herald.notify.Envelopes;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.util.List;

/** One user's inbox: keyset pages, unread count, read, read-all, soft delete, and replay for reconnecting sockets. */
final class NotificationStore {

  private static final int DEFAULT_PAGE = 20;
  private static final int MAX_PAGE = 100;
  private static final int DEFAULT_REPLAY = 500;
  private static final int MAX_REPLAY = 1000;

  private final Pool pool;

  NotificationStore(Pool pool) {
    this.pool = pool;
  }

  void bind(BusBinder binder) {
    binder.answer(Addresses.NOTIFICATIONS_LIST, this::list);
    binder.answer(Addresses.NOTIFICATIONS_GET, this::one);
    binder.answer(Addresses.NOTIFICATIONS_UNREAD_COUNT, this::unreadCount);
    binder.answer(Addresses.NOTIFICATIONS_MARK_READ, this::markRead);
    binder.answer(Addresses.NOTIFICATIONS_MARK_ALL_READ, this::markAllRead);
    binder.answer(Addresses.NOTIFICATIONS_DELETE, this::delete);
    binder.answer(Addresses.NOTIFICATIONS_REPLAY, this::replay);
  }

  private Future<JsonObject> list(JsonObject request) {
    Identity actor = Requests.actor(request);
    int limit = Requests.limit(request, DEFAULT_PAGE, MAX_PAGE);
    Long beforeId = Requests.optionalLong(request, "before_id");
    Long afterId = Requests.optionalLong(request, "after_id");
    boolean unreadOnly = unreadOnly(request);
    boolean forward = afterId != null;
    String sql = forward ? (unreadOnly ? NotificationSql.UNREAD_OLDEST_FIRST : NotificationSql.OLDEST_FIRST)
      : (unreadOnly ? NotificationSql.UNREAD_NEWEST_FIRST : NotificationSql.NEWEST_FIRST);
    return pool.preparedQuery(sql).execute(Tuple.of(actor.userId(), beforeId, afterId, limit + 1)).map(rows -> {
      JsonArray items = items(rows, limit);
      boolean more = rows.rowCount() > limit;
      Long edge = items.isEmpty() ? null : items.getJsonObject(items.size() - 1).getLong("id");
      return new JsonObject().put("items", items)
        .put("next_before_id", !forward && more ? edge : null)
        .put("next_after_id", forward && more ? edge : null);
    });
  }

  /** One of the caller's notifications; another user's id is as unknown as an id that never existed. */
  private Future<JsonObject> one(JsonObject request) {
    Identity actor = Requests.actor(request);
    long id = Requests.requiredLong(request, "id");
    return pool.preparedQuery(NotificationSql.ONE).execute(Tuple.of(id, actor.userId())).map(rows -> single(rows, id));
  }

  private Future<JsonObject> unreadCount(JsonObject request) {
    Identity actor = Requests.actor(request);
    return countUnread(pool, actor.userId()).map(count -> new JsonObject().put("count", count));
  }

  private Future<Outcome> markRead(JsonObject request) {
    Identity actor = Requests.actor(request);
    long id = Requests.requiredLong(request, "id");
    return pool.withTransaction(tx -> tx.preparedQuery(NotificationSql.MARK_READ).execute(Tuple.of(id, actor.userId()))
      .map(rows -> single(rows, id))
      .compose(row -> changed(tx, actor, row, Envelopes.update(id, Envelopes.READ))));
  }

  private Future<Outcome> markAllRead(JsonObject request) {
    Identity actor = Requests.actor(request);
    return pool.withTransaction(tx -> tx.preparedQuery(NotificationSql.MARK_ALL_READ).execute(Tuple.of(actor.userId()))
      .compose(rows -> changed(tx, actor, new JsonObject().put("updated", rows.rowCount()),
        Envelopes.update(null, Envelopes.ALL_READ))));
  }

  private Future<Outcome> delete(JsonObject request) {
    Identity actor = Requests.actor(request);
    long id = Requests.requiredLong(request, "id");
    return pool.withTransaction(tx -> tx.preparedQuery(NotificationSql.DELETE).execute(Tuple.of(id, actor.userId()))
      .map(rows -> {
        if (rows.rowCount() == 0) {
          throw DomainException.notFound("notification " + id);
        }
        return new JsonObject().put("deleted", true);
      })
      .compose(reply -> changed(tx, actor, reply, Envelopes.update(id, Envelopes.DELETED))));
  }

  /**
   * Rows after {@code after_id}, oldest first. {@code complete} is false when retention removed a row of
   * this user above {@code after_id} (its purge mark is higher), so the caller may have missed something.
   */
  private Future<JsonObject> replay(JsonObject request) {
    Identity actor = Requests.actor(request);
    long afterId = Requests.requiredLong(request, "after_id");
    int limit = Requests.limit(request, DEFAULT_REPLAY, MAX_REPLAY);
    if (afterId < 0) {
      throw DomainException.badRequest("field after_id must not be negative");
    }
    return pool.withConnection(conn -> conn.preparedQuery(NotificationSql.PURGE_MARK).execute(Tuple.of(actor.userId()))
      .compose(marks -> conn.preparedQuery(NotificationSql.OLDEST_FIRST)
        .execute(Tuple.of(actor.userId(), null, afterId, limit + 1))
        .map(rows -> {
          JsonArray items = items(rows, limit);
          long purgedUpTo = marks.iterator().hasNext() ? marks.iterator().next().getLong("purged_up_to_id") : 0L;
          long lastId = items.isEmpty() ? afterId : items.getJsonObject(items.size() - 1).getLong("id");
          return new JsonObject().put("items", items).put("complete", afterId >= purgedUpTo)
            .put("last_id", lastId).put("has_more", rows.rowCount() > limit);
        })));
  }

  private static boolean unreadOnly(JsonObject request) {
    Object value = request.getValue("unread_only");
    if (value == null || value instanceof Boolean) {
      return Boolean.TRUE.equals(value);
    }
    if (!"true".equals(value) && !"false".equals(value)) {
      throw DomainException.badRequest("field unread_only must be true or false");
    }
    return "true".equals(value);
  }

  private static Future<Outcome> changed(SqlConnection tx, Identity actor, JsonObject reply, JsonObject update) {
    return countUnread(tx, actor.userId()).map(count -> Outcome.of(reply, List.of(
      Publication.toUser(actor.userId(), update), Publication.toUser(actor.userId(), Envelopes.unreadCount(count)))));
  }

  private static Future<Long> countUnread(SqlClient client, long userId) {
    return client.preparedQuery(NotificationSql.UNREAD_COUNT).execute(Tuple.of(userId))
      .map(rows -> rows.iterator().next().getLong("count"));
  }

  private static JsonObject single(RowSet<Row> rows, long id) {
    if (!rows.iterator().hasNext()) {
      throw DomainException.notFound("notification " + id);
    }
    return NotificationWriter.toJson(rows.iterator().next());
  }

  private static JsonArray items(RowSet<Row> rows, int limit) {
    JsonArray items = new JsonArray();
    for (Row row : rows) {
      if (items.size() == limit) {
        break;
      }
      items.add(NotificationWriter.toJson(row));
    }
    return items;
  }
}
