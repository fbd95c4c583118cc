package io.herald.persistence;

import io.herald.bus.Addresses;
import io.herald.support.ApiClient;
import io.herald.support.ApiClient.TestUser;
import io.herald.support.Await;
import io.herald.support.NodeTest;
import io.herald.support.TestSql;
import io.vertx.core.Future;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The inbox addresses the sockets and other verticles use: replay, retention, concurrent idempotency. */
class NotificationBusTest extends NodeTest {

  private static JsonObject adminActor;

  @BeforeAll
  static void identifyAdmin() {
    adminActor = actor(new TestUser(api.get("/api/v1/auth/me", admin).bodyAsJsonObject().getLong("id"), "admin", "admin", admin));
  }

  @Test
  void replayReturnsNewerRowsOldestFirstInPages() {
    TestUser user = api.newUser(admin, "student");
    List<Long> ids = sendMany(user, 5);

    JsonObject first = replay(user, ids.get(0), 2);
    JsonObject second = replay(user, first.getLong("last_id"), 2);
    JsonObject last = replay(user, second.getLong("last_id"), null);

    assertThat(idsOf(first)).containsExactly(ids.get(1), ids.get(2));
    assertThat(first.getBoolean("has_more")).isTrue();
    assertThat(idsOf(second)).containsExactly(ids.get(3), ids.get(4));
    assertThat(idsOf(last)).isEmpty();
    assertThat(last.getLong("last_id")).isEqualTo(ids.get(4));
    assertThat(last.getBoolean("complete")).isTrue();
    assertThat(last.getBoolean("has_more")).isFalse();
  }

  @Test
  void retentionDeletesOnlyOldReadOrDeletedRowsAndMarksReplayIncomplete() {
    TestUser user = api.newUser(admin, "student");
    TestUser bystander = api.newUser(admin, "student");
    List<Long> ids = sendMany(user, 4);
    long oldRead = ids.get(0);
    long oldDeleted = ids.get(1);
    long oldUnread = ids.get(2);
    long freshRead = ids.get(3);
    long bystanderFresh = sendMany(bystander, 1).get(0);
    try (TestSql sql = new TestSql(vertx)) {
      sql.update("UPDATE notifications SET read_at = now() WHERE id = ANY($1)", (Object) new Long[] {oldRead, freshRead, bystanderFresh});
      sql.update("UPDATE notifications SET deleted_at = now() WHERE id = $1", oldDeleted);
      sql.update("UPDATE notifications SET created_at = now() - interval '100 days' WHERE id = ANY($1)",
        (Object) new Long[] {oldRead, oldDeleted, oldUnread});

      JsonObject run = request(Addresses.NOTIFICATIONS_RETENTION_RUN, new JsonObject().put("days", 90));

      assertThat(run.getBoolean("ran")).isTrue();
      assertThat(run.getLong("deleted")).isGreaterThanOrEqualTo(2);
      assertThat(sql.count("SELECT count(*) FROM notifications WHERE id = ANY($1)", (Object) new Long[] {oldRead, oldDeleted}))
        .isZero();
      assertThat(sql.count("SELECT count(*) FROM notifications WHERE id = ANY($1)", (Object) new Long[] {oldUnread, freshRead, bystanderFresh}))
        .isEqualTo(3);
    }
    JsonObject fromStart = replay(user, 0, null);
    JsonObject afterPurged = replay(user, oldRead, null);

    assertThat(fromStart.getBoolean("complete")).isFalse();
    assertThat(idsOf(fromStart)).containsExactly(oldUnread, freshRead);
    assertThat(afterPurged.getBoolean("complete")).as("only an already deleted row was purged above it").isTrue();
    assertThat(replay(bystander, 0, null).getBoolean("complete")).isTrue();
  }


  @Test
  void retentionForgetsOldIdempotencyKeysButNotOneWhoseBroadcastIsBeingWritten() {
    try (TestSql sql = new TestSql(vertx)) {
      String tag = "keys " + System.nanoTime();
      List<Long> keys = sql.longs("INSERT INTO notification_requests (producer_id, idempotency_key, result, created_at) "
        + "SELECT id, $1 || k, '{\"count\": 1}', now() - (k || ' days')::interval FROM users, unnest(ARRAY[1, 3]) k "
        + "WHERE username = 'admin' ORDER BY k RETURNING id", tag);
      long writing = sql.longs("INSERT INTO notification_requests (producer_id, idempotency_key, created_at) "
        + "SELECT id, $1, now() - interval '3 days' FROM users WHERE username = 'admin' RETURNING id", tag + " writing").get(0);
      sql.update("INSERT INTO broadcasts (draft, last_user_id, leased_until, request_id) "
        + "VALUES ('{}', 0, now() + interval '1 hour', $1)", writing);
      try {
        JsonObject run = request(Addresses.NOTIFICATIONS_RETENTION_RUN, new JsonObject().put("key_days", 2));

        assertThat(run.getBoolean("ran")).isTrue();
        assertThat(run.getLong("keys_deleted")).isGreaterThanOrEqualTo(1);
        assertThat(sql.longs("SELECT id FROM notification_requests WHERE idempotency_key LIKE $1 || '%' ORDER BY id", tag))
          .as("the one-day-old key, and the three-day-old one of a broadcast being written")
          .containsExactly(keys.get(0), writing);
      } finally {
        sql.update("DELETE FROM broadcasts WHERE request_id = $1", writing);
      }
    }
  }
  @Test
  void concurrentDuplicatesWithOneIdempotencyKeyCreateOnce() {
    TestUser user = api.newUser(admin, "student");
    JsonObject body = new JsonObject().put("actor", adminActor).put("user_ids", new JsonArray().add(user.id()))
      .put("title", "once").put("message", "only once").put("idempotency_key", "concurrent-" + user.username());

    List<Future<JsonObject>> replies = IntStream.range(0, 8)
      .mapToObj(i -> vertx.eventBus().<JsonObject>request(Addresses.NOTIFICATIONS_CREATE, body.copy()).map(reply -> reply.body()))
      .toList();
    Await.await(Future.all(replies));

    assertThat(replies).allSatisfy(reply -> assertThat(reply.result().getInteger("count")).isEqualTo(1));
    assertThat(replies.stream().filter(reply -> !reply.result().getBoolean("duplicate")).count()).isEqualTo(1);
    assertThat(api.get("/api/v1/notifications/unread-count", user.token()).bodyAsJsonObject().getLong("count")).isEqualTo(1);
  }

  @Test
  void replayAndRetentionRefuseBadInputNamingTheField() {
    TestUser user = api.newUser(admin, "student");
    assertRefused(Addresses.NOTIFICATIONS_REPLAY, new JsonObject().put("actor", actor(user)), "after_id");
    assertRefused(Addresses.NOTIFICATIONS_REPLAY, new JsonObject().put("actor", actor(user)).put("after_id", "x"), "after_id");
    assertRefused(Addresses.NOTIFICATIONS_REPLAY, new JsonObject().put("actor", actor(user)).put("after_id", 0).put("limit", 5000), "limit");
    assertRefused(Addresses.NOTIFICATIONS_REPLAY, new JsonObject().put("after_id", 0), "actor");
    assertRefused(Addresses.NOTIFICATIONS_RETENTION_RUN, new JsonObject().put("days", -1), "days");
  }

  private static void assertRefused(String address, JsonObject body, String field) {
    assertThatThrownBy(() -> request(address, body))
      .isInstanceOfSatisfying(ReplyException.class, failure -> {
        assertThat(failure.failureCode()).isEqualTo(400);
        assertThat(failure.getMessage()).contains(field);
      });
  }

  private static List<Long> sendMany(TestUser user, int count) {
    for (int i = 0; i < count; i++) {
      request(Addresses.NOTIFICATIONS_CREATE, new JsonObject().put("actor", adminActor)
        .put("user_ids", new JsonArray().add(user.id())).put("title", "n" + i).put("message", "m"));
    }
    return idsOf(replay(user, 0, null));
  }

  private static JsonObject replay(TestUser user, long afterId, Integer limit) {
    JsonObject body = new JsonObject().put("actor", actor(user)).put("after_id", afterId);
    return request(Addresses.NOTIFICATIONS_REPLAY, limit == null ? body : body.put("limit", limit));
  }

  private static List<Long> idsOf(JsonObject reply) {
    List<Long> ids = new ArrayList<>();
    reply.getJsonArray("items").forEach(item -> ids.add(((JsonObject) item).getLong("id")));
    return ids;
  }

  private static JsonObject request(String address, JsonObject body) {
    return Await.await(vertx.eventBus().<JsonObject>request(address, body)).body();
  }

  private static JsonObject actor(TestUser user) {
    return new JsonObject().put("id", user.id()).put("username", user.username()).put("role", user.role());
  }
}
