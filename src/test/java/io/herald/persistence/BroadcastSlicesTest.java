package io.herald.persistence;

import io.herald.config.Settings;
import io.herald.support.ApiClient.TestUser;
import io.herald.support.Await;
import io.herald.support.OwnNode;
import io.herald.support.WsProbe;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Broadcasts written a few recipients at a time (slices of three here): every recipient has each broadcast once, in
 * id order with the targeted notifications written between its slices, and a broadcast whose node stopped in the
 * middle is finished by a producer once its lease has run out, for the recipients it had not reached only. A broadcast
 * sent with an idempotency key is written once however often it is sent, and each repeat is told what it came to.
 */
class BroadcastSlicesTest {

  private static final int SLICE = 3;
  private static final int PORTERS = 10;
  private static final int TARGETED = 20;

  private static OwnNode node;

  @BeforeAll
  static void start() {
    node = OwnNode.start(new JsonObject()
      .put(Settings.PRODUCER_INSTANCES.key(), 3)
      .put(Settings.BROADCAST_TUNING.key(), new JsonObject().put("slice", SLICE).put("lease_ms", 1_500).encode()));
  }

  @AfterAll
  static void stop() {
    node.stop();
  }

  @Test
  void broadcastsWrittenInSlicesReachEveryRecipientOnceInOrderWithTheWritesBetweenThem() {
    Map<Long, WsProbe> sockets = new LinkedHashMap<>();
    for (int i = 0; i < PORTERS; i++) {
      TestUser porter = node.api().newUser(node.admin(), "porter");
      WsProbe socket = WsProbe.connect(node.vertx(), node.port(), "/ws/notifications?last_id=0&token=" + porter.token());
      socket.await("resumed");
      sockets.put(porter.id(), socket);
    }
    String service = node.api().newUser(node.admin(), "service").token();
    JsonArray porterIds = new JsonArray(new ArrayList<>(sockets.keySet()));
    String[] titles = {"slices one " + System.nanoTime(), "slices two " + System.nanoTime()};

    WebClient client = WebClient.create(node.vertx(), new WebClientOptions().setDefaultHost("127.0.0.1")
      .setDefaultPort(node.port()), new PoolOptions().setHttp1MaxSize(8));
    List<Future<HttpResponse<Buffer>>> targeted = new ArrayList<>();
    List<Future<HttpResponse<Buffer>>> broadcasts = new ArrayList<>();
    for (int i = 0; i < TARGETED; i++) {
      if (i == 2 || i == 9) {
        broadcasts.add(client.post("/api/v1/notifications/broadcast").putHeader("Authorization", "Bearer " + node.admin())
          .sendJsonObject(new JsonObject().put("roles", new JsonArray().add("porter")).put("title", titles[broadcasts.size()])
            .put("message", "to every porter")));
      }
      targeted.add(client.post("/api/v1/notifications").putHeader("Authorization", "Bearer " + service)
        .sendJsonObject(new JsonObject().put("user_ids", porterIds).put("title", "between " + i).put("message", "m")));
    }
    targeted.forEach(post -> assertThat(Await.await(post).statusCode()).isEqualTo(201));
    for (int b = 0; b < broadcasts.size(); b++) {
      HttpResponse<Buffer> answer = Await.await(broadcasts.get(b));
      assertThat(answer.statusCode()).as(answer.bodyAsString()).isEqualTo(201);
      long rows = node.sql().count("SELECT count(*) FROM notifications WHERE title = $1", titles[b]);
      assertThat(answer.bodyAsJsonObject().getLong("count")).as("the count answered, of rows written").isEqualTo(rows)
        .isGreaterThanOrEqualTo(PORTERS);
      assertThat(node.sql().usersWithTitleTwice(titles[b])).as("recipients with the broadcast twice").isZero();
    }
    client.close();

    sockets.forEach((porter, socket) -> {
      List<Long> ids = new ArrayList<>();
      List<String> received = new ArrayList<>();
      while (ids.size() < TARGETED + titles.length) {
        JsonObject frame = socket.await("notification");
        ids.add(frame.getLong("notification_id"));
        received.add(frame.getJsonObject("data").getString("title"));
      }
      assertThat(socket.drain()).as("frames after the last expected one").isEmpty();
      assertThat(ids).as("ids as porter %d received them", porter).isSorted().doesNotHaveDuplicates();
      assertThat(received).as("porter %d's notifications", porter).containsOnlyOnce(titles);
      socket.close();
    });
    assertThat(node.sql().count("SELECT count(*) FROM broadcasts WHERE draft ->> 'title' = ANY($1)", (Object) titles))
      .as("broadcasts still in progress").isZero();
  }

  @Test
  void aBroadcastWhoseNodeStoppedInTheMiddleIsFinishedForTheRecipientsItHadNotReached() {
    List<Long> porters = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      porters.add(node.api().newUser(node.admin(), "porter").id());
    }
    String title = "taken over " + System.nanoTime();
    // as a node leaves it that stopped after writing up to the third porter, the sixth being the newest user then
    node.sql().update("INSERT INTO broadcasts (draft, last_user_id, through_user_id, leased_until) "
      + "VALUES ($1, $2, $3, now() - interval '1 second')", porterDraft(title), porters.get(5), porters.get(2));

    Await.until("the broadcast to be finished",
      () -> node.sql().count("SELECT count(*) FROM broadcasts WHERE draft ->> 'title' = $1", title) == 0);

    for (int i = 0; i < porters.size(); i++) {
      long expected = i >= 3 && i <= 5 ? 1 : 0;
      assertThat(node.sql().count("SELECT count(*) FROM notifications WHERE title = $1 AND user_id = $2", title, porters.get(i)))
        .as("porter %d's copies (written before the stop: up to the third; created after it: the seventh on)", i + 1)
        .isEqualTo(expected);
    }
  }

  @Test
  void concurrentRepeatsOfABroadcastWriteItOnceAndAreToldItsCount() {
    for (int i = 0; i < 2 * SLICE + 1; i++) {
      node.api().newUser(node.admin(), "porter");
    }
    String title = "sent four times " + System.nanoTime();
    JsonObject request = new JsonObject().put("roles", new JsonArray().add("porter")).put("title", title)
      .put("message", "m").put("idempotency_key", "key " + title);
    WebClient client = WebClient.create(node.vertx(), new WebClientOptions().setDefaultHost("127.0.0.1")
      .setDefaultPort(node.port()), new PoolOptions().setHttp1MaxSize(4));
    List<Future<HttpResponse<Buffer>>> posts = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      posts.add(client.post("/api/v1/notifications/broadcast").putHeader("Authorization", "Bearer " + node.admin())
        .sendJsonObject(request));
    }
    List<JsonObject> answers = posts.stream().map(post -> {
      HttpResponse<Buffer> answer = Await.await(post);
      JsonObject body = answer.bodyAsJsonObject();
      assertThat(answer.statusCode()).as(answer.bodyAsString())
        .isEqualTo(body.getBoolean("unfinished", false) ? 202 : body.getBoolean("duplicate") ? 200 : 201);
      return body;
    }).toList();
    client.close();
    Await.until("the broadcast to be written to the end",
      () -> node.sql().count("SELECT count(*) FROM broadcasts WHERE draft ->> 'title' = $1", title) == 0);
    long rows = node.sql().count("SELECT count(*) FROM notifications WHERE title = $1", title);

    // the porters are every test's on the shared database: an answer may come before the last slice (202, so far)
    assertThat(answers).as("answers to the first request").filteredOn(answer -> !answer.getBoolean("duplicate"))
      .singleElement().satisfies(first -> assertThat(first.getLong("count"))
        .isEqualTo(first.getBoolean("unfinished", false) ? first.getLong("count") : rows).isLessThanOrEqualTo(rows));
    assertThat(answers).as("answers to the repeats").filteredOn(answer -> answer.getBoolean("duplicate")).hasSize(3)
      .allSatisfy(repeat -> assertThat(repeat.getLong("count")).isLessThanOrEqualTo(rows));
    assertThat(node.sql().usersWithTitleTwice(title)).as("recipients with the broadcast twice").isZero();
    HttpResponse<Buffer> later = node.api().post("/api/v1/notifications/broadcast", node.admin(), request);
    assertThat(later.statusCode()).isEqualTo(200);
    assertThat(later.bodyAsJsonObject().getLong("count")).as("a repeat once it is written").isEqualTo(rows);
    assertThat(later.bodyAsJsonObject().getBoolean("duplicate")).isTrue();
    assertThat(node.sql().count("SELECT count(*) FROM notifications WHERE title = $1", title)).isEqualTo(rows);
  }

  @Test
  void aRepeatWhileTheBroadcastIsBeingWrittenIsAnswered202WithItsCountSoFar() {
    String key = "in progress " + System.nanoTime();
    long request = node.sql().longs("INSERT INTO notification_requests (producer_id, idempotency_key) "
      + "SELECT id, $1 FROM users WHERE username = 'admin' RETURNING id", key).get(0);
    // as the node writing it leaves it after five recipients, its lease held for long enough
    node.sql().update("INSERT INTO broadcasts (draft, last_user_id, through_user_id, leased_until, request_id, written) "
      + "VALUES ('{}', 0, 0, now() + interval '1 hour', $1, 5)", request);
    try {
      HttpResponse<Buffer> repeat = node.api().post("/api/v1/notifications/broadcast", node.admin(),
        new JsonObject().put("title", "never written").put("message", "m").put("idempotency_key", key));

      assertThat(repeat.statusCode()).as(repeat.bodyAsString()).isEqualTo(202);
      assertThat(repeat.bodyAsJsonObject()).isEqualTo(new JsonObject().put("count", 5).put("unfinished", true)
        .put("duplicate", true));
      assertThat(node.sql().count("SELECT count(*) FROM notifications WHERE title = 'never written'")).isZero();
    } finally {
      node.sql().update("DELETE FROM broadcasts WHERE request_id = $1", request);
    }
  }

  @Test
  void aTakenOverBroadcastSavesItsWholeCountForItsRequest() {
    List<Long> porters = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      porters.add(node.api().newUser(node.admin(), "porter").id());
    }
    String title = "taken over with a key " + System.nanoTime();
    long request = node.sql().longs("INSERT INTO notification_requests (producer_id, idempotency_key) "
      + "SELECT id, $1 FROM users WHERE username = 'admin' RETURNING id", title).get(0);
    // its node wrote 40 notifications, up to the third porter, and stopped; the sixth was the newest user then
    node.sql().update("INSERT INTO broadcasts (draft, last_user_id, through_user_id, leased_until, request_id, written) "
      + "VALUES ($1, $2, $3, now() - interval '1 second', $4, 40)", porterDraft(title), porters.get(5), porters.get(2), request);

    Await.until("the broadcast to be finished",
      () -> node.sql().count("SELECT count(*) FROM broadcasts WHERE request_id = $1", request) == 0);

    HttpResponse<Buffer> repeat = node.api().post("/api/v1/notifications/broadcast", node.admin(),
      new JsonObject().put("title", title).put("message", "m").put("idempotency_key", title));
    assertThat(repeat.statusCode()).as(repeat.bodyAsString()).isEqualTo(200);
    assertThat(repeat.bodyAsJsonObject().getLong("count")).as("the 40 before the stop and the three after")
      .isEqualTo(43);
  }

  /** A broadcast to porters, as its writer records it. */
  private static JsonObject porterDraft(String title) {
    return new JsonObject().put("type", "broadcast").put("title", title).put("message", "m")
      .put("translations", new JsonObject()).put("data", new JsonObject().put("priority", "normal")).putNull("link")
      .putNull("excluded").put("user_ids", new JsonArray()).put("roles", new JsonArray().add("porter"));
  }
}
