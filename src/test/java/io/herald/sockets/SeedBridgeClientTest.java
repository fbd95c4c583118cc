package io.herald.sockets;

import io.herald.bus.Addresses;
import io.herald.support.ApiClient.TestUser;
import io.herald.support.NodeTest;
import io.herald.support.SockJsProbe;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What the seed documents' SockJS clients do on the event-bus bridge at /eventbus, unchanged. */
class SeedBridgeClientTest extends NodeTest {

  @Test
  void notificationEnvelopesCarryTheSeedFieldsAndMarkReadTakesANumericString() {
    TestUser user = api.newUser(admin, "student");
    String inbox = Addresses.userNotifications(user.id());
    SockJsProbe socket = SockJsProbe.connect(vertx, node.httpPort(), "token=" + user.token());
    socket.register(inbox, null);
    socket.request(Addresses.BRIDGE_UNREAD_COUNT, new JsonObject(), "count-1", null);
    assertThat(socket.awaitAddress("count-1").getJsonObject("body").getInteger("count")).isZero();
    assertThat(api.notify(admin, user.id(), "water back on").statusCode()).isEqualTo(201);
    JsonObject envelope = socket.awaitAddress(inbox).getJsonObject("body");
    assertThat(envelope.getString("type")).isEqualTo("notification");
    SeedRawClientTest.assertSeedFields(envelope);
    long id = envelope.getLong("notification_id");

    socket.request(Addresses.BRIDGE_MARK_READ, new JsonObject().put("notification_id", String.valueOf(id)), "read-1", null);
    JsonObject read = socket.awaitAddress("read-1");
    assertThat(read.getString("type")).isNotEqualTo("err");
    assertThat(read.getJsonObject("body").getLong("id")).isEqualTo(id);
    assertThat(read.getJsonObject("body").getString("read_at")).isNotBlank();

    socket.request(Addresses.BRIDGE_MARK_READ, new JsonObject().put("notification_id", id + "x"), "read-2", null);
    JsonObject refused = socket.awaitAddress("read-2");
    assertThat(refused.getString("type")).isEqualTo("err");
    assertThat(refused.getInteger("failureCode")).isEqualTo(400);
    socket.close();
  }
}
