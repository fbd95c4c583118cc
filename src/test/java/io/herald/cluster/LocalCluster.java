package io.herald.cluster;

import io.herald.database.DatabaseSettings;
import io.herald.support.FreePorts;
import io.herald.support.TestDatabase;
import io.herald.support.TestNode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Herald nodes in separate JVMs on 127.0.0.1, one cluster of their own (a unique cluster name, free ports chosen per
 * run), all on the test run's embedded PostgreSQL. Closing it kills every process it started.
 */
final class LocalCluster implements AutoCloseable {

  /** Small on purpose: a dead or frozen member is dropped after this many seconds of silence. */
  static final int FAILURE_TIMEOUT_SECONDS = 8;
  static final int PING_INTERVAL_MS = 1_000;
  private static final long READY_SECONDS = 90;

  private final List<NodeProcess> nodes = new ArrayList<>();
  private final List<Integer> httpPorts = new ArrayList<>();
  private final WebClient http;
  private final Path logs;
  private final String clusterName = "herald-test-" + UUID.randomUUID();
  private final List<String> members = new ArrayList<>();

  /** {@code extraEnv}: settings every node gets on top of the cluster's own. */
  LocalCluster(Vertx vertx, int size, Map<String, String> extraEnv) {
    this.http = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setConnectTimeout(2_000));
    List<Integer> clusterPorts = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      httpPorts.add(freePort());
      clusterPorts.add(freePort());
    }
    clusterPorts.forEach(port -> members.add("127.0.0.1:" + port));
    logs = logDirectory();
    for (int i = 0; i < size; i++) {
      Map<String, String> env = new HashMap<>(commonEnv());
      env.putAll(extraEnv);
      env.put("HERALD_CLUSTER_NAME", clusterName);
      env.put("HERALD_CLUSTER_MEMBERS", String.join(",", members));
      env.put("HERALD_CLUSTER_PORT", Integer.toString(clusterPorts.get(i)));
      env.put("HERALD_EVENTBUS_PORT", Integer.toString(freePort()));
      env.put("HERALD_HTTP_PORT", Integer.toString(httpPorts.get(i)));
      env.put("HERALD_DATA_DIR", TestNode.tempDir().toString());
      nodes.add(new NodeProcess("node" + (i + 1), env, logs.resolve("node" + (i + 1) + ".log")));
    }
  }

  /**
   * Starts every node at once and waits until all of them serve and see each other. A cluster that does not come up
   * is killed before the failure goes on: its test never gets it to close, and nodes left running on the shared
   * database would take cluster-wide duties (the Telegram outbox, the poller) from the test classes after it.
   */
  LocalCluster start() {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> nodes.forEach(NodeProcess::kill)));
    try {
      heal();
    } catch (RuntimeException | Error failed) {
      close();
      throw failed;
    }
    return this;
  }

  /** The log lines of node {@code i} so far (all its runs). */
  List<String> logLines(int i) {
    try {
      return Files.readAllLines(node(i).log());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String clusterName() {
    return clusterName;
  }

  /** Every node's Hazelcast address, {@code host:port}. */
  List<String> members() {
    return List.copyOf(members);
  }

  /** Where the nodes' logs go (one file per node). */
  Path logs() {
    return logs;
  }

  /** Node {@code i} (1-based). */
  NodeProcess node(int i) {
    return nodes.get(i - 1);
  }

  int port(int i) {
    return httpPorts.get(i - 1);
  }

  List<Integer> ports() {
    return List.copyOf(httpPorts);
  }

  /**
   * (Re)starts every node that is not running, until every node answers ready with all members: a node that left
   * the cluster on its own (see SplitBrainExit) is started again too.
   */
  void heal() {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(READY_SECONDS);
    while (true) {
      List<NodeProcess> started = nodes.stream().filter(node -> !node.alive()).toList();
      started.forEach(NodeProcess::start);
      started.forEach(NodeProcess::awaitUp);
      if (allReady()) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("cluster not ready with " + nodes.size() + " members within " + READY_SECONDS + " s; see "
          + nodes.get(0).log().getParent());
      }
      sleep(250);
    }
  }

  /**
   * Waits until every node but {@code lost} counts it out of the cluster. A frozen node thawed before that is still a
   * member (the others may be slow to drop it on a loaded machine), not a node cut off from the cluster.
   */
  void awaitDroppedByTheOthers(int lost) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(READY_SECONDS);
    while (!droppedByTheOthers(lost)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("node " + lost + " still a member for the others after " + READY_SECONDS + " s; see "
          + logs);
      }
      sleep(250);
    }
  }

  private boolean droppedByTheOthers(int lost) {
    for (int i = 1; i <= nodes.size(); i++) {
      if (i != lost && members(i) != nodes.size() - 1) {
        return false;
      }
    }
    return true;
  }

  private boolean allReady() {
    for (int i = 1; i <= nodes.size(); i++) {
      if (!node(i).alive() || members(i) != nodes.size()) {
        return false;
      }
    }
    return true;
  }

  /** {@code GET /health/ready} of node {@code i}. */
  HttpResponse<Buffer> readiness(int i) {
    return http.get(port(i), "127.0.0.1", "/health/ready").timeout(10_000).send().await();
  }

  /** The sockets node {@code i} holds, asked of that node itself. */
  int socketsOn(int i) {
    return http.get(port(i), "127.0.0.1", "/api/v1/websocket/health").timeout(10_000).send().await()
      .bodyAsJsonObject().getInteger("connections");
  }

  private int members(int i) {
    try {
      HttpResponse<Buffer> ready = readiness(i);
      if (ready.statusCode() != 200) {
        return -1;
      }
      return ready.bodyAsJsonObject().getJsonArray("checks").stream().map(JsonObject.class::cast)
        .filter(check -> "cluster".equals(check.getString("id")))
        .mapToInt(check -> check.getJsonObject("data").getInteger("members")).findFirst().orElse(-1);
    } catch (RuntimeException e) {
      return -1;
    }
  }

  @Override
  public void close() {
    for (NodeProcess node : nodes) {
      if (node.alive()) {
        node.thaw();
      }
      node.kill();
    }
    http.close();
  }

  private static Map<String, String> commonEnv() {
    DatabaseSettings db = TestDatabase.settings();
    Map<String, String> env = new HashMap<>();
    env.put("HERALD_CLUSTERED", "true");
    env.put("HERALD_CLUSTER_HOST", "127.0.0.1");
    env.put("HERALD_CLUSTER_FAILURE_TIMEOUT_SECONDS", Integer.toString(FAILURE_TIMEOUT_SECONDS));
    env.put("HERALD_HTTP_HOST", "127.0.0.1");
    env.put("HERALD_PG_HOST", db.host());
    env.put("HERALD_PG_PORT", Integer.toString(db.port()));
    env.put("HERALD_PG_DATABASE", db.database());
    env.put("HERALD_PG_USER", db.user());
    env.put("HERALD_PG_PASSWORD", db.password());
    env.put("HERALD_PG_POOL_SIZE", "4");
    env.put("HERALD_ADMIN_PASSWORD", TestNode.ADMIN_PASSWORD);
    env.put("HERALD_JWT_SECRET", TestNode.JWT_SECRET);
    env.put("HERALD_BCRYPT_COST", "4");
    env.put("HERALD_REQUEST_TIMEOUT_MS", "5000");
    env.put("HERALD_RETENTION_INTERVAL_MINUTES", "0");
    env.put("HERALD_WS_PING_INTERVAL_MS", Integer.toString(PING_INTERVAL_MS));
    env.put("HERALD_TRUSTED_PROXIES", "127.0.0.1");
    TestNode.sharedCounterHeadroom().forEach(limit -> env.put(limit.getKey(), String.valueOf(limit.getValue())));
    return env;
  }

  private static Path logDirectory() {
    try {
      return Files.createDirectories(Path.of("target", "cluster-logs", Long.toString(System.currentTimeMillis())));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static int freePort() {
    return FreePorts.next();
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
