package io.herald.persistence;

import io.herald.metrics.NotificationMeters;
import io.herald.notify.ComplaintRouting;
import io.herald.notify.Draft;
import io.herald.notify.Envelopes;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
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

  /** Takes the ordered-ids lock, held by the caller's transaction from here to its commit, and writes one draft. */
  static Future<List<JsonObject>> insert(SqlClient client, Draft draft) {
    return client.query(NotificationSql.ORDERED_IDS_LOCK).execute()
      .compose(locked -> insertAll(client, List.of(draft)))
      .map(rows -> rows.get(0));
  }

  /**
   * Writes several drafts in one statement, in their order; the caller's transaction holds the ordered-ids lock.
   * Answers the rows of each draft, in the drafts' order, each with its {@code previous_id}.
   */
  static Future<List<List<JsonObject>>> insertAll(SqlClient client, List<Draft> drafts) {
    JsonArray json = new JsonArray(new ArrayList<>(drafts.size()));
    drafts.forEach(draft -> json.add(parameter(draft)));
    return insert(client, drafts, json);
  }

  /**
   * Writes one draft for those of its recipients whose user id is above {@code afterUserId} and at most
   * {@code throughUserId} (one slice of a broadcast); the caller's transaction holds the ordered-ids lock.
   */
  static Future<List<JsonObject>> insertSlice(SqlClient client, Draft draft, long afterUserId, long throughUserId) {
    JsonObject slice = parameter(draft).put("after_user_id", afterUserId).put("through_user_id", throughUserId);
    return insert(client, List.of(draft), new JsonArray().add(slice)).map(rows -> rows.get(0));
  }

  private static Future<List<List<JsonObject>>> insert(SqlClient client, List<Draft> drafts, JsonArray json) {
    return client.preparedQuery(NotificationSql.INSERT_DRAFTS).execute(Tuple.of(json)).map(rows -> {
      List<List<JsonObject>> created = new ArrayList<>(drafts.size());
      drafts.forEach(draft -> created.add(new ArrayList<>()));
      for (Row row : rows) {
        int ord = row.getInteger("ord");
        created.get(ord).add(written(drafts.get(ord), row));
      }
      return created;
    });
  }

  /**
   * A row as {@link #toJson(Row)} would read it back, from the draft and what the insert returned. Every recipient's
   * row holds the draft's own {@code data}, not a copy of it (a broadcast writes thousands of rows): no one changes a
   * row's data once it is written.
   */
  private static JsonObject written(Draft draft, Row row) {
    JsonObject text = draft.translations() == null ? null : draft.translations().getJsonObject(row.getString("locale"));
    String title = text == null ? null : text.getString("title");
    String message = text == null ? null : text.getString("message");
    return new JsonObject()
      .put("id", row.getLong("id"))
      .put("user_id", row.getLong("user_id"))
      .put("type", draft.type())
      .put("title", title == null ? draft.title() : title)
      .put("message", message == null ? draft.message() : message)
      .put("data", draft.data())
      .put("link", draft.link())
      .put("created_at", Rows.time(row, "created_at"))
      .putNull("read_at")
      .put("previous_id", row.getLong("previous_id"));
  }

  /** A draft as {@link NotificationSql#INSERT_DRAFTS} reads it. */
  static JsonObject parameter(Draft draft) {
    return new JsonObject()
      .put("type", draft.type())
      .put("title", draft.title())
      .put("message", draft.message())
      .put("translations", draft.translations())
      .put("data", draft.data())
      .put("link", draft.link())
      .put("excluded", draft.excludedUserId())
      .put("user_ids", new JsonArray(new ArrayList<>(draft.userIds())))
      .put("roles", new JsonArray(new ArrayList<>(draft.roles())));
  }

  /** The draft that {@link #parameter(Draft)} was made from. */
  static Draft draft(JsonObject parameter) {
    List<Long> userIds = new ArrayList<>();
    parameter.getJsonArray("user_ids").forEach(id -> userIds.add(((Number) id).longValue()));
    List<String> roles = new ArrayList<>();
    parameter.getJsonArray("roles").forEach(role -> roles.add((String) role));
    return new Draft(parameter.getString("type"), parameter.getString("title"), parameter.getString("message"),
      parameter.getJsonObject("translations"), parameter.getJsonObject("data"), parameter.getString("link"),
      userIds, roles, parameter.getLong("excluded"));
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
