package io.herald.sockets;

import io.herald.Herald;
import io.herald.auth.Identity;
import io.herald.auth.Role;
import io.herald.bus.Addresses;
import io.herald.support.ApiClient;
import io.herald.support.ApiClient.TestUser;
import io.herald.support.Await;
import io.herald.support.Notifier;
import io.herald.support.TestNode;
import io.herald.support.WsProbe;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class InboxSocketTest {

  private static Vertx vertx;
  private static Herald herald;
  private static ApiClient api;
  private static String admin;
  private static Notifier notifier;

  @BeforeAll
  static void startNode() {
    vertx = Vertx.vertx();
    herald = TestNode.start(vertx);
    api = new ApiClient(vertx, herald.httpPort());
    admin = api.adminToken();
    notifier = new Notifier(vertx, api, admin);
  }

  @AfterAll
  static void stopNode() {
    api.close();
    Await.await(herald.stop());
    Await.await(vertx.close());
  }

  private static Future<JsonObject> notify(long userId, String title) {
    return notifier.notify(userId, title);
  }

  private static WsProbe connected(TestUser user, String query) {
    WsProbe probe = WsProbe.connect(vertx, herald.httpPort(), "/ws/notifications?token=" + user.token() + query);
    assertThat(probe.next().getString("type")).isEqualTo("connected");
    return probe;
  }

  private static List<Long> ids(List<JsonObject> frames) {
    return frames.stream().filter(f -> "notification".equals(f.getString("type")))
      .map(f -> f.getJsonObject("data").getLong("id")).toList();
  }

  @Test
  void resumeAfterFiftyMissedNotificationsGivesExactlyThoseFiftyInOrder() {
    TestUser user = api.newUser(admin, "student");
    WsProbe first = connected(user, "");
    Await.await(notify(user.id(), "before"));
    long seen = first.await("notification").getJsonObject("data").getLong("id");
    first.close();
    for (int i = 0; i < 50; i++) {
      Await.await(notify(user.id(), "missed " + i));
    }
    WsProbe back = connected(user, "&last_id=" + seen);
    List<JsonObject> replayed = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      replayed.add(back.await("notification"));
    }
    JsonObject resumed = back.next();
    assertThat(resumed.getString("type")).isEqualTo("resumed");
    assertThat(resumed.getInteger("count")).isEqualTo(50);
    assertThat(resumed.getBoolean("complete")).isTrue();
    assertThat(ids(replayed)).isSorted().doesNotHaveDuplicates().allMatch(id -> id > seen);
    assertThat(replayed.get(0).getJsonObject("data").getString("title")).isEqualTo("missed 0");
    assertThat(replayed.get(49).getJsonObject("data").getString("title")).isEqualTo("missed 49");
    assertThat(back.drain()).isEmpty();
    back.close();
  }

  @Test
  void resumeWhileNotificationsAreCreatedHasNoGapAndNoDuplicate() {
    TestUser user = api.newUser(admin, "student");
    for (int i = 0; i < 30; i++) {
      Await.await(notify(user.id(), "early " + i));
    }
    List<Future<JsonObject>> creating = new ArrayList<>();
    for (int i = 0; i < 120; i++) {
      creating.add(notify(user.id(), "during " + i));
    }
    WsProbe probe = connected(user, "&last_id=0");
    Await.await(Future.all(creating));
    List<JsonObject> frames = new ArrayList<>();
    for (JsonObject frame = probe.next(); !"resumed".equals(frame.getString("type")); frame = probe.next()) {
      frames.add(frame);
    }
    frames.add(ControlFrames.of("resumed"));
    for (int round = 0; round < 50 && ids(frames).size() < 150; round++) {
      frames.addAll(probe.drain());
    }
    frames.addAll(probe.drain());
    List<Long> received = ids(frames);
    JsonArray all = Await.await(vertx.eventBus().<JsonObject>request(Addresses.NOTIFICATIONS_REPLAY,
      new JsonObject().put("actor", new Identity(user.id(), user.username(), Role.STUDENT).toJson()).put("after_id", 0).put("limit", 1000)))
      .body().getJsonArray("items");
    Set<Long> expected = new HashSet<>();
    all.forEach(row -> expected.add(((JsonObject) row).getLong("id")));
    assertThat(expected).hasSize(150);
    assertThat(received).doesNotHaveDuplicates();
    assertThat(new HashSet<>(received)).isEqualTo(expected);
    assertThat(frames.stream().filter(f -> "resumed".equals(f.getString("type")))).hasSize(1);
    probe.close();
  }

  @Test
  void readInOneTabUpdatesEveryTab() {
    TestUser user = api.newUser(admin, "student");
    WsProbe tab1 = connected(user, "");
    WsProbe tab2 = connected(user, "");
    Await.await(notify(user.id(), "read me"));
    long id = tab1.await("notification").getJsonObject("data").getLong("id");
    assertThat(tab2.await("notification").getJsonObject("data").getLong("id")).isEqualTo(id);
    tab1.send(new JsonObject().put("type", "mark_read").put("notification_id", id));
    for (WsProbe tab : List.of(tab1, tab2)) {
      JsonObject update = tab.await("notification_update").getJsonObject("data");
      assertThat(update.getLong("notification_id")).isEqualTo(id);
      assertThat(update.getString("status")).isEqualTo("read");
      assertThat(tab.await("unread_count").getJsonObject("data").getInteger("count")).isZero();
    }
    tab1.close();
    tab2.close();
  }

  @Test
  void unreadCountAndMarkAllReadAnswerOnTheSocket() {
    TestUser user = api.newUser(admin, "student");
    WsProbe probe = connected(user, "");
    Await.await(notify(user.id(), "one"));
    Await.await(notify(user.id(), "two"));
    probe.await("notification");
    probe.await("notification");
    probe.send(new JsonObject().put("type", "get_unread_count"));
    assertThat(probe.await("unread_count").getJsonObject("data").getInteger("count")).isEqualTo(2);
    probe.send(new JsonObject().put("type", "mark_all_read"));
    assertThat(probe.await("notification_update").getJsonObject("data").getString("status")).isEqualTo("all_read");
    assertThat(probe.await("unread_count").getJsonObject("data").getInteger("count")).isZero();
    probe.close();
  }

  @Test
  void userNeverReceivesAnotherUsersNotification() {
    TestUser alice = api.newUser(admin, "student");
    TestUser bob = api.newUser(admin, "student");
    WsProbe aliceTab = connected(alice, "&last_id=0");
    assertThat(aliceTab.await("resumed").getInteger("count")).isZero();
    WsProbe bobTab = connected(bob, "");
    Await.await(notify(bob.id(), "for bob"));
    long bobsId = bobTab.await("notification").getJsonObject("data").getLong("id");
    assertThat(ids(aliceTab.drain())).isEmpty();
    aliceTab.send(new JsonObject().put("type", "resume").put("last_id", 0));
    assertThat(aliceTab.await("resumed").getInteger("count")).isZero();
    aliceTab.send(new JsonObject().put("type", "mark_read").put("notification_id", bobsId));
    assertThat(aliceTab.await("error").getString("code")).isEqualTo("not_found");
    bobTab.send(new JsonObject().put("type", "get_unread_count"));
    assertThat(bobTab.await("unread_count").getJsonObject("data").getInteger("count")).isEqualTo(1);
    aliceTab.close();
    bobTab.close();
  }
}
