package io.herald.persistence;

import io.herald.config.Settings;
import io.herald.support.ApiClient.TestUser;
import io.herald.support.Await;
import io.herald.support.OpenedSockets;
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
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Several producers post to the same users at once, through several API, persistence, producer and sockets instances:
 * every user's socket, whichever instance holds it, receives each of their notifications once, none missing, in id
 * order, though two producer instances may publish a user's notifications in the other order. The producers' limit is
 * below what they post, so the groups the producer instances commit mix plain inserts (written as one statement),
 * inserts with an idempotency key and refused writes: each is answered for itself.
 */
class ProducerOrderTest {

  private static final int USERS = 6;
  private static final int PRODUCERS = 4;
  private static final int POSTS_PER_PRODUCER = 30;
  private static final int LIMIT_PER_PRODUCER = 25;

  private static OwnNode node;

  @BeforeAll
  static void start() {
    node = OwnNode.start(new JsonObject()
      .put(Settings.API_INSTANCES.key(), 3)
      .put(Settings.PERSISTENCE_INSTANCES.key(), 3)
      .put(Settings.PRODUCER_INSTANCES.key(), 3)
      .put(Settings.SOCKETS_INSTANCES.key(), 3)
      .put(Settings.NOTIFICATIONS_PER_USER.key(), LIMIT_PER_PRODUCER));
  }

  @AfterAll
  static void stop() {
    node.stop();
  }

  @Test
  void concurrentProducersReachEachUserInIdOrder() {
    List<TestUser> users = new ArrayList<>();
    Map<Long, WsProbe> sockets = new HashMap<>();
    Set<String> instances = new HashSet<>();
    for (int i = 0; i < USERS; i++) {
      TestUser user = node.api().newUser(node.admin(), "student");
      users.add(user);
      WsProbe socket = WsProbe.connect(node.vertx(), node.port(), "/ws/notifications?last_id=0&token=" + user.token());
      instances.add(OpenedSockets.instanceOf(socket.await("connected")));
      socket.await("resumed");
      sockets.put(user.id(), socket);
    }
    assertThat(instances).as("the users' sockets are held by several instances").hasSizeGreaterThan(1);
    // fresh service accounts: their limits have counted nothing yet (the admin may have posted in an earlier test)
    List<String> producers = new ArrayList<>();
    while (producers.size() < PRODUCERS) {
      producers.add(node.api().newUser(node.admin(), "service").token());
    }

    Map<Long, Integer> expected = new HashMap<>();
    WebClient client = WebClient.create(node.vertx(), new WebClientOptions().setDefaultHost("127.0.0.1")
      .setDefaultPort(node.port()), new PoolOptions().setHttp1MaxSize(PRODUCERS * 8));
    List<Future<HttpResponse<Buffer>>> posts = new ArrayList<>();
    List<List<Long>> recipients = new ArrayList<>();
    List<Integer> producerOf = new ArrayList<>();
    for (int post = 0; post < POSTS_PER_PRODUCER; post++) {
      for (int p = 0; p < PRODUCERS; p++) {
        List<Long> to = new ArrayList<>();
        for (int u = 0; u < USERS; u++) {
          if ((post + p + u) % 3 != 0) {
            to.add(users.get(u).id());
          }
        }
        JsonObject body = new JsonObject().put("user_ids", new JsonArray(new ArrayList<>(to)))
          .put("title", "p" + p + " #" + post).put("message", "m");
        if (post % 5 == 0) {
          body.put("idempotency_key", "order-" + p + "-" + post);
        }
        recipients.add(to);
        producerOf.add(p);
        posts.add(client.post("/api/v1/notifications").putHeader("Authorization", "Bearer " + producers.get(p))
          .sendJsonObject(body));
      }
    }
    int[] accepted = new int[PRODUCERS];
    for (int i = 0; i < posts.size(); i++) {
      HttpResponse<Buffer> answer = Await.await(posts.get(i));
      assertThat(answer.statusCode()).as("post %d", i).isIn(201, 429);
      if (answer.statusCode() == 201) {
        assertThat(answer.bodyAsJsonObject().getInteger("count")).as("post %d's count", i).isEqualTo(recipients.get(i).size());
        recipients.get(i).forEach(id -> expected.merge(id, 1, Integer::sum));
        accepted[producerOf.get(i)]++;
      }
    }
    assertThat(accepted).as("posts accepted per producer").containsOnly(LIMIT_PER_PRODUCER);

    for (TestUser user : users) {
      List<Long> ids = new ArrayList<>();
      WsProbe socket = sockets.get(user.id());
      while (ids.size() < expected.getOrDefault(user.id(), 0)) {
        JsonObject frame = socket.await("notification");
        ids.add(frame.getLong("notification_id"));
      }
      assertThat(socket.drain()).as("frames after the last expected one").isEmpty();
      assertThat(ids).as("ids as user %d received them", user.id()).isSorted().doesNotHaveDuplicates();
      socket.close();
    }
    client.close();
  }
}
