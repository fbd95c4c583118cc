package io.herald.sockets;

import io.herald.bus.Addresses;
import io.herald.config.Settings;
import io.herald.support.ApiClient.TestUser;
import io.herald.support.Await;
import io.herald.support.OpenedSockets;
import io.herald.support.OwnNode;
import io.herald.support.SockJsProbe;
import io.herald.support.SockJsTransport;
import io.herald.support.WsProbe;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Socket caps per user and per client address across both transports, and the resume budget per user: per node, so
 * counted across the instances of the sockets verticle (test nodes run three).
 */
class SocketCapsTest {

  private static final int INSTANCES = 3;
  private static final int PER_USER = 4;
  private static final int PER_ADDRESS = 10;
  private static final int RESUME_BURST = 3;

  private static OwnNode node;
  private final OpenedSockets sockets = new OpenedSockets(node);

  @BeforeAll
  static void startNode() {
    node = OwnNode.start(new JsonObject()
      .put(Settings.SOCKETS_INSTANCES.key(), INSTANCES)
      .put(Settings.WS_MAX_SOCKETS_PER_USER.key(), PER_USER)
      .put(Settings.WS_MAX_SOCKETS_PER_IP.key(), PER_ADDRESS)
      .put(Settings.WS_RESUME_BURST.key(), RESUME_BURST)
      .put(Settings.WS_RESUMES_PER_MINUTE.key(), 1));
  }

  @AfterAll
  static void stopNode() {
    node.stop();
  }

  @AfterEach
  void closeSockets() {
    sockets.closeAll();
  }

  @Test
  void oneUserCannotOpenMoreSocketsThanTheCapOnEitherTransport() {
    TestUser student = node.api().newUser(node.admin(), "student");
    List<WsProbe> raw = new ArrayList<>();
    for (int i = 0; i < PER_USER / 2; i++) {
      raw.add(connected(student));
      sockJs("token=" + student.token());
    }
    Await.until("every socket of the user is counted", () -> node.socketConnections() == PER_USER);

    WsProbe extraRaw = raw("/ws/notifications?token=" + student.token());
    JsonObject refused = extraRaw.next();
    assertThat(refused.getString("type")).isEqualTo("error");
    assertThat(refused.getString("code")).isEqualTo("too_many_sockets");
    assertThat(extraRaw.awaitClose()).isEqualTo((short) 1008);
    SockJsProbe extraSockJs = sockJs("token=" + student.token());
    assertThat(extraSockJs.awaitClosing()).isEqualTo(new SockJsProbe.Closing(1008, "too_many_sockets"));

    raw.get(0).close();
    Await.until("the closed socket is no longer counted", () -> node.socketConnections() == PER_USER - 1);
    connected(student);
  }

  @Test
  void theUserCapCountsTheUsersSocketsOnEveryInstance() {
    TestUser student = node.api().newUser(node.admin(), "student");
    sockets.spreadOverInstances(student, "", PER_USER);

    WsProbe extra = raw("/ws/notifications?token=" + student.token());
    assertThat(extra.next().getString("code")).isEqualTo("too_many_sockets");
    assertThat(extra.awaitClose()).isEqualTo((short) 1008);
  }

  @Test
  void oneAddressCannotOpenMoreSocketsThanTheCap() {
    fillTheAddressCap();

    WsProbe extraRaw = raw("/ws/notifications");
    assertThat(extraRaw.next().getString("code")).isEqualTo("too_many_sockets");
    assertThat(extraRaw.awaitClose()).isEqualTo((short) 1008);
    SockJsProbe extraSockJs = sockJs(null);
    assertThat(extraSockJs.awaitClosing()).isEqualTo(new SockJsProbe.Closing(1008, "too_many_sockets"));
  }

  /**
   * A session over an HTTP transport that another instance relays to the one serving them counts against its client's
   * address, not against the relay's (the node's own loopback): 127.0.0.1 at its cap leaves 127.0.0.2 its own.
   */
  @Test
  void relayedSessionsCountAgainstTheirClientsAddress() {
    fillTheAddressCap();
    List<SockJsProbe> elsewhere = new ArrayList<>();
    try {
      for (int i = 0; i < INSTANCES; i++) {
        TestUser student = node.api().newUser(node.admin(), "student");
        SockJsProbe session = SockJsProbe.connectFrom(node.vertx(), "127.0.0.2", node.port(), "token=" + student.token(),
          SockJsTransport.XHR_POLLING);
        elsewhere.add(session);
        session.request(Addresses.BRIDGE_UNREAD_COUNT, new JsonObject(), "count", null);
        assertThat(session.awaitAddress("count").getJsonObject("body").getInteger("count")).as("session %d", i).isZero();
      }
      for (int i = 0; i < INSTANCES; i++) {
        SockJsProbe refused = SockJsProbe.connect(node.vertx(), node.port(), null, SockJsTransport.XHR_POLLING);
        assertThat(refused.awaitClosing()).isEqualTo(new SockJsProbe.Closing(1008, "too_many_sockets"));
        refused.close();
      }
    } finally {
      elsewhere.forEach(SockJsProbe::close);
    }
  }

  @Test
  void resumesOverTheUsersBudgetAreAnsweredWithAnErrorAndTheSocketStaysOpen() {
    TestUser student = node.api().newUser(node.admin(), "student");
    WsProbe raw = raw("/ws/notifications?token=" + student.token() + "&last_id=0");
    raw.await("resumed");
    for (int i = 1; i < RESUME_BURST; i++) {
      raw.send(new JsonObject().put("type", "resume").put("last_id", 0));
      raw.await("resumed");
    }
    raw.send(new JsonObject().put("type", "resume").put("last_id", 0));
    JsonObject limited = raw.next();
    assertThat(limited.getString("type")).isEqualTo("error");
    assertThat(limited.getString("code")).isEqualTo("resume_rate_limited");
    assertThat(limited.getLong("retry_after_ms")).isPositive();

    SockJsProbe sockjs = sockJs("token=" + student.token());
    sockjs.request(Addresses.BRIDGE_RESUME, new JsonObject().put("last_id", 0), "resume-1", null);
    JsonObject failed = sockjs.awaitAddress("resume-1");
    assertThat(failed.getString("type")).isEqualTo("err");
    assertThat(failed.getInteger("failureCode")).isEqualTo(429);
    assertThat(failed.getString("message")).startsWith("resume_rate_limited");

    assertThat(raw.drain()).isEmpty();
    sockjs.request(Addresses.BRIDGE_UNREAD_COUNT, new JsonObject(), "count-1", null);
    assertThat(sockjs.awaitAddress("count-1").getJsonObject("body").getLong("count")).isZero();
  }

  @Test
  void theResumeBudgetIsTheUsersOnEveryInstance() {
    TestUser student = node.api().newUser(node.admin(), "student");
    sockets.spreadOverInstances(student, "&last_id=0", RESUME_BURST).forEach(tab -> tab.await("resumed"));

    WsProbe limited = raw("/ws/notifications?token=" + student.token() + "&last_id=0");
    limited.await("connected");
    assertThat(limited.await("error").getString("code")).isEqualTo("resume_rate_limited");
  }

  /** As many raw sockets from 127.0.0.1 as its cap allows, spread over the instances. */
  private void fillTheAddressCap() {
    for (int i = 0; i < PER_ADDRESS / PER_USER; i++) {
      sockets.spreadOverInstances(node.api().newUser(node.admin(), "student"), "", PER_USER);
    }
    TestUser last = node.api().newUser(node.admin(), "student");
    for (int i = 0; i < PER_ADDRESS % PER_USER; i++) {
      connected(last);
    }
    Await.until("every socket from 127.0.0.1 is counted", () -> node.socketConnections() == PER_ADDRESS);
  }

  private WsProbe connected(TestUser user) {
    WsProbe probe = raw("/ws/notifications?token=" + user.token());
    probe.await("connected");
    return probe;
  }

  private WsProbe raw(String uri) {
    return sockets.raw(uri);
  }

  private SockJsProbe sockJs(String query) {
    return sockets.sockJs(query);
  }

}
