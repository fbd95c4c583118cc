package io.herald.persistence;

import io.herald.auth.Identity;
import io.herald.auth.Role;
import io.herald.bus.Addresses;
import io.herald.notify.Preferences;
import io.herald.notify.Preferences.Digest;
import io.herald.notify.Preferences.QuietHours;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.time.LocalTime;

/** Each user's notification preferences; a user who never saved any gets {@link Preferences#defaults()}. */
public final class PreferenceStore {

  private final Pool pool;

  PreferenceStore(Pool pool) {
    this.pool = pool;
  }

  void bind(BusBinder binder) {
    binder.answer(Addresses.PREFERENCES_GET, this::get);
    binder.answer(Addresses.PREFERENCES_PUT, this::put);
  }

  /** {@code {actor, user_id?}}: an admin or service actor (e.g. the Telegram side) may name any user by {@code user_id}. */
  private Future<JsonObject> get(JsonObject request) {
    Identity actor = Requests.actor(request);
    Long userId = Requests.optionalLong(request, "user_id");
    long subject = userId != null && (actor.is(Role.ADMIN) || actor.is(Role.SERVICE)) ? userId : actor.userId();
    return load(pool, subject);
  }

  /** The user's preferences as JSON, the defaults when none are saved; also read inside a complaint's transaction. */
  public static Future<JsonObject> load(SqlClient client, long userId) {
    return client.preparedQuery(NotificationSql.PREFERENCES).execute(Tuple.of(userId))
      .map(rows -> rows.iterator().hasNext() ? fromRow(rows.iterator().next()) : Preferences.defaults())
      .map(Preferences::toJson);
  }

  private Future<JsonObject> put(JsonObject request) {
    Identity actor = Requests.actor(request);
    Preferences preferences = Preferences.fromJson(request);
    QuietHours quiet = preferences.quietHours();
    Digest digest = preferences.digest();
    Tuple params = Tuple.of(actor.userId(), preferences.channels(),
        quiet == null ? null : quiet.start(), quiet == null ? null : quiet.end(), quiet == null ? null : quiet.zone().getId())
      .addValue(digest.enabled()).addValue(digest.channel()).addValue(digest.hour());
    return pool.preparedQuery(NotificationSql.SAVE_PREFERENCES).execute(params).map(saved -> preferences.toJson());
  }

  private static Preferences fromRow(Row row) {
    JsonObject json = new JsonObject().put(Preferences.TYPES, row.getJsonObject("channels"))
      .put(Preferences.DIGEST, new Digest(row.getBoolean("digest_enabled"), row.getString("digest_channel"),
        row.getInteger("digest_hour")).toJson());
    LocalTime start = row.getLocalTime("quiet_start");
    if (start != null) {
      json.put(Preferences.QUIET_HOURS, new JsonObject().put("start", start.toString())
        .put("end", row.getLocalTime("quiet_end").toString()).put("zone", row.getString("quiet_zone")));
    }
    return Preferences.fromJson(json);
  }
}
