package io.herald.http;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.herald.support.Await;
import io.herald.support.NodeTest;
import io.herald.support.RawHttp;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.util.List;

import static io.herald.support.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

/** The public port relays REST to the API verticle with the client's real address; a client's own forwarding headers are not believed. */
class RelayTest extends NodeTest {

  private final ListAppender<ILoggingEvent> accessLog = new ListAppender<>();

  @BeforeEach
  void captureAccessLog() {
    accessLog.start();
    access().addAppender(accessLog);
  }

  @AfterEach
  void releaseAccessLog() {
    access().detachAppender(accessLog);
  }

  @Test
  void theApiSeesTheClientAddressNotAForgedOne() {
    WebClient client = WebClient.create(vertx);
    HttpResponse<Buffer> response = await(client.get(node.httpPort(), "127.0.0.1", "/health/ready")
      .putHeader("X-Forwarded-For", "203.0.113.7").putHeader("Forwarded", "for=203.0.113.8").send());
    client.close();
    assertThat(response.statusCode()).isEqualTo(200);
    Await.until("the access log line", () -> !readyLines().isEmpty());
    List<String> lines = readyLines();
    assertThat(lines).hasSize(1);
    assertThat(lines.get(0)).endsWith(" 127.0.0.1").doesNotContain("203.0.113");
  }

  @Test
  void aWebSocketUpgradeToAPathWithoutSocketsIsRefusedAtOnce() {
    RawHttp.Answer answer = RawHttp.send(node.httpPort(), "GET /api/v1/health HTTP/1.1\r\n"
      + "Host: 127.0.0.1\r\n"
      + "Upgrade: websocket\r\n"
      + "Connection: Upgrade\r\n"
      + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
      + "Sec-WebSocket-Version: 13\r\n"
      + "\r\n", 5_000);
    assertThat(answer.text()).startsWith("HTTP/1.1 404").contains("application/problem+json").contains("\"status\":404");
  }

  private List<String> readyLines() {
    synchronized (accessLog) {
      return accessLog.list.stream().map(ILoggingEvent::getFormattedMessage)
        .filter(line -> line.startsWith("GET /health/ready ")).toList();
    }
  }

  private static Logger access() {
    return (Logger) LoggerFactory.getLogger("io.herald.access");
  }
}
