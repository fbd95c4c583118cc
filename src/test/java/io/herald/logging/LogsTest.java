package io.herald.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.herald.Herald;
import io.herald.config.Settings;
import io.herald.support.ApiClient;
import io.herald.support.Await;
import io.herald.support.FakeBotApi;
import io.herald.support.TelegramNodes;
import io.herald.support.TestNode;
import io.herald.support.WsProbe;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The log lines of a real node: each request's access line and the persistence and Telegram lines it caused carry
 * the same request id, the id a trusted proxy sent is kept and anyone else's is not, and no secret is ever written.
 */
class LogsTest {

  private static final String WEBHOOK_SECRET = "webhook-secret-never-logged-42";
  private static final String METRICS_TOKEN = "metrics-token-never-logged-42";
  private static final String PROXY = "127.0.0.2";

  private static Vertx vertx;
  private static FakeBotApi fake;
  private static Herald node;
  private static Captured captured;

  @BeforeAll
  static void start() {
    captured = new Captured();
    captured.setContext(context());
    captured.start();
    context().getLogger(Logger.ROOT_LOGGER_NAME).addAppender(captured);
    context().getLogger(io.herald.persistence.PersistenceVerticle.class.getPackageName()).setLevel(Level.DEBUG);
    vertx = TestNode.vertx();
    fake = FakeBotApi.start(vertx);
    node = TestNode.start(vertx, TelegramNodes.config(fake)
      .with(Settings.TELEGRAM_WEBHOOK_URL.key(), "https://herald.example/telegram/webhook")
      .with(Settings.TELEGRAM_WEBHOOK_SECRET.key(), WEBHOOK_SECRET)
      .with(Settings.METRICS_TOKEN.key(), METRICS_TOKEN)
      .with(Settings.TRUSTED_PROXIES.key(), PROXY));
  }

  @AfterAll
  static void stop() {
    Await.await(node.stop());
    fake.close();
    Await.await(vertx.close());
    context().getLogger(io.herald.persistence.PersistenceVerticle.class.getPackageName()).setLevel(null);
    context().getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(captured);
  }

  private static LoggerContext context() {
    return (LoggerContext) LoggerFactory.getILoggerFactory();
  }

  private static HttpResponse<Buffer> send(String from, String method, String path, String requestId, JsonObject body,
                                           String... headers) {
    WebClient client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1")
      .setDefaultPort(node.httpPort()).setLocalAddress(from));
    try {
      var request = client.request(io.vertx.core.http.HttpMethod.valueOf(method), path);
      if (requestId != null) {
        request.putHeader(RequestIds.HEADER, requestId);
      }
      for (int i = 0; i + 1 < headers.length; i += 2) {
        request.putHeader(headers[i], headers[i + 1]);
      }
      return Await.await(body == null ? request.send() : request.sendJsonObject(body));
    } finally {
      client.close();
    }
  }

  private static List<ILoggingEvent> linesWith(String requestId) {
    return captured.events.stream().filter(e -> requestId.equals(e.getMDCPropertyMap().get(RequestIds.MDC_KEY))).toList();
  }

  @Test
  void aRequestsAccessAndPersistenceLinesShareItsIdWhichTheClientGetsBack() {
    ApiClient api = new ApiClient(vertx, node.httpPort());
    String admin = api.adminToken();
    HttpResponse<Buffer> created = send("127.0.0.1", "POST", "/api/v1/complaints", null, new JsonObject()
      .put("description", "Leaking tap").put("category", "plumbing").put("hostel", TelegramNodes.newHostel()).put("severity", "low"),
      "Authorization", "Bearer " + admin);
    api.close();
    assertThat(created.statusCode()).isEqualTo(201);
    String id = created.getHeader(RequestIds.HEADER);
    assertThat(id).isNotBlank();

    Await.until("the access line", () -> linesWith(id).stream().anyMatch(e -> e.getLoggerName().equals("io.herald.access")));
    assertThat(linesWith(id)).anyMatch(e -> e.getLoggerName().equals("io.herald.access")
      && e.getFormattedMessage().contains("POST /api/v1/complaints 201"));
    // persistence logs its line once it has replied, so it may come just after the access line
    Await.until("the persistence side logged the same request", () -> linesWith(id).stream()
      .anyMatch(e -> e.getLoggerName().startsWith("io.herald.persistence") && e.getFormattedMessage().contains("persistence.complaints.create")));
  }

  @Test
  void onlyATrustedProxyChoosesTheId() {
    HttpResponse<Buffer> viaProxy = send(PROXY, "GET", "/health", "lb-7f3a9c", null);
    HttpResponse<Buffer> direct = send("127.0.0.1", "GET", "/health", "made-up-by-a-client", null);
    HttpResponse<Buffer> unsafe = send(PROXY, "GET", "/health", "bad id\twith spaces", null);

    assertThat(viaProxy.getHeader(RequestIds.HEADER)).isEqualTo("lb-7f3a9c");
    assertThat(direct.getHeader(RequestIds.HEADER)).isNotBlank().isNotEqualTo("made-up-by-a-client");
    assertThat(unsafe.getHeader(RequestIds.HEADER)).isNotBlank().doesNotContain(" ");
    Await.until("the proxy's id in the access line", () -> !linesWith("lb-7f3a9c").isEmpty());
  }

  @Test
  void aWebhookUpdatesTelegramLinesCarryTheWebhookRequestsId() {
    HttpResponse<Buffer> answered = send("127.0.0.1", "POST", "/telegram/webhook", null,
      new JsonObject().put("update_id", 77).put("edited_channel_post", new JsonObject()),
      "X-Telegram-Bot-Api-Secret-Token", WEBHOOK_SECRET);
    assertThat(answered.statusCode()).isEqualTo(200);
    String id = answered.getHeader(RequestIds.HEADER);

    Await.until("the Telegram line", () -> linesWith(id).stream().anyMatch(e -> e.getLoggerName().startsWith("io.herald.telegram")));
  }

  @Test
  void noSecretIsEverWritten() {
    ApiClient api = new ApiClient(vertx, node.httpPort());
    String admin = api.adminToken();
    api.post("/api/v1/auth/login", null, new JsonObject().put("username", "admin").put("password", "wrong-password-never-logged"));
    api.get("/metrics", METRICS_TOKEN);
    api.get("/metrics", admin);
    WsProbe probe = WsProbe.connect(vertx, node.httpPort(), "/ws/notifications?token=" + admin);
    probe.next();
    probe.close();
    send("127.0.0.1", "POST", "/telegram/webhook", null, new JsonObject().put("update_id", 78), "X-Telegram-Bot-Api-Secret-Token", "wrong-" + WEBHOOK_SECRET);
    HttpResponse<Buffer> badToken = send("127.0.0.1", "GET", "/api/v1/complaints?token=" + admin, null, null,
      "Authorization", "Bearer " + admin + "x");
    assertThat(badToken.statusCode()).isEqualTo(401);
    api.close();
    Await.until("the socket's access line", () -> captured.events.stream()
      .anyMatch(e -> e.getFormattedMessage().startsWith("GET /ws/notifications?token=*** 101")));

    String all = rendered();
    assertThat(captured.events).anyMatch(e -> e.getFormattedMessage().startsWith("POST /api/v1/auth/login 401"));
    for (String secret : List.of(TestNode.ADMIN_PASSWORD, "wrong-password-never-logged", TestNode.JWT_SECRET, admin,
      admin.substring(admin.lastIndexOf('.') + 1), TelegramNodes.TOKEN, WEBHOOK_SECRET, METRICS_TOKEN)) {
      assertThat(all).as("a secret in the logs").doesNotContain(secret);
    }
  }

  /** Every captured line as JSON (message pattern, arguments, formatted message, MDC, exception), one per line. */
  private static String rendered() {
    JsonEncoder json = new JsonEncoder();
    json.setContext(context());
    json.setWithFormattedMessage(true);
    json.start();
    StringBuilder out = new StringBuilder();
    captured.events.forEach(event -> out.append(new String(json.encode(event), StandardCharsets.UTF_8)));
    return out.toString();
  }

  /** Every event logged while the node runs, from any thread. */
  private static final class Captured extends AppenderBase<ILoggingEvent> {

    private final Queue<ILoggingEvent> events = new ConcurrentLinkedQueue<>();

    @Override
    protected void append(ILoggingEvent event) {
      event.prepareForDeferredProcessing();
      events.add(event);
    }
  }
}
