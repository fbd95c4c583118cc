package io.herald.persistence;

import io.herald.metrics.NotificationMeters;
import io.herald.notify.ComplaintRouting;
import io.herald.notify.Draft;
import io.herald.notify.Envelopes;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.List;

/**
 * Writes notifications for a draft in one set-based INSERT ... SELECT (preferences honoured, disabled users
 * and the excluded actor skipped, one row per recipient, each in the recipient's language), and routes complaint
 * events inside their transaction.
 */
final class NotificationWriter implements NotificationRouting {

  private final NotificationMeters meters = new NotificationMeters();
  private final ComplaintRouting complaints = new ComplaintRouting();

  @Override
  public Future<List<Publication>> route(SqlConnection transaction, String eventAddress, JsonObject event) {
    return complaints.draftFor(eventAddress, event)
      .map(draft -> insert(transaction, draft).map(rows -> {
        meters.created(draft.type(), NotificationMeters.COMPLAINT_EVENT, rows.size());
        return publications(rows);
      }))
      .orElseGet(() -> Future.succeededFuture(List.of()));
  }

  /** Inside the caller's transaction, which holds the ordered-ids lock from here to its commit. */
  static Future<List<JsonObject>> insert(SqlClient client, Draft draft) {
    Tuple params = Tuple.of(draft.type(), draft.title(), draft.message(), draft.data(), draft.link())
      .addValue(draft.excludedUserId())
      .addArrayOfLong(draft.userIds().toArray(Long[]::new))
      .addArrayOfString(draft.roles().toArray(String[]::new))
      .addValue(draft.translations());
    return client.query(NotificationSql.ORDERED_IDS_LOCK).execute()
      .compose(locked -> client.preparedQuery(NotificationSql.INSERT_FOR_RECIPIENTS).execute(params)).map(rows -> {
      List<JsonObject> created = new ArrayList<>(rows.rowCount());
      rows.forEach(row -> created.add(toJson(row).put("previous_id", row.getLong("previous_id"))));
      return created;
    });
  }

  static List<Publication> publications(List<JsonObject> notifications) {
    return notifications.stream()
      .map(row -> Publication.toUser(row.getLong("user_id"), Envelopes.notification(row)))
      .toList();
  }

  static JsonObject toJson(Row row) {
    return new JsonObject()
      .put("id", row.getLong("id"))
      .put("user_id", row.getLong("user_id"))
      .put("type", row.getString("type"))
      .put("title", row.getString("title"))
      .put("message", row.getString("message"))
      .put("data", row.getJsonObject("data"))
      .put("link", row.getString("link"))
      .put("created_at", Rows.time(row, "created_at"))
      .put("read_at", Rows.time(row, "read_at"));
  }
}
