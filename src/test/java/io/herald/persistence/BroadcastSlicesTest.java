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
 * middle is finished by a producer once its lease has run out, for the recipients it had not reached only.
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
    JsonObject draft = new JsonObject().put("type", "broadcast").put("title", title).put("message", "m")
      .put("translations", new JsonObject()).put("data", new JsonObject().put("priority", "normal")).putNull("link")
      .putNull("excluded").put("user_ids", new JsonArray()).put("roles", new JsonArray().add("porter"));
    // as a node leaves it that stopped after writing up to the third porter, the sixth being the newest user then
    node.sql().update("INSERT INTO broadcasts (draft, last_user_id, through_user_id, leased_until) "
      + "VALUES ($1, $2, $3, now() - interval '1 second')", draft, porters.get(5), porters.get(2));

    Await.until("the broadcast to be finished",
      () -> node.sql().count("SELECT count(*) FROM broadcasts WHERE draft ->> 'title' = $1", title) == 0);

    for (int i = 0; i < porters.size(); i++) {
      long expected = i >= 3 && i <= 5 ? 1 : 0;
      assertThat(node.sql().count("SELECT count(*) FROM notifications WHERE title = $1 AND user_id = $2", title, porters.get(i)))
        .as("porter %d's copies (written before the stop: up to the third; created after it: the seventh on)", i + 1)
        .isEqualTo(expected);
    }
  }
}
