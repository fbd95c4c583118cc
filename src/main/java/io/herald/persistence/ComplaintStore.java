package io.herald.persistence;

import io.herald.auth.Identity;
import io.herald.auth.Role;
import io.herald.bus.Addresses;
import io.herald.bus.DomainException;
import io.herald.bus.Failures;
import io.herald.complaint.Status;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Complaints, their status flow and their audit history. Every change runs in one transaction with its
 * history row and its notifications; the domain event is published only after the commit.
 */
final class ComplaintStore {

  private static final int DEFAULT_PAGE = 20;
  private static final int MAX_PAGE = 100;

  private final Pool pool;
  private final NotificationRouting routing;

  ComplaintStore(Pool pool, NotificationRouting routing) {
    this.pool = pool;
    this.routing = routing;
  }

  void bind(BusBinder binder) {
    binder.answer(Addresses.COMPLAINTS_CREATE, this::create);
    binder.answer(Addresses.COMPLAINTS_LIST, this::list);
    binder.answer(Addresses.COMPLAINTS_GET, this::get);
    binder.answer(Addresses.COMPLAINTS_CHANGE_STATUS, this::changeStatus);
    binder.answer(Addresses.COMPLAINTS_ASSIGN, this::assign);
  }

  private Future<Outcome> create(JsonObject request) {
    Identity actor = Requests.actor(request);
    Tuple params = Tuple.of(
      Requests.requiredString(request, "description"), Requests.requiredString(request, "category"),
      Requests.requiredString(request, "hostel"), Requests.optionalString(request, "room"),
      Requests.requiredString(request, "severity"), sourceOf(request), actor.userId());
    return pool.withTransaction(tx -> tx.preparedQuery(ComplaintSql.INSERT).execute(params)
      .compose(rows -> {
        long id = rows.iterator().next().getLong("id");
        return tx.preparedQuery(ComplaintSql.INSERT_HISTORY)
          .execute(Tuple.of(id, actor.userId(), "created", null, Status.OPEN.wire(), null))
          .compose(done -> load(tx, id));
      })
      .compose(complaint -> withPublications(tx, Addresses.EVENT_COMPLAINT_CREATED,
        event("complaint.created", complaint, actor), complaint)));
  }

  private Future<JsonObject> list(JsonObject request) {
    Identity actor = Requests.actor(request);
    int limit = Requests.limit(request, DEFAULT_PAGE, MAX_PAGE);
    Tuple params = Tuple.tuple()
      .addValue(actor.is(Role.STUDENT) ? actor.userId() : null)
      .addValue(Requests.optionalString(request, "status"))
      .addValue(Requests.optionalString(request, "severity"))
      .addValue(Requests.optionalString(request, "hostel"))
      .addValue(Requests.optionalLong(request, "assignee_id"))
      .addValue(Requests.optionalTime(request, "created_from"))
      .addValue(Requests.optionalTime(request, "created_to"))
      .addValue(Requests.likePattern(Requests.optionalString(request, "q")))
      .addValue(Requests.optionalLong(request, "cursor"))
      .addValue(limit + 1)
      .addValue(overdueAfter(request));
    String sql = "severity".equals(Requests.optionalString(request, "sort")) ? ComplaintSql.LIST_BY_SEVERITY : ComplaintSql.LIST;
    return pool.preparedQuery(sql).execute(params).map(rows -> page(rows, limit));
  }

  private Future<JsonObject> get(JsonObject request) {
    Identity actor = Requests.actor(request);
    long id = Requests.requiredLong(request, "id");
    return pool.withConnection(conn -> load(conn, id)
      .map(complaint -> visibleTo(complaint, actor))
      .compose(complaint -> conn.preparedQuery(ComplaintSql.HISTORY).execute(Tuple.of(id))
        .map(rows -> complaint.put("history", history(rows)))));
  }

  private Future<Outcome> changeStatus(JsonObject request) {
    Identity actor = Requests.actor(request);
    long id = Requests.requiredLong(request, "id");
    String requested = Requests.requiredString(request, "status");
    Status next = Status.fromWire(requested)
      .orElseThrow(() -> DomainException.badRequest("field status must be one of open, in_progress, resolved, rejected"));
    String note = Requests.optionalString(request, "note");
    return pool.withTransaction(tx -> lockForUpdate(tx, id, actor).compose(current -> {
      if (!mayChangeStatus(actor, current)) {
        throw new DomainException(Failures.FORBIDDEN, "only an admin or the assigned porter may change the status");
      }
      Status previous = Status.fromWire(current.getString("status")).orElseThrow();
      if (!previous.canMoveTo(next)) {
        throw new DomainException(Failures.CONFLICT, "cannot move from " + previous.wire() + " to " + next.wire());
      }
      return tx.preparedQuery(ComplaintSql.UPDATE_STATUS).execute(Tuple.of(id, next.wire()))
        .compose(done -> tx.preparedQuery(ComplaintSql.INSERT_HISTORY)
          .execute(Tuple.of(id, actor.userId(), "status_changed", previous.wire(), next.wire(), note)))
        .compose(done -> load(tx, id))
        .compose(complaint -> withPublications(tx, Addresses.EVENT_COMPLAINT_STATUS_CHANGED,
          event("complaint.status_changed", complaint, actor)
            .put("old_status", previous.wire()).put("new_status", next.wire()).put("note", note), complaint));
    }));
  }

  private Future<Outcome> assign(JsonObject request) {
    Identity actor = Requests.actor(request);
    if (!actor.is(Role.ADMIN)) {
      return Future.failedFuture(new DomainException(Failures.FORBIDDEN, "only an admin may assign complaints"));
    }
    long id = Requests.requiredLong(request, "id");
    long porterId = Requests.requiredLong(request, "porter_id");
    String note = Requests.optionalString(request, "note");
    return pool.withTransaction(tx -> lockForUpdate(tx, id, actor)
      .compose(current -> requirePorter(tx, porterId).map(porter -> current))
      .compose(current -> {
        Long previous = current.getLong("assignee_id");
        return tx.preparedQuery(ComplaintSql.UPDATE_ASSIGNEE).execute(Tuple.of(id, porterId))
          .compose(done -> tx.preparedQuery(ComplaintSql.INSERT_HISTORY).execute(Tuple.of(id, actor.userId(), "assigned",
            previous == null ? null : String.valueOf(previous), String.valueOf(porterId), note)))
          .compose(done -> load(tx, id))
          .compose(complaint -> withPublications(tx, Addresses.EVENT_COMPLAINT_ASSIGNED,
            event("complaint.assigned", complaint, actor)
              .put("old_assignee_id", previous).put("new_assignee_id", porterId).put("note", note), complaint));
      }));
  }

  private Future<Outcome> withPublications(SqlConnection tx, String address, JsonObject event, JsonObject reply) {
    return routing.route(tx, address, event).map(notifications -> {
      List<Publication> publications = new ArrayList<>();
      publications.add(Publication.of(address, event));
      publications.addAll(notifications);
      return Outcome.of(reply, publications);
    });
  }

  private Future<JsonObject> lockForUpdate(SqlConnection tx, long id, Identity actor) {
    return tx.preparedQuery(ComplaintSql.LOCK).execute(Tuple.of(id)).map(rows -> {
      if (!rows.iterator().hasNext()) {
        throw DomainException.notFound("complaint " + id);
      }
      Row row = rows.iterator().next();
      JsonObject current = new JsonObject().put("status", row.getString("status"))
        .put("reporter_id", row.getLong("reporter_id")).put("assignee_id", row.getLong("assignee_id"));
      return visibleTo(current, actor);
    });
  }

  private Future<Void> requirePorter(SqlConnection tx, long porterId) {
    return tx.preparedQuery(ComplaintSql.USER_ROLE).execute(Tuple.of(porterId)).map(rows -> {
      if (!rows.iterator().hasNext() || !Role.PORTER.wire().equals(rows.iterator().next().getString("role"))) {
        throw new DomainException(Failures.UNPROCESSABLE, "porter_id " + porterId + " is not an active porter");
      }
      return null;
    });
  }

  private static Future<JsonObject> load(SqlConnection conn, long id) {
    return conn.preparedQuery(ComplaintSql.BY_ID).execute(Tuple.of(id)).map(rows -> {
      if (!rows.iterator().hasNext()) {
        throw DomainException.notFound("complaint " + id);
      }
      return toJson(rows.iterator().next());
    });
  }

  /** Students see only their own complaints; for anyone else's the answer is the same as for a missing one. */
  private static JsonObject visibleTo(JsonObject complaint, Identity actor) {
    if (actor.is(Role.STUDENT) && complaint.getLong("reporter_id") != actor.userId()) {
      throw DomainException.notFound("complaint");
    }
    return complaint;
  }

  private static boolean mayChangeStatus(Identity actor, JsonObject complaint) {
    return actor.is(Role.ADMIN)
      || actor.is(Role.PORTER) && Long.valueOf(actor.userId()).equals(complaint.getLong("assignee_id"));
  }

  private static JsonObject event(String type, JsonObject complaint, Identity actor) {
    return new JsonObject().put("type", type).put("complaint", complaint)
      .put("actor_id", actor.userId()).put("actor_role", actor.role().wire())
      .put("occurred_at", Instant.now().toString());
  }

  private static String sourceOf(JsonObject request) {
    String source = Requests.optionalString(request, "source");
    return source == null ? "api" : source;
  }

  /** Seconds per severity, low to critical, when only overdue complaints are asked for. */
  private static Long[] overdueAfter(JsonObject request) {
    JsonArray seconds = request.getJsonArray("overdue_after_seconds");
    if (seconds == null) {
      return null;
    }
    if (seconds.size() != 4) {
      throw DomainException.badRequest("field overdue_after_seconds must hold 4 numbers, low to critical");
    }
    Long[] values = new Long[4];
    for (int i = 0; i < values.length; i++) {
      values[i] = seconds.getLong(i);
    }
    return values;
  }

  private static JsonObject page(RowSet<Row> rows, int limit) {
    JsonArray items = new JsonArray();
    for (Row row : rows) {
      if (items.size() == limit) {
        break;
      }
      items.add(toJson(row));
    }
    boolean more = rows.rowCount() > limit;
    Long nextCursor = more ? items.getJsonObject(items.size() - 1).getLong("id") : null;
    return new JsonObject().put("items", items).put("next_cursor", nextCursor == null ? null : String.valueOf(nextCursor));
  }

  private static JsonArray history(RowSet<Row> rows) {
    JsonArray items = new JsonArray();
    rows.forEach(row -> items.add(new JsonObject()
      .put("id", row.getLong("id"))
      .put("action", row.getString("action"))
      .put("actor_id", row.getLong("actor_id"))
      .put("actor_name", row.getString("actor_name"))
      .put("old_value", row.getString("old_value"))
      .put("new_value", row.getString("new_value"))
      .put("note", row.getString("note"))
      .put("old_name", row.getString("old_name"))
      .put("new_name", row.getString("new_name"))
      .put("created_at", Rows.time(row, "created_at"))));
    return items;
  }

  static JsonObject toJson(Row row) {
    return new JsonObject()
      .put("id", row.getLong("id"))
      .put("description", row.getString("description"))
      .put("category", row.getString("category"))
      .put("hostel", row.getString("hostel"))
      .put("room", row.getString("room"))
      .put("severity", row.getString("severity"))
      .put("status", row.getString("status"))
      .put("source", row.getString("source"))
      .put("reporter_id", row.getLong("reporter_id"))
      .put("reporter_name", row.getString("reporter_name"))
      .put("assignee_id", row.getLong("assignee_id"))
      .put("assignee_name", row.getString("assignee_name"))
      .put("created_at", Rows.time(row, "created_at"))
      .put("updated_at", Rows.time(row, "updated_at"));
  }
}
