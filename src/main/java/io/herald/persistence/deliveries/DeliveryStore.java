package io.herald.persistence.deliveries;

import io.herald.auth.Identity;
import io.herald.auth.Role;
import io.herald.bus.Addresses;
import io.herald.bus.DomainException;
import io.herald.bus.Failures;
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

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where notifications went, channel by channel: for one notification (its owner or an admin), and for every
 * notification about a complaint together with the complaint's chat messages (staff only).
 */
public final class DeliveryStore {

  private static final int DEFAULT_PAGE = 20;
  private static final int MAX_PAGE = 100;
  private static final int CHAT_MESSAGES = 100;

  private final Pool pool;

  public DeliveryStore(Pool pool) {
    this.pool = pool;
  }

  public void bind(BusBinder binder) {
    binder.answer(Addresses.NOTIFICATIONS_DELIVERIES, this::ofNotification);
    binder.answer(Addresses.COMPLAINTS_DELIVERIES, this::ofComplaint);
  }

  /** {@code {actor, id}}: the owner's or an admin's view of where a notification went; 404 for anyone else. */
  private Future<JsonObject> ofNotification(JsonObject request) {
    Identity actor = Requests.actor(request);
    long id = Requests.requiredLong(request, "id");
    return pool.withConnection(conn -> conn.preparedQuery(DeliverySql.NOTIFICATION)
      .execute(Tuple.of(id, actor.is(Role.ADMIN), actor.userId())).compose(found -> {
        if (found.rowCount() == 0) {
          throw DomainException.notFound("notification " + id);
        }
        return withChannels(conn, found, 1);
      }).map(notifications -> {
        JsonObject notification = notifications.getJsonObject(0);
        return new JsonObject().put("notification_id", id).put("deliveries", notification.getJsonArray("deliveries"))
          .put("escalation", notification.getJsonArray("escalation"));
      }));
  }

  /**
   * {@code {actor (admin or porter), id, before_id?, limit?}}: a page of the complaint's notifications, newest first,
   * each with its deliveries; the first page also holds the complaint's newest chat messages.
   */
  private Future<JsonObject> ofComplaint(JsonObject request) {
    Identity actor = Requests.actor(request);
    if (!actor.is(Role.ADMIN) && !actor.is(Role.PORTER)) {
      return Future.failedFuture(new DomainException(Failures.FORBIDDEN, "only staff may see a complaint's deliveries"));
    }
    long id = Requests.requiredLong(request, "id");
    Long before = Requests.optionalLong(request, "before_id");
    int limit = Requests.limit(request, DEFAULT_PAGE, MAX_PAGE);
    return pool.withConnection(conn -> conn.preparedQuery(DeliverySql.COMPLAINT_EXISTS).execute(Tuple.of(id))
      .compose(found -> {
        if (found.rowCount() == 0) {
          throw DomainException.notFound("complaint " + id);
        }
        return conn.preparedQuery(DeliverySql.OF_COMPLAINT).execute(Tuple.of(String.valueOf(id), before, limit + 1));
      })
      .compose(rows -> withChannels(conn, rows, limit).map(notifications -> new JsonObject().put("complaint_id", id)
        .put("notifications", notifications).put("next_before_id", rows.rowCount() > limit ? lastId(notifications) : null)))
      .compose(page -> before != null ? Future.succeededFuture(page) : chatMessages(conn, id).map(page::mergeIn)));
  }

  /** The first {@code limit} notifications, each with its in-app delivery, its outbox rows and its ladder steps. */
  private static Future<JsonArray> withChannels(SqlConnection conn, RowSet<Row> rows, int limit) {
    Map<Long, JsonObject> byId = new LinkedHashMap<>();
    for (Row row : rows) {
      if (byId.size() == limit) {
        break;
      }
      byId.put(row.getLong("id"), notification(row));
    }
    Tuple ids = Tuple.tuple().addArrayOfLong(byId.keySet().toArray(Long[]::new));
    return conn.preparedQuery(DeliverySql.ATTEMPTS).execute(ids).compose(attempts -> {
      attempts.forEach(row -> byId.get(row.getLong("notification_id")).getJsonArray("deliveries").add(attempt(row)));
      return conn.preparedQuery(DeliverySql.STEPS).execute(ids);
    }).map(steps -> {
      steps.forEach(row -> byId.get(row.getLong("notification_id")).getJsonArray("escalation").add(step(row)));
      return new JsonArray(List.copyOf(byId.values()));
    });
  }

  private static long lastId(JsonArray notifications) {
    return notifications.getJsonObject(notifications.size() - 1).getLong("notification_id");
  }

  private static Future<JsonObject> chatMessages(SqlConnection conn, long complaintId) {
    return conn.preparedQuery(DeliverySql.CHAT_MESSAGES).execute(Tuple.of(complaintId, CHAT_MESSAGES + 1)).map(rows -> {
      JsonArray messages = new JsonArray();
      for (Row row : rows) {
        if (messages.size() < CHAT_MESSAGES) {
          messages.add(attempt(row).put("kind", row.getString("kind")).put("chat_id", row.getLong("chat_id")));
        }
      }
      return new JsonObject().put("chat_messages", messages).put("more_chat_messages", rows.rowCount() > CHAT_MESSAGES);
    });
  }

  /** The notification with its in-app delivery first: {@code delivered}, or {@code read} at the time it was read. */
  private static JsonObject notification(Row row) {
    JsonArray deliveries = new JsonArray().add(new JsonObject().put("channel", "in_app")
      .put("status", row.getValue("read_at") == null ? "delivered" : "read")
      .put("queued_at", Rows.time(row, "created_at")).put("at", Rows.time(row, "read_at")));
    return new JsonObject().put("notification_id", row.getLong("id")).put("user_id", row.getLong("user_id"))
      .put("recipient", row.getString("username")).put("type", row.getString("type")).put("title", row.getString("title"))
      .put("created_at", Rows.time(row, "created_at")).put("read_at", Rows.time(row, "read_at"))
      .put("deliveries", deliveries).put("escalation", new JsonArray());
  }

  private static JsonObject attempt(Row row) {
    return new JsonObject().put("channel", row.getString("channel"))
      .put("status", row.getString("status")).put("attempts", row.getInteger("attempts"))
      .put("queued_at", Rows.time(row, "created_at")).put("at", Rows.time(row, "sent_at"))
      .put("error", row.getString("last_error"));
  }

  private static JsonObject step(Row row) {
    return new JsonObject().put("step", row.getInteger("step")).put("channel", row.getString("channel"))
      .put("status", row.getString("status")).put("due_at", Rows.time(row, "due_at"))
      .put("done_at", Rows.time(row, "done_at")).put("outcome", row.getString("outcome"));
  }
}
