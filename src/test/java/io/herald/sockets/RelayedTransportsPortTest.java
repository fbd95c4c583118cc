package io.herald.sockets;

import io.herald.auth.TokenAuth;
import io.herald.edge.ForwardedHeaders;
import io.herald.support.Await;
import io.herald.support.TestNode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The loopback port where one sockets instance serves SockJS's HTTP transports for the others is reachable by any
 * process on the machine: it serves only requests that carry the node's relay secret, as Herald's own relay sends them.
 */
class RelayedTransportsPortTest {

  private static final String RELAY_SECRET = "relay-" + UUID.randomUUID();

  private Vertx vertx;
  private SocketEndpoints endpoints;
  private HttpServer server;
  private WebClient client;

  @BeforeEach
  void serve() {
    vertx = Vertx.vertx();
    endpoints = new SocketEndpoints(vertx, new TokenAuth(vertx, TestNode.JWT_SECRET, 1), SocketSettings.from(new JsonObject()),
      5_000, "node", "scope-" + UUID.randomUUID(), "instance", RELAY_SECRET);
    server = Await.await(vertx.createHttpServer().requestHandler(endpoints.relayedHttpTransports()).listen(0, "127.0.0.1"));
    client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(server.actualPort())
      .setKeepAlive(false));
  }

  @AfterEach
  void close() {
    client.close();
    Await.await(endpoints.close());
    Await.await(server.close());
    Await.await(vertx.close());
  }

  @Test
  void aRequestWithoutTheRelaySecretIsRefused() {
    HttpResponse<Buffer> info = Await.await(client.get("/eventbus/info").send());
    HttpResponse<Buffer> session = Await.await(client.post(session() + "xhr").send());

    for (HttpResponse<Buffer> refused : new HttpResponse[] {info, session}) {
      assertThat(refused.statusCode()).isEqualTo(403);
      assertThat(refused.getHeader("Content-Type")).isEqualTo("application/problem+json");
    }
  }

  @Test
  void aRequestWithAnotherSecretIsRefused() {
    HttpResponse<Buffer> guessed = Await.await(client.post(session() + "xhr")
      .putHeader(ForwardedHeaders.RELAY_SECRET_HEADER, "relay-" + UUID.randomUUID()).send());

    assertThat(guessed.statusCode()).isEqualTo(403);
  }

  @Test
  void theRelaysRequestsAreServed() {
    HttpResponse<Buffer> info = Await.await(relayed(HttpMethod.GET, "/eventbus/info").send());
    HttpResponse<Buffer> opened = Await.await(relayed(HttpMethod.POST, session() + "xhr").send());

    assertThat(info.statusCode()).isEqualTo(200);
    assertThat(info.bodyAsJsonObject().getBoolean("websocket")).isTrue();
    assertThat(opened.statusCode()).isEqualTo(200);
    assertThat(opened.bodyAsString()).isEqualTo("o\n");
  }

  private HttpRequest<Buffer> relayed(HttpMethod method, String uri) {
    return client.request(method, uri).putHeader(ForwardedHeaders.RELAY_SECRET_HEADER, RELAY_SECRET)
      .putHeader("X-Forwarded-For", "203.0.113.9");
  }

  private static String session() {
    return "/eventbus/000/" + UUID.randomUUID().toString().substring(0, 8) + "/";
  }
}
