package io.herald.sockets;

import io.herald.Herald;
import io.herald.auth.Role;
import io.herald.config.HeraldConfig;
import io.herald.config.Settings;
import io.herald.support.Await;
import io.herald.support.TestNode;
import io.herald.support.TestSql;
import io.herald.support.Tokens;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * After a restart every client reconnects at once, many from one address (a campus NAT) and several per user (tabs),
 * each resuming where it left off. With the default limits none of them is refused.
 */
class ReconnectStormTest {

  private static final int USERS = 300;
  private static final int CLIENTS = 1_000;
  /**
   * Every sockets instance sends its share of the storm's 2,000 inbox requests (user checks, replays) at once, and they
   * wait in the inbox's queue with their clock running; on a loaded 2-core test machine that takes longer than the
   * test nodes' usual 5 s. A storm that outlasts the timeout is answered 1013 "try again later", which is right, but
   * not what this test is about.
   */
  private static final int STORM_TIMEOUT_MS = 30_000;

  @Test
  void aThousandClientsOfHundredsOfUsersFromOneAddressAllReconnectAndResume() {
    Vertx vertx = Vertx.vertx();
    Herald herald = TestNode.start(vertx, new HeraldConfig(TestNode.config().json().put(Settings.REQUEST_TIMEOUT_MS.key(), STORM_TIMEOUT_MS)));
    List<Long> users;
    try (TestSql sql = new TestSql(vertx)) {
      users = sql.longs("INSERT INTO users (username, role) SELECT 'storm-' || $1 || '-' || n, 'student' "
        + "FROM generate_series(1, $2) n RETURNING id", UUID.randomUUID().toString(), USERS);
    }
    WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(CLIENTS));
    List<Future<String>> storm = new ArrayList<>();
    for (int i = 0; i < CLIENTS; i++) {
      long userId = users.get(i % USERS);
      String token = Tokens.hs256(Tokens.claims(userId, Role.STUDENT.wire(), Tokens.inSeconds(600)), TestNode.JWT_SECRET);
      storm.add(reconnect(client, herald.httpPort(), "/ws/notifications?last_id=0&token=" + token));
    }

    List<String> outcomes = Await.await(Future.join(storm).map(all -> all.<String>list()), 120);

    assertThat(outcomes).hasSize(CLIENTS).containsOnly("resumed");
    client.close();
    Await.await(herald.stop());
    Await.await(vertx.close());
  }

  /** Connects and waits for the replay's end; any error frame or close first is the outcome instead. */
  private static Future<String> reconnect(WebSocketClient client, int port, String uri) {
    Promise<String> outcome = Promise.promise();
    ClientWebSocket socket = client.webSocket();
    socket.textMessageHandler(text -> {
      String type = new JsonObject(text).getString("type");
      if ("resumed".equals(type) || "error".equals(type)) {
        outcome.tryComplete("error".equals(type) ? text : type);
      }
    });
    socket.closeHandler(v -> outcome.tryComplete("closed " + socket.closeStatusCode() + " " + socket.closeReason()));
    socket.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI(uri))
      .onFailure(failure -> outcome.tryComplete("not connected: " + failure.getMessage()));
    return outcome.future();
  }
}
