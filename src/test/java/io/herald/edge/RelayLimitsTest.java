package io.herald.edge;

import io.herald.config.Settings;
import io.herald.sockets.SocketsVerticle;
import io.herald.support.Await;
import io.herald.support.RawHttp;
import io.herald.support.TestNode;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.Socket;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The relay, as seen from both ends: the public port in front of a stand-in API that echoes the headers it got, or
 * never answers ({@code /silent}). A client's forwarding headers never get through; the relay's bounds hold.
 */
@ExtendWith(VertxExtension.class)
class RelayLimitsTest {

  private static final String RELAY_SECRET = "relay-secret-of-this-test";
  private static final long SHORT_RELAY_TIMEOUT_MS = 1_000;
  private static final long LONG_RELAY_TIMEOUT_MS = 120_000;
  private static final int RELAY_MAX_IN_FLIGHT = 2;
  private static final int BALANCER_TEST_CAP = 2;
  private static final String SILENT = "GET /silent HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";

  private static Vertx vertx;
  private static HttpServer echo;
  private static int publicPort;
  private static int patientPort;
  private static int behindBalancerPort;
  private static final AtomicInteger silentRequestsReceived = new AtomicInteger();
  private static final AtomicInteger silentRequestsClosed = new AtomicInteger();
  private static WebClient client;

  @BeforeAll
  static void start(Vertx testVertx) {
    vertx = testVertx;
    echo = Await.await(vertx.createHttpServer().requestHandler(request -> {
      if (request.path().equals("/silent")) {
        silentRequestsReceived.incrementAndGet();
        request.response().closeHandler(closed -> silentRequestsClosed.incrementAndGet());
        return;
      }
      JsonObject headers = new JsonObject();
      request.headers().forEach(header -> headers.put(header.getKey().toLowerCase(), header.getValue()));
      request.response().putHeader("Content-Type", "application/json").end(headers.encode());
    }).listen(0, "127.0.0.1"));
    publicPort = front(relay(SHORT_RELAY_TIMEOUT_MS));
    patientPort = front(relay(LONG_RELAY_TIMEOUT_MS));
    behindBalancerPort = front(new JsonObject()
      .put(Settings.TRUSTED_PROXIES.key(), "127.0.0.1")
      .put(Settings.HTTP_CONNECTIONS_PER_IP.key(), BALANCER_TEST_CAP));
    client = WebClient.create(vertx);
  }

  private static JsonObject relay(long relayTimeoutMillis) {
    return new JsonObject()
      .put(Settings.RELAY_TIMEOUT_MS.key(), relayTimeoutMillis)
      .put(Settings.RELAY_MAX_IN_FLIGHT.key(), RELAY_MAX_IN_FLIGHT);
  }

  /** A public port in front of the echo, with these edge settings. */
  private static int front(JsonObject edge) {
    SocketsVerticle front = new SocketsVerticle();
    Await.await(vertx.deployVerticle(front, new DeploymentOptions().setConfig(new JsonObject()
      .put(Settings.HTTP_HOST.key(), "127.0.0.1")
      .put(SocketsVerticle.CONFIG_PORT, 0)
      .put(SocketsVerticle.CONFIG_API_HOST, "127.0.0.1")
      .put(SocketsVerticle.CONFIG_API_PORT, echo.actualPort())
      .put(SocketsVerticle.CONFIG_JWT_SECRET, TestNode.JWT_SECRET)
      .put(SocketsVerticle.CONFIG_NODE_ID, "relay-test")
      .put(SocketsVerticle.CONFIG_RELAY_SECRET, RELAY_SECRET)
      .mergeIn(edge))));
    return front.actualPort();
  }

  @AfterAll
  static void stop() {
    client.close();
    echo.close().await();
  }

  @Test
  void aClientsForwardingHeadersAreReplacedByHeraldsOwn() {
    JsonObject received = relayed(client.get(publicPort, "127.0.0.1", "/api/v1/anything")
      .putHeader("X-Forwarded-For", "203.0.113.7")
      .putHeader("X-Forwarded-Host", "evil.example")
      .putHeader("X-Forwarded-Port", "6666")
      .putHeader("X-Forwarded-Proto", "https")
      .putHeader("X-Forwarded-Prefix", "/evil")
      .putHeader("X-Real-IP", "203.0.113.8")
      .putHeader("Forwarded", "for=203.0.113.9;host=evil.example;proto=https")
      .putHeader("X-Herald-Relay", "guessed"));
    assertThat(received.fieldNames()).doesNotContain("x-forwarded-host", "x-forwarded-port", "x-forwarded-prefix",
      "x-real-ip", "forwarded");
    assertThat(received.getString("x-forwarded-for")).isEqualTo("127.0.0.1");
    assertThat(received.getString("x-forwarded-proto")).isEqualTo("http");
    assertThat(received.getString("x-herald-relay")).isEqualTo(RELAY_SECRET);
  }

  @Test
  void withoutForwardingHeadersTheApiStillLearnsTheClient() {
    JsonObject received = relayed(client.get(publicPort, "127.0.0.1", "/health"));
    assertThat(received.getString("x-forwarded-for")).isEqualTo("127.0.0.1");
    assertThat(received.getString("x-forwarded-proto")).isEqualTo("http");
  }

  @Test
  void aTrustedProxyNamesTheClientAndIsNotCappedPerAddress() {
    List<Socket> idle = RawHttp.open(behindBalancerPort, 2 * BALANCER_TEST_CAP, "");
    try {
      JsonObject received = relayed(client.get(behindBalancerPort, "127.0.0.1", "/health")
        .putHeader("X-Forwarded-For", "198.51.100.1, 203.0.113.7")
        .putHeader("X-Forwarded-Proto", "https")
        .putHeader("X-Forwarded-Host", "evil.example"));
      assertThat(received.getString("x-forwarded-for")).isEqualTo("203.0.113.7");
      assertThat(received.getString("x-forwarded-proto")).isEqualTo("https");
      assertThat(received.fieldNames()).doesNotContain("x-forwarded-host");
    } finally {
      RawHttp.closeAll(idle);
    }
  }

  @Test
  void anApiThatStaysSilentIsAnswered502AsAProblem() {
    HttpResponse<Buffer> response = Await.await(client.get(publicPort, "127.0.0.1", "/silent").timeout(20_000).send());
    assertThat(response.statusCode()).isEqualTo(502);
    assertThat(response.getHeader("Content-Type")).isEqualTo("application/problem+json");
    assertThat(response.bodyAsJsonObject().getInteger("status")).isEqualTo(502);
  }

  @Test
  void aRequestWhoseClientWentAwayIsResetUpstream() {
    int receivedBefore = silentRequestsReceived.get();
    int closedBefore = silentRequestsClosed.get();
    List<Socket> leaving = RawHttp.open(patientPort, 1, SILENT);
    Await.until("the request reaching the stand-in API", () -> silentRequestsReceived.get() > receivedBefore);
    RawHttp.closeAll(leaving);
    Await.until("the relayed request reset once its client left", () -> silentRequestsClosed.get() > closedBefore);
  }

  @Test
  void theRelayAnswers503WithRetryAfterWhenFullAndRecovers() {
    int receivedBefore = silentRequestsReceived.get();
    List<Socket> waiting = RawHttp.open(patientPort, RELAY_MAX_IN_FLIGHT, SILENT);
    try {
      Await.until("the requests reaching the stand-in API",
        () -> silentRequestsReceived.get() >= receivedBefore + RELAY_MAX_IN_FLIGHT);
      HttpResponse<Buffer> busy = Await.await(client.get(patientPort, "127.0.0.1", "/health").timeout(5_000).send());
      assertThat(busy.statusCode()).isEqualTo(503);
      assertThat(busy.getHeader("Retry-After")).isEqualTo("1");
      assertThat(busy.getHeader("Content-Type")).isEqualTo("application/problem+json");
      assertThat(busy.bodyAsJsonObject().getInteger("status")).isEqualTo(503);
    } finally {
      RawHttp.closeAll(waiting);
    }
    Await.until("the relay serving again once those clients left", () -> Await.await(
      client.get(patientPort, "127.0.0.1", "/health").timeout(5_000).send()).statusCode() == 200);
  }

  private static JsonObject relayed(io.vertx.ext.web.client.HttpRequest<Buffer> request) {
    HttpResponse<Buffer> response = Await.await(request.timeout(5_000).send());
    assertThat(response.statusCode()).isEqualTo(200);
    return response.bodyAsJsonObject();
  }
}
