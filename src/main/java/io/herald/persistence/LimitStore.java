package io.herald.persistence;

import io.herald.bus.Addresses;
import io.herald.bus.DomainException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Request counters in the database, so that a limit holds however many nodes share the load: fixed windows per
 * bucket (one UPSERT per check) and the failed-login count per username with the lock it earned. Every node purges
 * expired rows each minute; the deletes are idempotent, so nodes need not agree on who does it.
 */
public final class LimitStore {

  static final long PURGE_INTERVAL_MS = 60_000;
  private static final Logger LOG = LoggerFactory.getLogger(LimitStore.class);
  private static final String MILLIS = " * interval '1 millisecond'";
  private static final String TAKE = "WITH taken AS ("
    + "INSERT INTO rate_limits AS r (bucket, hits, window_ends) "
    + "SELECT key, 1, now() + window_ms" + MILLIS + " FROM unnest($1::text[], $2::bigint[]) AS b(key, window_ms) "
    + "ON CONFLICT (bucket) DO UPDATE SET "
    + "hits = CASE WHEN r.window_ends <= now() THEN 1 ELSE r.hits + 1 END, "
    + "window_ends = CASE WHEN r.window_ends <= now() THEN EXCLUDED.window_ends ELSE r.window_ends END "
    + "RETURNING bucket, hits, window_ends) "
    + "SELECT bucket, hits, " + remainingMillis("window_ends") + " AS remaining_ms FROM taken "
    + "UNION ALL SELECT NULL, NULL, " + remainingMillis("locked_until")
    + " FROM login_failures WHERE username = $3 AND locked_until > now()";
  /** The failures in a row after this one: a count whose forget time has passed starts again. */
  private static final String FAILURES = "(CASE WHEN f.forget_at <= now() THEN 1 ELSE f.failures + 1 END)";
  private static final String FAIL = "INSERT INTO login_failures AS f (username, failures, locked_until, forget_at) "
    + "VALUES ($1, 1, " + lockUntil("1") + ", now() + $5::bigint" + MILLIS + ") "
    + "ON CONFLICT (username) DO UPDATE SET failures = " + FAILURES + ", "
    + "locked_until = " + lockUntil(FAILURES) + ", forget_at = EXCLUDED.forget_at "
    + "RETURNING failures, " + remainingMillis("locked_until") + " AS locked_ms";
  /** Several hits per bucket at once: {@code hits} is then the count after all of them. */
  private static final String TAKE_COUNTED = "INSERT INTO rate_limits AS r (bucket, hits, window_ends) "
    + "SELECT key, n, now() + window_ms" + MILLIS + " FROM unnest($1::text[], $2::int[], $3::bigint[]) AS b(key, n, window_ms) "
    + "ON CONFLICT (bucket) DO UPDATE SET "
    + "hits = CASE WHEN r.window_ends <= now() THEN EXCLUDED.hits ELSE r.hits + EXCLUDED.hits END, "
    + "window_ends = CASE WHEN r.window_ends <= now() THEN EXCLUDED.window_ends ELSE r.window_ends END "
    + "RETURNING bucket, hits, " + remainingMillis("window_ends") + " AS remaining_ms";
  private static final String SUCCEED = "DELETE FROM login_failures WHERE username = $1";
  private static final String PURGE_WINDOWS = "DELETE FROM rate_limits WHERE window_ends < now()";
  private static final String PURGE_FAILURES = "DELETE FROM login_failures WHERE forget_at < now()";

  private final Vertx vertx;
  private final Pool pool;

  LimitStore(Vertx vertx, Pool pool) {
    this.vertx = vertx;
    this.pool = pool;
  }

  void bind(BusBinder binder) {
    binder.answer(Addresses.LIMITS_TAKE, this::take);
    binder.answer(Addresses.LIMITS_LOGIN_FAILED, this::loginFailed);
    binder.answer(Addresses.LIMITS_LOGIN_SUCCEEDED, this::loginSucceeded);
  }

  void schedulePurge() {
    vertx.setPeriodic(PURGE_INTERVAL_MS, tick -> pool.query(PURGE_WINDOWS).execute()
      .compose(windows -> pool.query(PURGE_FAILURES).execute())
      .onFailure(failure -> LOG.warn("Purging expired rate-limit rows failed: {}", failure.toString())));
  }

  /**
   * {@code {buckets: [{key, limit, window_ms}], locked_username?}} -> {@code {allowed, retry_after_ms}}: one hit on
   * every bucket; refused when a bucket is over its limit or the username is locked, and then
   * {@code retry_after_ms} says when the last of those ends.
   */
  private Future<JsonObject> take(JsonObject request) {
    return take(pool, request);
  }

  /** The same count for another store of this package (the bot's per-chat complaint quota). */
  public static Future<JsonObject> take(SqlClient client, JsonObject request) {
    Buckets buckets = Buckets.of(request.getJsonArray("buckets"));
    Tuple params = Tuple.of(buckets.keys(), buckets.windows(), Requests.optionalString(request, "locked_username"));
    return client.preparedQuery(TAKE).execute(params).map(rows -> {
      long retryAfter = 0;
      for (Row row : rows) {
        boolean over = row.getString("bucket") == null || row.getInteger("hits") > buckets.limit(row.getString("bucket"));
        if (over) {
          retryAfter = Math.max(retryAfter, Math.max(1, row.getLong("remaining_ms")));
        }
      }
      return new JsonObject().put("allowed", retryAfter == 0).put("retry_after_ms", retryAfter);
    });
  }

  /**
   * One hit per given bucket (null: not counted), counted together in one statement: what the same number of
   * single takes in this order would have answered, as the milliseconds to wait for each (0 when allowed).
   */
  static Future<List<Long>> takeEach(SqlClient client, List<Bucket> buckets) {
    Map<String, Integer> hits = new LinkedHashMap<>();
    Map<String, Long> windows = new LinkedHashMap<>();
    for (Bucket bucket : buckets) {
      if (bucket != null) {
        hits.merge(bucket.key(), 1, Integer::sum);
        windows.putIfAbsent(bucket.key(), bucket.windowMillis());
      }
    }
    if (hits.isEmpty()) {
      return Future.succeededFuture(buckets.stream().map(bucket -> 0L).toList());
    }
    Tuple params = Tuple.of(hits.keySet().toArray(String[]::new), hits.values().toArray(Integer[]::new),
      windows.values().toArray(Long[]::new));
    return client.preparedQuery(TAKE_COUNTED).execute(params).map(rows -> {
      Map<String, long[]> counted = new HashMap<>();
      for (Row row : rows) {
        String key = row.getString("bucket");
        counted.put(key, new long[] {row.getLong("hits") - hits.get(key), Math.max(1, row.getLong("remaining_ms"))});
      }
      List<Long> waits = new ArrayList<>(buckets.size());
      for (Bucket bucket : buckets) {
        long[] count = bucket == null ? null : counted.get(bucket.key());
        if (count == null) {
          waits.add(0L);
        } else {
          count[0]++;
          waits.add(count[0] > bucket.limit() ? count[1] : 0L);
        }
      }
      return waits;
    });
  }

  /** {@code {username, lock_after, lock_ms, lock_max_ms, forget_ms}} -> {@code {failures, locked_ms}} (0 when not locked). */
  private Future<JsonObject> loginFailed(JsonObject request) {
    Tuple params = Tuple.of(Requests.requiredString(request, "username"), positive(request, "lock_after"),
      positive(request, "lock_ms"), positive(request, "lock_max_ms"), positive(request, "forget_ms"));
    return pool.preparedQuery(FAIL).execute(params).map(rows -> {
      Row row = rows.iterator().next();
      Long locked = row.getLong("locked_ms");
      return new JsonObject().put("failures", row.getInteger("failures")).put("locked_ms", locked == null ? 0 : locked);
    });
  }

  /** {@code {username}} -> {@code {ok}}: a correct password clears the failures in a row. */
  private Future<JsonObject> loginSucceeded(JsonObject request) {
    return pool.preparedQuery(SUCCEED).execute(Tuple.of(Requests.requiredString(request, "username")))
      .map(rows -> new JsonObject().put("ok", true));
  }

  /** Locked once the failures reach {@code lock_after}; each further failure doubles the lock, up to {@code lock_max_ms}. */
  private static String lockUntil(String failures) {
    return "CASE WHEN " + failures + " >= $2::bigint THEN now() + least($4::bigint, $3::bigint * power(2, least(" + failures
      + " - $2::bigint, 30))::bigint)" + MILLIS + " END";
  }

  private static String remainingMillis(String column) {
    return "ceil(extract(epoch FROM " + column + " - now()) * 1000)::bigint";
  }

  private static long positive(JsonObject request, String field) {
    long value = Requests.requiredLong(request, field);
    if (value < 1) {
      throw DomainException.badRequest("field " + field + " must be positive");
    }
    return value;
  }

  /** A request counter: at most {@code limit} hits per window of {@code windowMillis}. */
  record Bucket(String key, long limit, long windowMillis) {

    /** {@code {key, limit, window_ms}}, or null when not given. */
    static Bucket from(JsonObject bucket) {
      return bucket == null ? null
        : new Bucket(Requests.requiredString(bucket, "key"), positive(bucket, "limit"), positive(bucket, "window_ms"));
    }
  }

  /** The buckets of one take, each key once. */
  private record Buckets(String[] keys, Long[] windows, JsonArray source) {

    static Buckets of(JsonArray buckets) {
      if (buckets == null || buckets.isEmpty()) {
        throw DomainException.badRequest("missing field: buckets");
      }
      String[] keys = new String[buckets.size()];
      Long[] windows = new Long[buckets.size()];
      Set<String> seen = new HashSet<>();
      for (int i = 0; i < buckets.size(); i++) {
        JsonObject bucket = buckets.getJsonObject(i);
        keys[i] = Requests.requiredString(bucket, "key");
        windows[i] = positive(bucket, "window_ms");
        positive(bucket, "limit");
        if (!seen.add(keys[i])) {
          throw DomainException.badRequest("bucket " + keys[i] + " given twice");
        }
      }
      return new Buckets(keys, windows, buckets);
    }

    long limit(String key) {
      for (int i = 0; i < keys.length; i++) {
        if (keys[i].equals(key)) {
          return source.getJsonObject(i).getLong("limit");
        }
      }
      throw new IllegalStateException("no bucket " + key);
    }
  }
}
