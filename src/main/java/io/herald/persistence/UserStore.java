package io.herald.persistence;

import io.herald.bus.Addresses;
import io.herald.bus.DomainException;
import io.herald.bus.Failures;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;

import java.util.List;

/** Users and their credentials. Password hashes never leave this store except on the credentials address. */
final class UserStore {

  private static final String COLUMNS = "id, username, display_name, role, disabled, created_at, "
    + "email, email_verified_at IS NOT NULL AS email_verified, locale, time_zone";
  private static final String INSERT = "INSERT INTO users (username, display_name, password_hash, role) "
    + "VALUES ($1, $2, $3, $4) RETURNING " + COLUMNS;
  private static final String INSERT_ADMIN_IF_NONE = "INSERT INTO users (username, display_name, password_hash, role) "
    + "SELECT $1, 'Administrator', $2, 'admin' WHERE NOT EXISTS (SELECT 1 FROM users WHERE lower(username) = lower($1)) "
    + "RETURNING " + COLUMNS;
  private static final String LIST = "SELECT " + COLUMNS + " FROM users WHERE ($1::text IS NULL OR role = $1) "
    + "AND ($2::boolean IS NULL OR disabled = $2) "
    + "AND ($3::text IS NULL OR username ILIKE $3 OR display_name ILIKE $3) "
    + "AND ($4::bigint IS NULL OR id > $4) ORDER BY id LIMIT $5";
  private static final int DEFAULT_PAGE = 1000;
  private static final int MAX_PAGE = 1000;
  private static final String BY_ID = "SELECT " + COLUMNS + " FROM users WHERE id = $1";
  private static final String UPDATE = "UPDATE users SET disabled = COALESCE($2, disabled), role = COALESCE($3, role), "
    + "password_hash = COALESCE($4, password_hash) WHERE id = $1 RETURNING " + COLUMNS;
  private static final String CREDENTIALS = "SELECT " + COLUMNS + ", password_hash FROM users WHERE lower(username) = lower($1)";

  private final Pool pool;

  UserStore(Pool pool) {
    this.pool = pool;
  }

  void bind(BusBinder binder) {
    binder.answer(Addresses.USERS_CREATE, this::create);
    binder.answer(Addresses.USERS_LIST, this::list);
    binder.answer(Addresses.USERS_GET, this::get);
    binder.answer(Addresses.USERS_CREDENTIALS, this::credentials);
    binder.answer(Addresses.USERS_ENSURE_ADMIN, this::ensureAdmin);
    binder.answer(Addresses.USERS_UPDATE, this::update);
  }

  private Future<JsonObject> create(JsonObject request) {
    Tuple params = Tuple.of(Requests.requiredString(request, "username"), Requests.optionalString(request, "display_name"),
      Requests.requiredString(request, "password_hash"), Requests.requiredString(request, "role"));
    return pool.preparedQuery(INSERT).execute(params)
      .map(rows -> toJson(rows.iterator().next()))
      .recover(failure -> Future.failedFuture(SqlFailures.isUniqueViolation(failure)
        ? new DomainException(Failures.CONFLICT, "username already taken") : failure));
  }

  private Future<JsonObject> list(JsonObject request) {
    int limit = Requests.limit(request, DEFAULT_PAGE, MAX_PAGE);
    String status = Requests.optionalString(request, "status");
    Tuple params = Tuple.tuple()
      .addValue(Requests.optionalString(request, "role"))
      .addValue(status == null ? null : "disabled".equals(status))
      .addValue(Requests.likePattern(Requests.optionalString(request, "q")))
      .addValue(Requests.optionalLong(request, "cursor"))
      .addValue(limit + 1);
    return pool.preparedQuery(LIST).execute(params).map(rows -> page(rows, limit));
  }

  private Future<JsonObject> get(JsonObject request) {
    return pool.preparedQuery(BY_ID).execute(Tuple.of(Requests.requiredLong(request, "id")))
      .map(rows -> single(rows, "user"));
  }

  /** Disables/enables a user or changes their role; publishes {@code events.user.changed} after the commit. */
  private Future<Outcome> update(JsonObject request) {
    UserChange change = UserChange.from(request);
    return pool.preparedQuery(UPDATE).execute(change.params())
      .map(rows -> {
        JsonObject user = single(rows, "user");
        return Outcome.of(user, List.of(Publication.of(Addresses.EVENT_USER_CHANGED, UserChange.event(user))));
      });
  }

  private Future<JsonObject> credentials(JsonObject request) {
    return pool.preparedQuery(CREDENTIALS).execute(Tuple.of(Requests.requiredString(request, "username")))
      .map(rows -> {
        Row row = rows.iterator().hasNext() ? rows.iterator().next() : null;
        if (row == null) {
          throw DomainException.notFound("user");
        }
        return toJson(row).put("password_hash", row.getString("password_hash"));
      });
  }

  private Future<JsonObject> ensureAdmin(JsonObject request) {
    Tuple params = Tuple.of(Requests.requiredString(request, "username"), Requests.requiredString(request, "password_hash"));
    return pool.preparedQuery(INSERT_ADMIN_IF_NONE).execute(params)
      .map(rows -> new JsonObject().put("created", rows.rowCount() == 1));
  }

  private static JsonObject single(RowSet<Row> rows, String what) {
    if (!rows.iterator().hasNext()) {
      throw DomainException.notFound(what);
    }
    return toJson(rows.iterator().next());
  }

  private static JsonObject page(RowSet<Row> rows, int limit) {
    JsonArray items = new JsonArray();
    for (Row row : rows) {
      if (items.size() == limit) {
        break;
      }
      items.add(toJson(row));
    }
    String next = rows.rowCount() > limit ? String.valueOf(items.getJsonObject(limit - 1).getLong("id")) : null;
    return new JsonObject().put("items", items).put("next_cursor", next);
  }

  static JsonObject toJson(Row row) {
    return new JsonObject()
      .put("id", row.getLong("id"))
      .put("username", row.getString("username"))
      .put("display_name", row.getString("display_name"))
      .put("role", row.getString("role"))
      .put("disabled", row.getBoolean("disabled"))
      .put("created_at", Rows.time(row, "created_at"))
      .put("email", row.getString("email"))
      .put("email_verified", row.getBoolean("email_verified"))
      .put("locale", row.getString("locale"))
      .put("time_zone", row.getString("time_zone"));
  }
}
