package io.herald.persistence;

import io.herald.Herald;
import io.herald.support.ApiClient;
import io.herald.support.ApiClient.TestUser;
import io.herald.support.Await;
import io.herald.support.FakeBotApi;
import io.herald.support.TelegramNodes;
import io.herald.support.TestDatabase;
import io.herald.support.TestNode;
import io.herald.support.TestSql;
import io.herald.support.WsProbe;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.pgclient.PgConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two writers' transactions for one user overlap: a complaint's transaction draws its notification id and then
 * waits (here on the Telegram outbox, which a test transaction holds), while a producer's notice for the same user
 * comes in. A client that saw a later id and then lost its socket resumes from that id: nothing written for it
 * before that id may commit after it, or the resume would skip it for good.
 */
class InterleavedWritesResumeTest {

  private static Vertx vertx;
  private static FakeBotApi fake;
  private static Herald node;
  private static ApiClient api;
  private static TestSql sql;
  private static String admin;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    fake = FakeBotApi.start(vertx);
    node = TestNode.start(vertx, TelegramNodes.config(fake));
    api = new ApiClient(vertx, node.httpPort());
    sql = new TestSql(vertx);
    admin = api.adminToken();
    HttpResponse<Buffer> configured = api.post("/api/v1/notifications/config", admin,
      TelegramNodes.everyAlertTo(TelegramNodes.newChatId()));
    assertThat(configured.statusCode()).as(configured.bodyAsString()).isEqualTo(200);
  }

  @AfterAll
  static void stop() {
    api.close();
    sql.close();
    Await.await(node.stop());
    fake.close();
    Await.await(vertx.close());
  }

  @Test
  void aNotificationDrawnEarlierButCommittedLaterStillReachesAResumingClient() throws Exception {
    TestUser staff = api.newUser(admin, "admin");
    TestUser student = api.newUser(admin, "student");
    long before = sql.count("SELECT COALESCE(max(id), 0) FROM notifications WHERE user_id = $1", staff.id());
    WsProbe socket = WsProbe.connect(vertx, node.httpPort(), "/ws/notifications?token=" + staff.token());
    assertThat(socket.next().getString("type")).isEqualTo("connected");

    PgConnection holder = Await.await(PgConnection.connect(vertx, TestDatabase.settings().connectOptions()));
    List<Long> seen = new ArrayList<>();
    CompletableFuture<JsonObject> complaint;
    CompletableFuture<HttpResponse<Buffer>> notice;
    try {
      Await.await(holder.query("BEGIN").execute());
      Await.await(holder.query("LOCK TABLE telegram_outbox IN SHARE MODE").execute());
      complaint = CompletableFuture.supplyAsync(() -> api.createComplaint(student.token(), TelegramNodes.newHostel(), "low"));
      Await.until("the complaint's transaction waits to queue its Telegram alert", () -> sql.count(
        "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE 'INSERT INTO telegram_outbox%'") > 0);
      notice = CompletableFuture.supplyAsync(() -> api.notify(admin, staff.id(), "meanwhile"));
      if (answeredSoon(notice)) {
        seen.add(socket.await("notification").getJsonObject("data").getLong("id"));
      }
      socket.close();
    } finally {
      Await.await(holder.query("COMMIT").execute());
      Await.await(holder.close());
    }
    assertThat(complaint.get(30, TimeUnit.SECONDS).getLong("id")).isPositive();
    assertThat(notice.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(201);

    long resumeFrom = seen.stream().mapToLong(Long::longValue).max().orElse(before);
    WsProbe back = WsProbe.connect(vertx, node.httpPort(),
      "/ws/notifications?token=" + staff.token() + "&last_id=" + resumeFrom);
    for (JsonObject frame = back.next(); !"resumed".equals(frame.getString("type")); frame = back.next()) {
      if ("notification".equals(frame.getString("type"))) {
        seen.add(frame.getJsonObject("data").getLong("id"));
      }
    }
    back.close();

    List<Long> written = sql.longs("SELECT id FROM notifications WHERE user_id = $1 AND id > $2 ORDER BY id", staff.id(), before);
    assertThat(written).as("the new complaint and the notice").hasSize(2);
    assertThat(seen).as("what the client received live and on resume").containsExactlyInAnyOrderElementsOf(written);
  }

  /** Whether the notice was answered while the complaint's transaction is still open (it is when nothing orders them). */
  private static boolean answeredSoon(CompletableFuture<HttpResponse<Buffer>> notice) throws InterruptedException, ExecutionException {
    try {
      notice.get(3, TimeUnit.SECONDS);
      return true;
    } catch (TimeoutException stillWaiting) {
      return false;
    }
  }
}
