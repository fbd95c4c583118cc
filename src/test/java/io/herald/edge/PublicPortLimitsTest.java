package io.herald.edge;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.herald.config.Settings;
import io.herald.support.Await;
import io.herald.support.FreePorts;
import io.herald.support.OwnNode;
import io.herald.support.RawHttp;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.net.Socket;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Each limit of the public port, hit from outside over raw TCP, with small limits configured for the test. */
class PublicPortLimitsTest {

  private static final int CONNECTIONS_PER_IP = 12;
  private static final int RELAY_MAX_IN_FLIGHT = 2;

  private static OwnNode node;
  private static int apiPort;
  private static WebClient client;

  @BeforeAll
  static void start() {
    apiPort = FreePorts.next();
    node = OwnNode.start(new JsonObject()
      .put(Settings.API_PORT.key(), apiPort)
      .put(Settings.HTTP_HEADER_TIMEOUT_MS.key(), 2_000)
      .put(Settings.HTTP_IDLE_TIMEOUT_MS.key(), 3_000)
      .put(Settings.HTTP_BODY_TIMEOUT_MS.key(), 1_500)
      .put(Settings.HTTP_CONNECTIONS_PER_IP.key(), CONNECTIONS_PER_IP)
      .put(Settings.RELAY_MAX_IN_FLIGHT.key(), RELAY_MAX_IN_FLIGHT));
    client = WebClient.create(node.vertx(), new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(node.port())
      .setKeepAlive(false));
  }

  @AfterAll
  static void stop() {
    client.close();
    node.stop();
  }

  @Test
  void aRefusedUpgradeDoesNotExemptTheConnectionFromTheHeaderDeadline() {
    RawHttp.Answer answer = RawHttp.send(node.port(), "GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n"
      + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
      + "Sec-WebSocket-Version: 13\r\n\r\nGET /hea", 10_000);
    assertThat(answer.text()).startsWith("HTTP/1.1 404");
    assertThat(answer.closed()).isTrue();
  }

  @Test
  void halfARequestLineIsDroppedWithoutAnAnswer() {
    RawHttp.Answer answer = RawHttp.send(node.port(), "GET /hea", 10_000);
    assertThat(answer.closed()).isTrue();
    assertThat(answer.text()).isEmpty();
  }

  @Test
  void halfTheHeadersAreDroppedWithoutAnAnswer() {
    RawHttp.Answer answer = RawHttp.send(node.port(), "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nAcc", 10_000);
    assertThat(answer.closed()).isTrue();
    assertThat(answer.text()).isEmpty();
  }

  @Test
  void halfTheHeadersAreDroppedOnTheApiPortToo() {
    RawHttp.Answer answer = RawHttp.send(apiPort, "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nAcc", 10_000);
    assertThat(answer.closed()).isTrue();
    assertThat(answer.text()).isEmpty();
  }

  @Test
  void aBodyThatDoesNotArriveInTimeIsAnswered408AndTheConnectionClosed() {
    RawHttp.Answer answer = RawHttp.send(node.port(), RawHttp.UNFINISHED_LOGIN, 10_000);
    assertThat(answer.text()).startsWith("HTTP/1.1 408").contains("application/problem+json")
      .contains("\"status\":408").doesNotContain("access_token");
    assertThat(answer.closed()).isTrue();
  }

  @Test
  void aSlowBodyOnTheApiPortIsAnswered408Too() {
    RawHttp.Answer answer = RawHttp.send(apiPort, RawHttp.UNFINISHED_LOGIN, 10_000);
    assertThat(answer.text()).startsWith("HTTP/1.1 408").contains("application/problem+json");
    assertThat(answer.closed()).isTrue();
  }

  @Test
  void slowBodiesTakeNoPlaceAmongTheRelayedRequests() {
    List<Socket> slow = RawHttp.open(node.port(), 2 * RELAY_MAX_IN_FLIGHT, RawHttp.UNFINISHED_LOGIN);
    try {
      assertThat(health().statusCode()).isEqualTo(200);
    } finally {
      RawHttp.closeAll(slow);
    }
  }

  @Test
  void onePeerAddressGetsAtMostTheConfiguredNumberOfConnections() {
    List<Socket> idle = RawHttp.open(node.port(), CONNECTIONS_PER_IP, "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    try {
      // Answered, so counted: connections are accepted by several instances of the sockets verticle, and which of a
      // burst comes "beyond the cap" would otherwise depend on which instance gets to its connection first.
      idle.forEach(PublicPortLimitsTest::awaitAnswer);
      RawHttp.Answer refused = RawHttp.send(node.port(), "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", 10_000);
      assertThat(refused.closed()).isTrue();
      assertThat(refused.text()).isEmpty();
    } finally {
      RawHttp.closeAll(idle);
    }
    Await.until("connections accepted again once the others closed", () -> healthStatus() == 200);
  }

  private static void awaitAnswer(Socket socket) {
    try {
      socket.setSoTimeout(10_000);
      assertThat(socket.getInputStream().read()).isNotEqualTo(-1);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void theApiPortBelievesForwardingHeadersOnlyFromTheRelay() {
    ListAppender<ILoggingEvent> lines = new ListAppender<>();
    lines.start();
    Logger access = (Logger) LoggerFactory.getLogger("io.herald.access");
    access.addAppender(lines);
    try {
      String answer = RawHttp.exchange(apiPort, "GET /health?direct HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        + "X-Forwarded-For: 203.0.113.9\r\nX-Herald-Relay: guessed\r\nConnection: close\r\n\r\n", 5_000);
      assertThat(answer).startsWith("HTTP/1.1 200");
      Await.until("the access log line", () -> !direct(lines).isEmpty());
      assertThat(direct(lines).get(0)).endsWith(" 127.0.0.1").doesNotContain("203.0.113.9");
    } finally {
      access.detachAppender(lines);
    }
  }

  private static List<String> direct(ListAppender<ILoggingEvent> lines) {
    synchronized (lines) {
      return lines.list.stream().map(ILoggingEvent::getFormattedMessage).filter(l -> l.startsWith("GET /health?direct")).toList();
    }
  }

  /** The status of {@code GET /health}, or -1 when the connection was refused. */
  private static int healthStatus() {
    try {
      return health().statusCode();
    } catch (RuntimeException refused) {
      return -1;
    }
  }

  private static HttpResponse<Buffer> health() {
    return Await.await(client.get("/health").timeout(5_000).send(), 10);
  }

}
