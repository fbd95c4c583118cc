package io.herald.bench;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Load tool for Herald's sockets (see bench/sockets.md); run by bench/run-sockets.sh against a separately started
 * server. System properties: bench.port, bench.pid (server), bench.secret, bench.admin-password, bench.n, bench.rounds.
 */
public final class SocketBench {

  private static final int BATCH = 250;

  private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
  private final int port = Integer.getInteger("bench.port", 18080);
  private final int n = Integer.getInteger("bench.n", 10_000);
  private final int rounds = Integer.getInteger("bench.rounds", 10);
  private final String phases = System.getProperty("bench.phases", "raw,sockjs,stream,churn");
  private final ServerProbe server = new ServerProbe(Long.getLong("bench.pid"));
  private final WebClient http = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port));
  private final JWTAuth jwt = JWTAuth.create(vertx, new JWTAuthOptions()
    .addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(System.getProperty("bench.secret"))));
  private String admin;

  public static void main(String[] args) throws Exception {
    SocketBench bench = new SocketBench();
    try {
      bench.run();
    } finally {
      bench.vertx.close().await();
    }
  }

  private void run() throws Exception {
    admin = http.post("/api/v1/auth/login").sendJsonObject(new JsonObject().put("username", "admin")
      .put("password", System.getProperty("bench.admin-password"))).await().bodyAsJsonObject().getString("access_token");
    report("conditions", new JsonObject().put("connections", n).put("cores", Runtime.getRuntime().availableProcessors()));
    if (phases.contains("raw")) {
      broadcast("raw", false);
    }
    if (phases.contains("sockjs")) {
      broadcast("sockjs", true);
    }
    if (phases.contains("stream")) {
      steadyStream();
    }
    if (phases.contains("churn")) {
      churn();
    }
  }

  private String token(long userId, String role) {
    return jwt.generateToken(new JsonObject().put("sub", Long.toString(userId)).put("username", "bench-" + userId).put("role", role),
      new JWTOptions().setAlgorithm("HS256").setExpiresInMinutes(120));
  }

  /** (a)/(c): N admin sockets; each broadcast is one complaint whose new_complaint frame goes to all N. */
  private void broadcast(String transport, boolean sockjs) throws Exception {
    ServerProbe.Memory before = server.measure();
    BenchClients clients = new BenchClients(vertx, "127.0.0.1", port);
    Histogram latency = new ConcurrentHistogram(3);
    AtomicLong received = new AtomicLong();
    AtomicLong sentAt = new AtomicLong();
    java.util.function.BiConsumer<Integer, String> listener = (i, frame) -> {
      if (frame.contains("new_complaint")) {
        latency.recordValue(Math.max(0, System.nanoTime() - sentAt.get()) / 1_000);
        received.incrementAndGet();
      }
    };
    long connectStart = System.nanoTime();
    long pinger = -1;
    if (sockjs) {
      clients.connectSockJs(n, BATCH, i -> token(2_000_000L + i, "admin"), "dashboard.complaints.new", listener);
      pinger = clients.pingBridgeEvery(5_000);
    } else {
      clients.connectRaw(n, BATCH, i -> token(1_000_000L + i, "admin"), listener);
    }
    double connectSeconds = (System.nanoTime() - connectStart) / 1e9;
    Thread.sleep(2_000);
    ServerProbe.Memory idle = server.measure().minus(before);
    report(transport + " idle", new JsonObject().put("connected", clients.size()).put("connect_seconds", connectSeconds)
      .put("heap_bytes_per_connection", idle.heapBytes() / n).put("rss_bytes_per_connection", idle.rssBytes() / n));
    long lost = 0;
    double slowest = 0;
    for (int round = 0; round < 5; round++) {
      received.set(0);
      sentAt.set(System.nanoTime());
      createComplaint(transport + " broadcast " + round);
      long deadline = System.currentTimeMillis() + 15_000;
      while (received.get() < n && System.currentTimeMillis() < deadline) {
        Thread.sleep(5);
      }
      double seconds = (System.nanoTime() - sentAt.get()) / 1e9;
      slowest = Math.max(slowest, seconds);
      lost += n - received.get();
      Thread.sleep(500);
    }
    report(transport + " broadcast x5", summary(latency).put("lost", lost)
      .put("delivered_per_second_slowest_round", Math.round(n / slowest)));
    vertx.cancelTimer(pinger);
    clients.closeAll();
    clients.shutdown();
  }

  /** (b): real students, one socket each, a steady stream of single-user notifications through the inbox. */
  private void steadyStream() throws Exception {
    int users = 200;
    int messages = 4_000;
    int perSecond = 200;
    long[] ids = new long[users];
    for (int i = 0; i < users; i++) {
      ids[i] = http.post("/api/v1/users").bearerTokenAuthentication(admin).sendJsonObject(new JsonObject()
        .put("username", "bench-" + System.nanoTime()).put("password", "bench-password").put("role", "student"))
        .await().bodyAsJsonObject().getLong("id");
    }
    BenchClients clients = new BenchClients(vertx, "127.0.0.1", port);
    Histogram latency = new ConcurrentHistogram(3);
    Map<String, Long> sent = new ConcurrentHashMap<>();
    AtomicLong received = new AtomicLong();
    clients.connectRaw(users, BATCH, i -> token(ids[i], "student"), (i, text) -> {
      JsonObject frame = new JsonObject(text);
      if ("notification".equals(frame.getString("type"))) {
        Long at = sent.remove(frame.getJsonObject("data").getString("title"));
        if (at != null) {
          latency.recordValue((System.nanoTime() - at) / 1_000);
          received.incrementAndGet();
        }
      }
    });
    long start = System.nanoTime();
    for (int m = 0; m < messages; m++) {
      long due = start + m * 1_000_000_000L / perSecond;
      while (System.nanoTime() < due) {
        Thread.onSpinWait();
      }
      String title = "stream-" + m;
      sent.put(title, System.nanoTime());
      http.post("/api/v1/notifications").bearerTokenAuthentication(admin).sendJsonObject(new JsonObject()
        .put("user_ids", new JsonArray().add(ids[m % users])).put("title", title).put("message", "bench"));
    }
    long deadline = System.currentTimeMillis() + 15_000;
    while (received.get() < messages && System.currentTimeMillis() < deadline) {
      Thread.sleep(10);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    report("raw steady stream", summary(latency).put("sent", messages).put("lost", messages - received.get())
      .put("target_per_second", perSecond).put("delivered_per_second", Math.round(received.get() / seconds)));
    clients.closeAll();
    clients.shutdown();
  }

  /** (d): rounds of N raw connects and closes; the server's heap after each round should not grow. */
  private void churn() throws Exception {
    ServerProbe.Memory before = server.measure();
    JsonArray heaps = new JsonArray();
    for (int round = 0; round < rounds; round++) {
      BenchClients clients = new BenchClients(vertx, "127.0.0.1", port);
      clients.connectRaw(n, BATCH, i -> token(3_000_000L + i, "student"), (i, frame) -> { });
      clients.closeAll();
      clients.shutdown();
      Thread.sleep(1_000);
      heaps.add(server.measure().minus(before).heapBytes() / 1024);
    }
    report("connect/disconnect rounds", new JsonObject().put("rounds", rounds).put("per_round", n)
      .put("heap_growth_kib_after_each_round", heaps));
  }

  private void createComplaint(String description) {
    HttpResponse<Buffer> response = http.post("/api/v1/complaints").bearerTokenAuthentication(admin).sendJsonObject(new JsonObject()
      .put("description", description).put("category", "bench").put("hostel", "Bench").put("room", "1").put("severity", "low")).await();
    if (response.statusCode() != 201) {
      throw new IllegalStateException("complaint not created: " + response.statusCode() + " " + response.bodyAsString());
    }
  }

  private static JsonObject summary(Histogram latency) {
    return new JsonObject().put("count", latency.getTotalCount())
      .put("p50_ms", latency.getValueAtPercentile(50) / 1000.0).put("p99_ms", latency.getValueAtPercentile(99) / 1000.0)
      .put("max_ms", latency.getMaxValue() / 1000.0);
  }

  private static void report(String phase, JsonObject numbers) {
    System.out.println("RESULT " + phase + " " + numbers.encode());
  }
}
