package io.herald.persistence;

import io.herald.Herald;
import io.herald.bus.Addresses;
import io.herald.support.Await;
import io.herald.support.TestDatabase;
import io.herald.support.TestNode;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Benchmark, not a test (run with {@code bench/notifications.sh}): broadcasts to 100k users until the table holds
 * over 1M rows, adds one heavy user with 200k rows, then times the inbox queries over the event bus and prints
 * their generic-plan EXPLAIN ANALYZE (the plan a long-lived prepared statement ends up with).
 */
public final class NotificationBench {

  private static final int USERS = 100_000;
  private static final int BROADCASTS = 10;
  private static final int HEAVY_ROWS = 200_000;
  private static final int ROUNDS = 300;

  private NotificationBench() {
  }

  public static void main(String[] args) {
    Vertx vertx = Vertx.vertx();
    Herald node = TestNode.start(vertx);
    Pool sql = PgBuilder.pool().connectingTo(TestDatabase.settings().connectOptions()).using(vertx).build();
    try {
      run(vertx, sql);
    } finally {
      Await.await(sql.close());
      Await.await(node.stop(), 60);
      Await.await(vertx.close());
    }
  }

  private static void run(Vertx vertx, Pool sql) {
    long adminId = scalar(sql, "SELECT id FROM users WHERE username = 'admin'");
    exec(sql, "INSERT INTO users (username, role) SELECT 'bench-' || g, 'student' FROM generate_series(1, " + USERS + ") g");
    JsonObject actor = new JsonObject().put("id", adminId).put("username", "admin").put("role", "admin");
    List<Long> broadcastMillis = new ArrayList<>();
    for (int i = 0; i < BROADCASTS; i++) {
      long start = System.nanoTime();
      JsonObject reply = request(vertx, Addresses.NOTIFICATIONS_BROADCAST, new JsonObject().put("actor", actor)
        .put("roles", new JsonArray().add("student")).put("title", "Bench " + i).put("message", "Broadcast number " + i));
      broadcastMillis.add((System.nanoTime() - start) / 1_000_000);
      System.out.printf("broadcast %d: %d rows in %d ms%n", i, reply.getInteger("count"), broadcastMillis.get(i));
    }
    long heavy = scalar(sql, "SELECT id FROM users WHERE username = 'bench-1'");
    exec(sql, "INSERT INTO notifications (user_id, type, title, message, read_at) SELECT " + heavy
      + ", 'system', 'Heavy ' || g, 'm', CASE WHEN g % 10 = 0 THEN NULL ELSE now() END FROM generate_series(1, " + HEAVY_ROWS + ") g");
    exec(sql, "VACUUM ANALYZE notifications");
    System.out.printf("rows: %d, broadcast of %d recipients: median %d ms, min %d ms, max %d ms%n",
      scalar(sql, "SELECT count(*) FROM notifications"), USERS, median(broadcastMillis),
      Collections.min(broadcastMillis), Collections.max(broadcastMillis));
    JsonObject heavyActor = new JsonObject().put("id", heavy).put("username", "bench-1").put("role", "student");
    JsonObject typicalActor = new JsonObject().put("id", heavy + 500).put("username", "bench-501").put("role", "student");
    for (JsonObject who : List.of(heavyActor, typicalActor)) {
      time(vertx, who, "latest page (20)", Addresses.NOTIFICATIONS_LIST, new JsonObject());
      time(vertx, who, "unread page (20)", Addresses.NOTIFICATIONS_LIST, new JsonObject().put("unread_only", true));
      time(vertx, who, "unread count", Addresses.NOTIFICATIONS_UNREAD_COUNT, new JsonObject());
      time(vertx, who, "replay (500)", Addresses.NOTIFICATIONS_REPLAY, new JsonObject().put("after_id", 0));
    }
    explain(sql, "latest page", NotificationSql.NEWEST_FIRST, heavy + ", NULL, NULL, 21");
    explain(sql, "unread page", NotificationSql.UNREAD_NEWEST_FIRST, heavy + ", NULL, NULL, 21");
    explain(sql, "next latest page", NotificationSql.NEWEST_FIRST, heavy + ", " + (maxId(sql) - 1000) + ", NULL, 21");
    explain(sql, "unread count", NotificationSql.UNREAD_COUNT, String.valueOf(heavy));
  }

  private static void time(Vertx vertx, JsonObject actor, String what, String address, JsonObject body) {
    List<Long> micros = new ArrayList<>();
    for (int i = 0; i < ROUNDS; i++) {
      long start = System.nanoTime();
      request(vertx, address, body.copy().put("actor", actor));
      micros.add((System.nanoTime() - start) / 1_000);
    }
    Collections.sort(micros);
    System.out.printf("%-10s %-18s p50 %6.2f ms  p95 %6.2f ms  p99 %6.2f ms (%d requests, over the event bus)%n",
      actor.getString("username"), what, micros.get(ROUNDS / 2) / 1000.0, micros.get(ROUNDS * 95 / 100) / 1000.0,
      micros.get(ROUNDS * 99 / 100) / 1000.0, ROUNDS);
  }

  private static void explain(Pool sql, String what, String statement, String args) {
    SqlConnection conn = Await.await(sql.getConnection());
    try {
      Await.await(conn.query("SET plan_cache_mode = force_generic_plan").execute());
      Await.await(conn.query("PREPARE bench AS " + statement).execute());
      System.out.println("\n-- " + what + " (generic plan)");
      for (Row row : Await.await(conn.query("EXPLAIN (ANALYZE, BUFFERS) EXECUTE bench(" + args + ")").execute())) {
        System.out.println(row.getString(0));
      }
      Await.await(conn.query("DEALLOCATE bench").execute());
    } finally {
      conn.close();
    }
  }

  private static long maxId(Pool sql) {
    return scalar(sql, "SELECT max(id) FROM notifications");
  }

  private static JsonObject request(Vertx vertx, String address, JsonObject body) {
    return Await.await(vertx.eventBus().<JsonObject>request(address, body,
      new io.vertx.core.eventbus.DeliveryOptions().setSendTimeout(300_000)), 300).body();
  }

  private static void exec(Pool sql, String statement) {
    Await.await(sql.query(statement).execute(), 600);
  }

  private static long scalar(Pool sql, String query) {
    return Await.await(sql.query(query).execute()).iterator().next().getLong(0);
  }

  private static long median(List<Long> values) {
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(sorted.size() / 2);
  }
}
