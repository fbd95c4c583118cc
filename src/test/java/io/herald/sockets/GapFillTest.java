package io.herald.sockets;

import io.herald.bus.Addresses;
import io.herald.notify.Envelopes;
import io.herald.support.ApiClient.TestUser;
import io.herald.support.BusRequests;
import io.herald.support.NodeTest;
import io.herald.support.SockJsProbe;
import io.herald.support.TestSql;
import io.herald.support.WsProbe;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A notification committed but never published live (its node died between the commit and the publish), or
 * published after a newer one (two nodes published them in the other order): the socket still gets every one of its
 * user's notifications, in id order, each once, on both transports.
 */
class GapFillTest extends NodeTest {

  private static TestSql sql;

  @BeforeAll
  static void database() {
    sql = new TestSql(vertx);
  }

  @AfterAll
  static void closeDatabase() {
    sql.close();
  }

  @Test
  void aRawSocketGetsTheNotificationItWasNeverSentBeforeTheNextOneAndALateCopyNotAtAll() {
    TestUser user = api.newUser(admin, "student");
    WsProbe socket = WsProbe.connect(vertx, node.httpPort(), "/ws/notifications?token=" + user.token() + "&last_id=0");
    socket.await("resumed");

    List<Long> expected = unpublishedThenPublished(user);
    List<Long> received = new ArrayList<>();
    while (received.size() < 2) {
      received.add(socket.await("notification").getJsonObject("data").getLong("id"));
    }
    publishLate(user, expected.get(0));
    expected.add(notify(user, "after"));
    received.add(socket.await("notification").getJsonObject("data").getLong("id"));
    socket.close();

    assertThat(received).as("in id order, the unpublished one filled in, the late copy dropped").isEqualTo(expected);
  }

  @Test
  void aSockJsSessionGetsTheNotificationItWasNeverSentBeforeTheNextOneAndALateCopyNotAtAll() {
    TestUser user = api.newUser(admin, "student");
    String address = Addresses.userNotifications(user.id());
    SockJsProbe socket = resumedFromTheStart(user, address);

    List<Long> expected = unpublishedThenPublished(user);
    List<Long> received = new ArrayList<>();
    while (received.size() < 2) {
      received.add(notificationId(socket.awaitAddress(address)));
    }
    publishLate(user, expected.get(0));
    expected.add(notify(user, "after"));
    received.add(notificationId(socket.awaitAddress(address)));
    socket.close();

    assertThat(received).as("in id order, the unpublished one filled in, the late copy dropped").isEqualTo(expected);
  }

  /**
   * A gap the inbox cannot fill (the database is away): the client is told before it gets the notification that
   * opened the gap, so that it reloads its inbox from the last id it had and the row it missed is not skipped.
   */
  @Test
  void aRawSocketIsToldOfAGapItCannotGetBeforeTheNotificationAfterIt() {
    TestUser user = api.newUser(admin, "student");
    WsProbe socket = WsProbe.connect(vertx, node.httpPort(), "/ws/notifications?token=" + user.token() + "&last_id=0");
    socket.await("resumed");

    List<JsonObject> frames = new ArrayList<>();
    BusRequests.failingWhile(vertx.eventBus(), Addresses.NOTIFICATIONS_REPLAY, () -> {
      unpublishedThenPublished(user);
      frames.add(socket.next());
      frames.add(socket.next());
    });
    socket.close();

    assertThat(frames).extracting(frame -> frame.getString("type")).containsExactly("error", "notification");
    assertThat(frames.get(0).getString("code")).isEqualTo("resume_failed");
  }

  @Test
  void aSockJsSessionIsToldOfAGapItCannotGetBeforeTheNotificationAfterIt() {
    TestUser user = api.newUser(admin, "student");
    String address = Addresses.userNotifications(user.id());
    SockJsProbe socket = resumedFromTheStart(user, address);

    List<JsonObject> messages = new ArrayList<>();
    BusRequests.failingWhile(vertx.eventBus(), Addresses.NOTIFICATIONS_REPLAY, () -> {
      long published = unpublishedThenPublished(user).get(1);
      while (messages.isEmpty() || !address.equals(messages.get(messages.size() - 1).getString("address"))) {
        messages.add(socket.next());
      }
      assertThat(notificationId(messages.get(messages.size() - 1))).isEqualTo(published);
    });
    socket.close();

    assertThat(messages).extracting(message -> message.getString("type") + " " + message.getValue("body"))
      .first().isEqualTo("err resume_failed");
  }

  /** A SockJS session of the user that resumed from id 0 (nothing missed) and listens on its user address. */
  private static SockJsProbe resumedFromTheStart(TestUser user, String address) {
    SockJsProbe socket = SockJsProbe.connect(vertx, node.httpPort(), "token=" + user.token());
    socket.request(Addresses.BRIDGE_RESUME, new JsonObject().put("last_id", 0).put("await_register", true), "resume-1", null);
    socket.register(address, null);
    assertThat(socket.awaitAddress("resume-1").getJsonObject("body").getInteger("count")).isZero();
    return socket;
  }

  /** A row committed straight into the inbox (as by a node that died before publishing it), then one made as usual. */
  private static List<Long> unpublishedThenPublished(TestUser user) {
    long unpublished = sql.longs("INSERT INTO notifications (user_id, type, title, message) "
      + "VALUES ($1, 'system', 'committed, never published', 'x') RETURNING id", user.id()).get(0);
    long published = notify(user, "published");
    return new ArrayList<>(List.of(unpublished, published));
  }

  private static long notify(TestUser user, String title) {
    assertThat(api.notify(admin, user.id(), title).statusCode()).isEqualTo(201);
    return sql.longs("SELECT max(id) FROM notifications WHERE user_id = $1", user.id()).get(0);
  }

  /** The unpublished row's envelope finally arrives, as from a node that was slow to publish it. */
  private static void publishLate(TestUser user, long id) {
    JsonObject row = new JsonObject().put("id", id).put("user_id", user.id()).put("type", "system")
      .put("title", "committed, never published").put("message", "x").put("data", new JsonObject());
    vertx.eventBus().publish(Addresses.userNotifications(user.id()), Envelopes.notification(row));
  }

  private static long notificationId(JsonObject bridgeMessage) {
    JsonObject envelope = bridgeMessage.getJsonObject("body");
    assertThat(envelope.getString("type")).isEqualTo("notification");
    return envelope.getJsonObject("data").getLong("id");
  }
}
