package io.herald;

import io.herald.cluster.ClusterSettings;
import io.herald.config.HeraldConfig;
import io.herald.config.LogbackSettings;
import io.herald.config.Settings;
import io.herald.database.DatabaseSettings;
import io.herald.metrics.HeraldMetrics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Reads the configuration, starts Vert.x (clustered over Hazelcast when asked) and one Herald node. */
public final class Main {

  static {
    System.setProperty("vertx.logger-delegate-factory-class-name", "io.vertx.core.logging.SLF4JLogDelegateFactory");
    System.setProperty("hazelcast.logging.type", "slf4j");
  }

  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  private Main() {
  }

  public static void main(String[] args) {
    List<String> logging = LogbackSettings.problems(System.getenv(), System.getProperties());
    if (!logging.isEmpty()) {
      // not through the log: these very settings may have left logback without an appender
      System.err.println("Bad configuration: " + String.join("; ", logging));
      System.exit(1);
    }
    String file = System.getenv().getOrDefault(Settings.CONFIG_FILE.key(), HeraldConfig.DEFAULT_FILE);
    HeraldConfig config = configuration(file);
    ClusterSettings settings = config.get(Settings.CLUSTERED) ? clusterSettings(config) : null;
    HazelcastClusterManager cluster = settings == null ? null : new HazelcastClusterManager(settings.hazelcast());
    Vertx vertx = createVertx(settings, cluster)
      .onFailure(failure -> {
        LOG.error("Vert.x failed to start: {}", failure.getMessage());
        System.exit(1);
      })
      .await();
    Herald herald = Herald.start(vertx, config, cluster == null ? null : cluster.getHazelcastInstance())
      .onFailure(failure -> {
        LOG.error("Herald failed to start: {}", failure.getMessage(), failure);
        vertx.close();
        System.exit(1);
      })
      .await();
    LOG.info("Herald is up on port {}", herald.httpPort());
    Runtime.getRuntime().addShutdownHook(new Thread(() -> shutdown(vertx, herald), "herald-shutdown"));
  }

  /** The configuration; on a value a setting does not accept, the reason is logged and the process exits with 1. */
  private static HeraldConfig configuration(String file) {
    Vertx bootstrap = Vertx.vertx();
    try {
      return HeraldConfig.load(bootstrap, file).andThen(done -> bootstrap.close()).await();
    } catch (RuntimeException e) {
      LOG.error("Bad configuration: {}", e.getMessage());
      System.exit(1);
      throw e;
    }
  }

  /** Every node of a cluster must see the same data, so a clustered node refuses to start on its own embedded database. */
  private static ClusterSettings clusterSettings(HeraldConfig config) {
    if (DatabaseSettings.external(config) == null) {
      LOG.error("HERALD_CLUSTERED=true needs the external PostgreSQL that every node shares: set HERALD_PG_URL or HERALD_PG_HOST");
      System.exit(1);
    }
    try {
      ClusterSettings cluster = ClusterSettings.from(config);
      LOG.info("Joining cluster '{}' as {}:{} through members {}", cluster.name(), cluster.host(), cluster.port(), cluster.members());
      return cluster;
    } catch (IllegalArgumentException e) {
      LOG.error("Bad cluster configuration: {}", e.getMessage());
      System.exit(1);
      throw e;
    }
  }

  private static Future<Vertx> createVertx(ClusterSettings settings, HazelcastClusterManager cluster) {
    VertxOptions options = new VertxOptions().setPreferNativeTransport(true).setMetricsOptions(HeraldMetrics.options());
    Future<Vertx> created;
    if (cluster != null) {
      settings.eventBus(options.getEventBusOptions());
      created = Vertx.builder().with(options).withClusterManager(cluster).buildClustered();
    } else {
      created = Future.succeededFuture(Vertx.builder().with(options).build());
    }
    return created.onSuccess(vertx -> LOG.info("Network transport: {}", vertx.isNativeTransportEnabled()
      ? "native (epoll)" : "Java NIO (native unavailable: " + vertx.unavailableNativeTransportCause() + ")"));
  }

  private static void shutdown(Vertx vertx, Herald herald) {
    LOG.info("Shutting down");
    CountDownLatch done = new CountDownLatch(1);
    herald.stop().eventually(vertx::close).onComplete(v -> done.countDown());
    try {
      if (!done.await(30, TimeUnit.SECONDS)) {
        LOG.warn("Shutdown did not finish within 30 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
