package io.herald.bench;

import io.vertx.core.Future;
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

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Load tool for Herald's sockets (see bench/sockets.md); run by bench/run-sockets.sh against a separately started
 * server. System properties: bench.port, bench.pid (server), bench.secret, bench.admin-password, bench.n, bench.rounds.
 */
public final class SocketBench {

  private static final int BATCH = 250;
  /** bench.auth=frame: raw sockets authenticate with a first auth frame instead of ?token= in the URL. */
  private static final boolean AUTH_FRAME = "frame".equals(System.getProperty("bench.auth"));
  private static final byte[] STATUS_UPDATE = "{\"type\":\"status_update\"".getBytes(java.nio.charset.StandardCharsets.UTF_8);
  /** The only SockJS messages longer than this on the registered address are the complaint frames (pongs are short). */
  private static final int SOCKJS_EVENT_MIN_BYTES = 100;
  private static final int BROADCASTS = Integer.getInteger("bench.broadcasts", 10);
  /** Broadcasts before the measured ones, not recorded (JIT warm-up); their losses still count. */
  private static final int WARMUPS = Integer.getInteger("bench.warmups", 3);

  private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2).setPreferNativeTransport(true));
  private final int port = Integer.getInteger("bench.port", 18080);
  private final int n = Integer.getInteger("bench.n", 10_000);
  private final int rounds = Integer.getInteger("bench.rounds", 10);
  private final String phases = System.getProperty("bench.phases", "raw,sockjs,stream,churn");
  private final ServerProbe server = new ServerProbe(Long.getLong("bench.pid"));
  private final WebClient http = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port));
  private final JWTAuth jwt = JWTAuth.create(vertx, new JWTAuthOptions()
    .addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(System.getProperty("bench.secret"))));
  private String admin;
  private long[] porters;

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
    report("conditions", new JsonObject().put("connections", n).put("cores", Runtime.getRuntime().availableProcessors())
      .put("load_tool_transport", vertx.isNativeTransportEnabled() ? "epoll" : "nio")
      .put("raw_auth", AUTH_FRAME ? "first frame" : "?token= in the URL"));
    long usersStart = System.nanoTime();
    porters = createUsers(n, "porter");
    report("users", new JsonObject().put("porters", n).put("seconds", (System.nanoTime() - usersStart) / 1e9));
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

  /**
   * (a)/(c): N porter sockets (real users: sockets re-check each token's user); each broadcast is one status change
   * of a fresh complaint, whose status_update frame goes to all N. Receive times
   * are recorded per socket and turned into latencies after the round, so the tool does no work per frame beyond a
   * {@code contains} and a clock read. Two origins: just before the POST is sent (HTTP + transaction + publication +
   * fan-out) and the complaint's {@code created_at} (the server's clock, same host; from inside the transaction on).
   */
  private void broadcast(String transport, boolean sockjs) throws Exception {
    ServerProbe.Memory before = server.measure();
    String histogram = System.getProperty("bench.histogram." + transport);
    server.histogram(histogram == null || histogram.isEmpty() ? null : histogram + ".before");
    BenchClients clients = new BenchClients(vertx, "127.0.0.1", port);
    AtomicLongArray receivedAt = new AtomicLongArray(n);
    AtomicLong received = new AtomicLong();
    java.util.function.BiConsumer<Integer, Buffer> listener = (i, frame) -> {
      if ((sockjs ? frame.length() > SOCKJS_EVENT_MIN_BYTES : BenchClients.startsWith(frame, STATUS_UPDATE)) && receivedAt.compareAndSet(i, 0, System.nanoTime())) {
        received.incrementAndGet();
      }
    };
    long connectStart = System.nanoTime();
    long pinger = -1;
    if (sockjs) {
      clients.connectSockJs(n, BATCH, i -> token(porters[i], "porter"), "dashboard.complaints.updates", listener);
      pinger = clients.pingBridgeEvery(5_000);
    } else {
      clients.connectRaw(n, BATCH, i -> token(porters[i], "porter"), AUTH_FRAME, listener);
    }
    double connectSeconds = (System.nanoTime() - connectStart) / 1e9;
    Thread.sleep(2_000);
    ServerProbe.Memory idle = server.measure().minus(before);
    server.histogram(histogram);
    report(transport + " idle", new JsonObject().put("connected", clients.size()).put("connect_seconds", connectSeconds)
      .put("heap_bytes_per_connection", idle.heapBytes() / n).put("rss_bytes_per_connection", idle.rssBytes() / n));
    Histogram fromPost = new Histogram(3);
    Histogram fromCreated = new Histogram(3);
    JsonArray roundsP99 = new JsonArray();
    long lost = 0;
    double slowest = 0;
    for (int round = -WARMUPS; round < BROADCASTS; round++) {
      for (int i = 0; i < n; i++) {
        receivedAt.set(i, 0);
      }
      received.set(0);
      long complaint = createComplaint(transport + " broadcast " + round);
      long sentNanos = System.nanoTime();
      Instant sentWall = Instant.now();
      Instant createdAt = startWork(complaint);
      long deadline = System.currentTimeMillis() + 15_000;
      while (received.get() < n && System.currentTimeMillis() < deadline) {
        Thread.sleep(5);
      }
      Histogram thisRound = new Histogram(3);
      long last = sentNanos;
      lost += n - received.get();
      Thread.sleep(500);
      if (round < 0) {
        continue;
      }
      long createdOffsetMicros = ChronoUnit.MICROS.between(createdAt, sentWall);
      for (int i = 0; i < n; i++) {
        long at = receivedAt.get(i);
        if (at != 0) {
          long micros = (at - sentNanos) / 1_000;
          fromPost.recordValue(micros);
          thisRound.recordValue(micros);
          fromCreated.recordValue(Math.max(0, micros + createdOffsetMicros));
          last = Math.max(last, at);
        }
      }
      roundsP99.add(thisRound.getValueAtPercentile(99) / 1000.0);
      slowest = Math.max(slowest, (last - sentNanos) / 1e9);
    }
    report(transport + " broadcast x" + BROADCASTS + " from before the POST", summary(fromPost).put("lost", lost)
      .put("p99_ms_per_round", roundsP99).put("warmup_rounds", WARMUPS).put("delivered_per_second_slowest_round", Math.round(n / slowest)));
    report(transport + " broadcast x" + BROADCASTS + " from updated_at", summary(fromCreated));
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
    clients.connectRaw(users, BATCH, i -> token(ids[i], "student"), AUTH_FRAME, (i, data) -> {
      JsonObject frame = data.toJsonObject();
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
      clients.connectRaw(n, BATCH, i -> token(porters[i], "porter"), AUTH_FRAME, (i, data) -> { });
      clients.closeAll();
      clients.shutdown();
      Thread.sleep(1_000);
      heaps.add(server.measure().minus(before).heapBytes() / 1024);
    }
    report("connect/disconnect rounds", new JsonObject().put("rounds", rounds).put("per_round", n)
      .put("heap_growth_kib_after_each_round", heaps));
  }

  private long createComplaint(String description) {
    HttpResponse<Buffer> response = http.post("/api/v1/complaints").bearerTokenAuthentication(admin).sendJsonObject(new JsonObject()
      .put("description", description).put("category", "bench").put("hostel", "Bench").put("room", "1").put("severity", "low")).await();
    if (response.statusCode() != 201) {
      throw new IllegalStateException("complaint not created: " + response.statusCode() + " " + response.bodyAsString());
    }
    return response.bodyAsJsonObject().getLong("id");
  }

  /** open -> in_progress; returns the complaint's updated_at as the server wrote it. */
  private Instant startWork(long complaint) {
    HttpResponse<Buffer> response = http.patch("/api/v1/complaints/" + complaint + "/status").bearerTokenAuthentication(admin)
      .sendJsonObject(new JsonObject().put("status", "in_progress")).await();
    if (response.statusCode() != 200) {
      throw new IllegalStateException("status not changed: " + response.statusCode() + " " + response.bodyAsString());
    }
    return OffsetDateTime.parse(response.bodyAsJsonObject().getString("updated_at")).toInstant();
  }

  /** Real users, created over REST a few at a time (bcrypt cost is lowered by the run script). */
  private long[] createUsers(int count, String role) {
    long[] ids = new long[count];
    String prefix = "bench-" + role + "-" + System.nanoTime() + "-";
    for (int start = 0; start < count; start += 50) {
      List<Future<Void>> batch = new ArrayList<>();
      for (int i = start; i < Math.min(count, start + 50); i++) {
        int index = i;
        batch.add(http.post("/api/v1/users").bearerTokenAuthentication(admin).sendJsonObject(new JsonObject()
            .put("username", prefix + i).put("password", "bench-password").put("role", role))
          .map(response -> {
            if (response.statusCode() != 201) {
              throw new IllegalStateException("user not created: " + response.statusCode() + " " + response.bodyAsString());
            }
            ids[index] = response.bodyAsJsonObject().getLong("id");
            return null;
          }));
      }
      Future.all(batch).await();
    }
    return ids;
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
