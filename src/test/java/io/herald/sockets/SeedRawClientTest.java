package io.herald.sockets;

import io.herald.support.ApiClient.TestUser;
import io.herald.support.NodeTest;
import io.herald.support.WsProbe;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** What the seed documents' browser clients do on the raw WebSocket at /ws/notifications, unchanged. */
class SeedRawClientTest extends NodeTest {

  private static WsProbe connect(TestUser user, String query) {
    return WsProbe.connect(vertx, node.httpPort(), "/ws/notifications?token=" + user.token() + query);
  }

  private static WsProbe connected(TestUser user) {
    WsProbe probe = connect(user, "");
    probe.await("connected");
    return probe;
  }

  @Test
  void plainTextPingIsAnsweredWithPlainTextPongAndJsonPingWithJsonPong() {
    WsProbe probe = connected(api.newUser(admin, "student"));
    probe.sendText("ping");
    assertThat(probe.nextText()).isEqualTo("pong");
    probe.send(new JsonObject().put("type", "ping"));
    assertThat(probe.next().getString("type")).isEqualTo("pong");
    probe.close();
  }

  @Test
  void connectedCarriesAMessageAndAnRfc3339Timestamp() {
    WsProbe probe = connect(api.newUser(admin, "student"), "");
    JsonObject connected = probe.await("connected");
    assertThat(connected.getString("message")).isNotBlank();
    assertThat(connected.getString("timestamp")).endsWith("Z");
    assertThat(Instant.parse(connected.getString("timestamp"))).isBeforeOrEqualTo(Instant.now());
    assertThat(connected.getLong("user_id")).isNotNull();
    probe.close();
  }

  @Test
  void liveAndReplayedNotificationsCarryTheSeedFieldsBesideHeraldsOwn() {
    TestUser user = api.newUser(admin, "student");
    WsProbe probe = connected(user);
    assertThat(api.notify(admin, user.id(), "heater fixed").statusCode()).isEqualTo(201);
    JsonObject live = probe.await("notification");
    assertSeedFields(live);
    long id = live.getJsonObject("data").getLong("id");
    probe.close();

    WsProbe back = connect(user, "&last_id=" + (id - 1));
    JsonObject replayed = back.await("notification");
    assertSeedFields(replayed);
    assertThat(replayed.getLong("notification_id")).isEqualTo(id);
    back.close();
  }

  @Test
  void markReadTakesTheIdAsANumericStringOrUnderId() {
    TestUser user = api.newUser(admin, "student");
    WsProbe probe = connected(user);
    api.notify(admin, user.id(), "first");
    api.notify(admin, user.id(), "second");
    long first = probe.await("notification").getJsonObject("data").getLong("id");
    long second = probe.await("notification").getJsonObject("data").getLong("id");

    probe.send(new JsonObject().put("type", "mark_read").put("notification_id", String.valueOf(first)));
    assertThat(probe.await("notification_update").getJsonObject("data").getLong("notification_id")).isEqualTo(first);
    assertThat(probe.await("unread_count").getJsonObject("data").getInteger("count")).isEqualTo(1);
    probe.send(new JsonObject().put("type", "mark_read").put("id", second));
    assertThat(probe.await("notification_update").getJsonObject("data").getLong("notification_id")).isEqualTo(second);
    assertThat(probe.await("unread_count").getJsonObject("data").getInteger("count")).isZero();

    probe.send(new JsonObject().put("type", "mark_read").put("notification_id", "12x"));
    assertThat(probe.await("error").getString("code")).isEqualTo("missing_field");
    probe.send(new JsonObject().put("type", "mark_read").put("notification_id", "99999999999999999999"));
    assertThat(probe.await("error").getString("code")).isEqualTo("missing_field");
    probe.close();
  }

  static void assertSeedFields(JsonObject frame) {
    JsonObject row = frame.getJsonObject("data");
    for (JsonObject carrier : new JsonObject[] {frame, row}) {
      assertThat(carrier.getLong("notification_id")).isEqualTo(row.getLong("id"));
      assertThat(carrier.getString("notification_type")).isEqualTo(row.getString("type")).isNotBlank();
      assertThat(carrier.getString("timestamp")).isEqualTo(row.getString("created_at")).isNotBlank();
      assertThat(carrier.getBoolean("is_read")).isFalse();
    }
    assertThat(row.getString("title")).isNotBlank();
  }
}
