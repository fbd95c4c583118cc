package io.herald.sockets;

import io.herald.Herald;
import io.herald.database.DatabaseServer;
import io.herald.database.DatabaseSettings;
import io.herald.support.ApiClient;
import io.herald.support.ApiClient.TestUser;
import io.herald.support.Await;
import io.herald.support.SockJsProbe;
import io.herald.support.TestNode;
import io.herald.support.WsProbe;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With the database gone the user's state cannot be checked: sockets are told to try again later, never that their
 * token is bad or revoked, so clients keep their token and reconnect once the database is back.
 */
class SocketsDatabaseOutageTest {

  @Test
  void databaseDownIsTryAgainLaterNotABadOrRevokedToken() {
    Vertx vertx = Vertx.vertx();
    Path dir = TestNode.tempDir().resolve("pg");
    DatabaseServer database = DatabaseServer.start(dir, 0);
    DatabaseSettings settings = database.settings();
    Herald node = TestNode.start(vertx, TestNode.config(settings));
    ApiClient api = new ApiClient(vertx, node.httpPort());
    try {
      TestUser rawUser = api.newUser(api.adminToken(), "student");
      TestUser sockJsUser = api.newUser(api.adminToken(), "admin");

      database.close();

      WsProbe raw = WsProbe.connect(vertx, node.httpPort(), "/ws/notifications?token=" + rawUser.token());
      assertThat(raw.awaitClose()).isEqualTo((short) 1013);
      assertThat(raw.socket().closeReason()).isEqualTo("try again later");
      assertThat(raw.received()).isEmpty();

      SockJsProbe sockjs = SockJsProbe.connect(vertx, node.httpPort(), "token=" + sockJsUser.token());
      assertThat(sockjs.awaitClosing()).isEqualTo(new SockJsProbe.Closing(1013, "unavailable"));
    } finally {
      api.close();
      Await.await(node.stop());
      database.close();
      Await.await(vertx.close());
    }
  }
}
