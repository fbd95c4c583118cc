package io.herald.edge;

import io.herald.config.Settings;
import io.herald.support.Await;
import io.herald.support.OwnNode;
import io.herald.support.RawHttp;
import io.herald.support.TestNode;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The slow-body jam: connections that announce a login body and never finish it, held and dropped round after round.
 * The public port must keep serving health, logins and dashboard files during the attack and after it, and the
 * default limits must still let a crowd of legitimate clients behind one address in.
 */
class PublicPortJamTest {

  private static final int ATTACKERS = 80;
  private static final int ROUNDS = 3;
  private static final long HOLD_MILLIS = 2_000;
  private static final int STORM = 1_000;

  private static OwnNode node;
  private static WebClient client;

  @BeforeAll
  static void start() {
    node = OwnNode.start(new JsonObject()
      .put(Settings.HTTP_HEADER_TIMEOUT_MS.key(), 2_000)
      .put(Settings.HTTP_BODY_TIMEOUT_MS.key(), 1_000));
    client = WebClient.create(node.vertx(), new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(node.port())
      .setKeepAlive(false));
  }

  @AfterAll
  static void stop() {
    client.close();
    node.stop();
  }

  @Test
  void slowBodiesNeitherJamThePortDuringTheAttackNorAfterIt() throws InterruptedException {
    for (int round = 0; round < ROUNDS; round++) {
      List<Socket> attackers = RawHttp.open(node.port(), ATTACKERS, RawHttp.UNFINISHED_LOGIN);
      assertThePortServes();
      Thread.sleep(HOLD_MILLIS);
      RawHttp.closeAll(attackers);
    }
    assertThePortServes();
  }

  /** A restart's reconnect storm from behind one NAT: a thousand connections from one address, all served. */
  @Test
  void aThousandClientsFromOneAddressAreAllServedWithTheDefaultLimits() throws IOException {
    List<Socket> clients = RawHttp.open(node.port(), STORM, "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    try {
      for (Socket socket : clients) {
        socket.setSoTimeout(20_000);
        byte[] statusLine = socket.getInputStream().readNBytes("HTTP/1.1 200".length());
        assertThat(new String(statusLine, StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 200");
      }
    } finally {
      RawHttp.closeAll(clients);
    }
  }

  private static void assertThePortServes() {
    HttpResponse<Buffer> health = Await.await(client.get("/health").timeout(10_000).send(), 15);
    assertThat(health.statusCode()).isEqualTo(200);
    HttpResponse<Buffer> login = Await.await(client.post("/api/v1/auth/login").timeout(10_000)
      .sendJsonObject(new JsonObject().put("username", "admin").put("password", TestNode.ADMIN_PASSWORD)), 15);
    assertThat(login.statusCode()).isEqualTo(200);
    assertThat(login.bodyAsJsonObject().getString("access_token")).isNotBlank();
    HttpResponse<Buffer> page = Await.await(client.get("/index.html").timeout(10_000).send(), 15);
    assertThat(page.statusCode()).isEqualTo(200);
  }
}
