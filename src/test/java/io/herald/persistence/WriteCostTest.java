package io.herald.persistence;

import io.herald.support.Await;
import io.herald.support.NodeTest;
import io.herald.support.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a targeted write reads: each recipient, their preferences and (in the email trigger) their address by key, so
 * a group of writes costs the same however many users the organisation has. The plan checked is the generic one, the
 * one the producer's connection uses (it plans its statements once): its guess of a hundred rows per JSON array once
 * made it join every user. And the insert stays prepared on its connection, not parsed again for every group, nor
 * planned again on the producer's. Everything runs in a transaction that is rolled back.
 */
class WriteCostTest extends NodeTest {

  private static final int EXTRA_USERS = 2_000;
  private static final int DRAFTS = 10;

  private static Pool pool;

  @BeforeAll
  static void connect() {
    pool = TestDatabase.pool(vertx);
  }

  @AfterAll
  static void disconnect() {
    pool.close();
  }

  @Test
  void aGroupOfTargetedWritesReadsItsRecipientsByKeyWhateverTheNumberOfUsers() {
    String plan = rolledBack(tx -> manyUsers(tx)
      .compose(users -> tx.query("ANALYZE users, notification_preferences").execute())
      .compose(analyzed -> tx.query("SET LOCAL plan_cache_mode = force_generic_plan").execute())
      .compose(set -> tx.query("PREPARE write_cost_drafts(jsonb) AS " + NotificationSql.INSERT_DRAFTS).execute())
      .compose(prepared -> tx.query("EXPLAIN (COSTS OFF) EXECUTE write_cost_drafts('"
        + drafts(List.of(1L)).encode() + "'::jsonb)").execute())
      .map(rows -> {
        List<String> lines = new ArrayList<>();
        rows.forEach(row -> lines.add(row.getString(0)));
        return String.join("\n", lines);
      })
      .compose(text -> tx.query("DEALLOCATE write_cost_drafts").execute().map(text)));

    assertThat(plan).contains("Index Scan using users_pkey on users")
      .contains("Index Scan using notification_preferences_pkey on notification_preferences")
      .doesNotContain("Seq Scan on notification_preferences");
    // the one sequential scan of users left is the roles' join, which a group without roles ends at its first row
    assertThat(plan.lines().filter(line -> line.contains("Seq Scan on users")).count()).isLessThanOrEqualTo(1);
  }

  @Test
  void theInsertAndTheEmailTriggerReadOnlyTheNewRowsUsers() {
    JsonObject read = rolledBack(tx -> manyUsers(tx)
      .compose(users -> tx.preparedQuery(NotificationSql.INSERT_DRAFTS).execute(Tuple.of(drafts(users))))
      .compose(inserted -> tx.query("SELECT relname, seq_tup_read FROM pg_stat_xact_user_tables "
        + "WHERE relname IN ('users', 'notification_preferences')").execute())
      .map(rows -> {
        JsonObject stats = new JsonObject();
        rows.forEach(row -> stats.put(row.getString("relname"), row.getLong("seq_tup_read")));
        return stats;
      }));

    // before: the insert and the email trigger each read every user and every preference row
    assertThat(read.getLong("users")).isLessThanOrEqualTo(1);
    assertThat(read.getLong("notification_preferences")).isZero();
  }

  @Test
  void theInsertStaysPreparedOnItsConnection() {
    Pool persistence = PersistenceVerticle.pool(vertx,
      new JsonObject().put(PersistenceVerticle.CONFIG_DATABASE, TestDatabase.settings().toJson()), 1);
    try {
      // before: the client kept no statement longer than 2,048 characters, so each group sent and parsed it anew
      assertThat(insertThreeTimes(persistence).getLong("kept")).isEqualTo(1);
    } finally {
      persistence.close();
    }
  }

  @Test
  void theProducersInsertIsPlannedOnce() {
    Pool producer = PersistenceVerticle.producerPool(vertx,
      new JsonObject().put(PersistenceVerticle.CONFIG_DATABASE, TestDatabase.settings().toJson()));
    try {
      JsonObject plans = insertThreeTimes(producer);
      // with PostgreSQL left to choose, each of the three executions was planned anew (custom_plans 3)
      assertThat(plans.getLong("custom_plans")).isZero();
      assertThat(plans.getLong("generic_plans")).isEqualTo(3);
    } finally {
      producer.close();
    }
  }

  /**
   * Runs the notifications' insert three times on one connection of the pool (in a transaction rolled back) and
   * answers how that connection holds it: {@code kept} (prepared statements of that SQL), {@code generic_plans} and
   * {@code custom_plans} (how its executions were planned).
   */
  private static JsonObject insertThreeTimes(Pool pool) {
    return Await.await(pool.getConnection().compose(connection -> connection.begin()
      .compose(tx -> {
        Future<?> writes = Future.succeededFuture();
        for (int i = 0; i < 3; i++) {
          writes = writes.compose(previous -> connection.preparedQuery(NotificationSql.INSERT_DRAFTS)
            .execute(Tuple.of(drafts(List.of(Long.MAX_VALUE)))));
        }
        return writes.compose(written -> connection.query("SELECT count(*) AS kept, "
              + "COALESCE(sum(generic_plans), 0)::bigint AS generic_plans, COALESCE(sum(custom_plans), 0)::bigint AS custom_plans "
              + "FROM pg_prepared_statements WHERE statement = '" + NotificationSql.INSERT_DRAFTS.replace("'", "''") + "'")
            .execute())
          .map(rows -> rows.iterator().next().toJson())
          .eventually(tx::rollback);
      })
      .eventually(connection::close)));
  }

  /**
   * Adds users who get nothing, half of them with preferences, so that reading all of them would show (inserted from
   * the statement's own rows: no scan of the tables); returns ten of them.
   */
  private static Future<List<Long>> manyUsers(SqlConnection tx) {
    return tx.query("WITH u AS (INSERT INTO users (username, role) SELECT 'write-cost-' || g || '-' || txid_current(), "
        + "'student' FROM generate_series(1, " + EXTRA_USERS + ") g RETURNING id), "
        + "p AS (INSERT INTO notification_preferences (user_id, channels) SELECT id, '{}'::jsonb FROM u WHERE id % 2 = 0) "
        + "SELECT id FROM u ORDER BY id LIMIT " + DRAFTS).execute()
      .map(rows -> {
        List<Long> ids = new ArrayList<>();
        rows.forEach(row -> ids.add(row.getLong(0)));
        return ids;
      });
  }

  private static JsonArray drafts(List<Long> users) {
    JsonArray drafts = new JsonArray();
    for (int i = 0; i < DRAFTS; i++) {
      drafts.add(new JsonObject().put("type", "system").put("title", "t").put("message", "m " + i)
        .put("data", new JsonObject()).put("user_ids", new JsonArray().add(String.valueOf(users.get(i % users.size())))));
    }
    return drafts;
  }

  /** Runs {@code work} in a transaction that is then rolled back: its users and rows never existed for other tests. */
  private static <T> T rolledBack(Function<SqlConnection, Future<T>> work) {
    return Await.await(pool.getConnection().compose(connection -> connection.begin()
      .compose(tx -> work.apply(connection).eventually(tx::rollback))
      .eventually(connection::close)));
  }
}
