package io.herald;

import com.hazelcast.core.HazelcastInstance;
import io.herald.auth.JwtSecret;
import io.herald.auth.Passwords;
import io.herald.bus.Addresses;
import io.herald.bus.OnThisNode;
import io.herald.bus.UnchangedJson;
import io.herald.cluster.ClusterHealthVerticle;
import io.herald.config.HeraldConfig;
import io.herald.config.Setting;
import io.herald.config.Settings;
import io.herald.database.DatabaseServer;
import io.herald.database.DatabaseSettings;
import io.herald.database.Migrations;
import io.herald.email.EmailOptions;
import io.herald.email.EmailVerticle;
import io.herald.escalation.EscalationOptions;
import io.herald.escalation.EscalationVerticle;
import io.herald.email.LinkTokens;
import io.herald.http.HttpApiVerticle;
import io.herald.logging.RequestIds;
import io.herald.metrics.MetricsVerticle;
import io.herald.persistence.PersistenceDutiesVerticle;
import io.herald.persistence.PersistenceVerticle;
import io.herald.persistence.ProducerVerticle;
import io.herald.sockets.SocketsVerticle;
import io.herald.telegram.TelegramOptions;
import io.herald.telegram.TelegramVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryContext;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * One running Herald node: its database (embedded or external), schema, and verticles deployed in order.
 * {@link Main} starts one from the configuration; tests start and stop them the same way.
 */
public final class Herald {

  private static final Logger LOG = LoggerFactory.getLogger(Herald.class);
  private static final String ADMIN_USERNAME = "admin";

  private final Vertx vertx;
  private final HeraldConfig config;
  private final boolean clustered;
  private final List<String> deployments = new ArrayList<>();
  private Handler<DeliveryContext<Object>> requestIds;
  private final String nodeId = UUID.randomUUID().toString();
  private final String relaySecret = generatedPassword();
  private DatabaseServer embeddedDatabase;
  private DatabaseSettings database;
  private String jwtSecret;
  private int httpPort;
  private int metricsPort;

  private Herald(Vertx vertx, HeraldConfig config, boolean clustered) {
    this.vertx = vertx;
    this.config = config;
    this.clustered = clustered;
  }

  public static Future<Herald> start(Vertx vertx, HeraldConfig config) {
    return start(vertx, config, null);
  }

  /** A node of a cluster when {@code hazelcast} (the cluster manager's instance) is given, else a single node. */
  public static Future<Herald> start(Vertx vertx, HeraldConfig config, HazelcastInstance hazelcast) {
    return config.validate().compose(valid -> startValid(vertx, valid, hazelcast));
  }

  private static Future<Herald> startValid(Vertx vertx, HeraldConfig config, HazelcastInstance hazelcast) {
    Herald herald = new Herald(vertx, config, hazelcast != null);
    herald.requestIds = RequestIds.install(vertx.eventBus());
    UnchangedJson.register(vertx.eventBus());
    return herald.prepareStorage()
      .compose(v -> herald.deployInstances(PersistenceVerticle::new, herald.persistenceConfig(), herald.persistenceInstances()))
      .compose(v -> herald.deployInstances(ProducerVerticle::new, herald.persistenceConfig(), herald.instances(Settings.PRODUCER_INSTANCES)))
      .compose(v -> herald.deploy(new PersistenceDutiesVerticle(), herald.persistenceConfig()))
      .compose(v -> hazelcast == null ? Future.succeededFuture() : herald.deploy(new ClusterHealthVerticle(hazelcast), new JsonObject()))
      .compose(v -> herald.ensureAdmin())
      .compose(v -> herald.deployInstances(HttpApiVerticle::new, herald.httpConfig(), herald.instances(Settings.API_INSTANCES)))
      .compose(api -> herald.deployInstances(SocketsVerticle::new, herald.socketsConfig(api.get(0).actualPort()),
        herald.instances(Settings.SOCKETS_INSTANCES)))
      .compose(front -> {
        herald.httpPort = front.get(0).actualPort();
        return herald.deploy(new TelegramVerticle(), herald.telegramConfig());
      })
      .compose(telegram -> herald.deploy(new EmailVerticle(), herald.emailConfig()))
      .compose(email -> herald.deploy(new EscalationVerticle(), herald.config.subset(EscalationVerticle.SETTINGS)))
      .compose(escalation -> herald.deployMetricsPort())
      .map(metrics -> herald)
      .recover(failure -> herald.stop().transform(stopped -> Future.failedFuture(failure)));
  }

  /** The public port: sockets, and everything else relayed to the API. */
  public int httpPort() {
    return httpPort;
  }

  public DatabaseSettings database() {
    return database;
  }

  /** Undeploys this node's verticles in reverse order, then stops the embedded database if it started one. */
  public Future<Void> stop() {
    List<String> reversed = new ArrayList<>(deployments);
    java.util.Collections.reverse(reversed);
    Future<Void> chain = Future.succeededFuture();
    for (String id : reversed) {
      chain = chain.compose(v -> vertx.undeploy(id).recover(failure -> Future.succeededFuture()));
    }
    deployments.clear();
    if (requestIds != null) {
      RequestIds.uninstall(vertx.eventBus(), requestIds);
      requestIds = null;
    }
    return chain.compose(v -> vertx.executeBlocking(() -> {
      if (embeddedDatabase != null) {
        embeddedDatabase.close();
        embeddedDatabase = null;
      }
      return null;
    }));
  }

  private Future<Void> prepareStorage() {
    return vertx.executeBlocking(() -> {
      Path dataDir = Path.of(config.get(Settings.DATA_DIR));
      database = DatabaseSettings.external(config);
      if (database == null) {
        // Embedded, HERALD_PG_PORT is the port it listens on; unset, any free one.
        int port = config.isSet(Settings.PG_PORT) ? config.get(Settings.PG_PORT) : 0;
        embeddedDatabase = DatabaseServer.start(dataDir.resolve("postgres"), port);
        database = embeddedDatabase.settings();
      } else {
        LOG.info("Using PostgreSQL at {}", database);
      }
      Migrations.migrate(database);
      jwtSecret = JwtSecret.resolve(config.get(Settings.JWT_SECRET), dataDir);
      return null;
    });
  }

  private <T extends io.vertx.core.Deployable> Future<T> deploy(T verticle, JsonObject verticleConfig) {
    return vertx.deployVerticle(verticle, new DeploymentOptions().setConfig(verticleConfig)).map(id -> {
      deployments.add(id);
      return verticle;
    });
  }

  /** {@code count} instances of one verticle, each on its own event loop; the instances, in no particular order. */
  private <T extends io.vertx.core.Deployable> Future<List<T>> deployInstances(Supplier<T> verticle, JsonObject verticleConfig,
                                                                              int count) {
    List<T> created = new CopyOnWriteArrayList<>();
    Supplier<T> recording = () -> {
      T instance = verticle.get();
      created.add(instance);
      return instance;
    };
    return vertx.deployVerticle(recording, new DeploymentOptions().setConfig(verticleConfig).setInstances(count)).map(id -> {
      deployments.add(id);
      return created;
    });
  }

  /** A setting of instances per node: 0 means one per available processor. */
  private int instances(Setting<Integer> setting) {
    int configured = config.get(setting);
    return configured > 0 ? configured : Runtime.getRuntime().availableProcessors();
  }

  private int persistenceInstances() {
    return instances(Settings.PERSISTENCE_INSTANCES);
  }

  /**
   * A port that all instances of one verticle share: the configured one, or for 0 one the system chooses (Vert.x
   * shares one random port among servers listening on the same negative number; port 0 would give each its own).
   */
  private int sharedPort(Setting<Integer> setting) {
    int port = config.get(setting);
    return port == 0 ? -1 - new SecureRandom().nextInt(1 << 20) : port;
  }

  /** The optional port that serves only {@code /metrics}, without a token (docs/operations.md). */
  private Future<?> deployMetricsPort() {
    if (!config.isSet(Settings.METRICS_PORT)) {
      return Future.succeededFuture();
    }
    return deploy(new MetricsVerticle(), config.subset(MetricsVerticle.SETTINGS))
      .onSuccess(metrics -> metricsPort = metrics.actualPort());
  }

  /** The metrics port actually bound, or 0 when there is none. */
  public int metricsPort() {
    return metricsPort;
  }

  private Future<Void> ensureAdmin() {
    String configured = config.get(Settings.ADMIN_PASSWORD);
    String password = configured != null ? configured : generatedPassword();
    Passwords passwords = new Passwords(bcryptCost());
    return vertx.executeBlocking(() -> passwords.hash(password))
      .compose(hash -> vertx.eventBus().<JsonObject>request(Addresses.USERS_ENSURE_ADMIN,
        new JsonObject().put("username", ADMIN_USERNAME).put("password_hash", hash), OnThisNode.delivery()))
      .map(reply -> {
        if (reply.body().getBoolean("created") && configured == null) {
          LOG.warn("Created user '{}' with generated password: {} (shown once; set HERALD_ADMIN_PASSWORD to choose it)",
            ADMIN_USERNAME, password);
        }
        return null;
      });
  }

  private JsonObject persistenceConfig() {
    return config.subset(PersistenceVerticle.SETTINGS)
      .put(PersistenceVerticle.CONFIG_DATABASE, database.toJson())
      .put(PersistenceVerticle.CONFIG_POOL_SIZE, poolSizePerInstance())
      .mergeIn(telegramPersistenceConfig());
  }

  /** {@code HERALD_PG_POOL_SIZE} is the node's connections for requests, shared out among the persistence instances. */
  private int poolSizePerInstance() {
    int instances = persistenceInstances();
    return Math.max(1, (config.get(Settings.PG_POOL_SIZE) + instances - 1) / instances);
  }

  /** Complaint changes queue their Telegram messages in their own transaction; the persistence side needs these (no token). */
  private JsonObject telegramPersistenceConfig() {
    TelegramOptions telegram = TelegramOptions.from(telegramConfig());
    return new JsonObject()
      .put(PersistenceVerticle.CONFIG_TELEGRAM_ENABLED, telegram.enabled())
      .put(PersistenceVerticle.CONFIG_TELEGRAM_MINUTE_MS, telegram.rateMinuteMs());
  }

  private JsonObject httpConfig() {
    return config.subset(HttpApiVerticle.SETTINGS)
      .put(HttpApiVerticle.CONFIG_PORT, sharedPort(Settings.API_PORT))
      .put(HttpApiVerticle.CONFIG_JWT_SECRET, jwtSecret)
      .put(HttpApiVerticle.CONFIG_RELAY_SECRET, relaySecret)
      .put(HttpApiVerticle.CONFIG_CLUSTERED, clustered)
      .put(HttpApiVerticle.CONFIG_INSTANCES, instances(Settings.API_INSTANCES))
      .put(HttpApiVerticle.CONFIG_MAIL_LINK_KEY, LinkTokens.deriveKey(jwtSecret))
      .put(HttpApiVerticle.CONFIG_TELEGRAM_ENABLED, TelegramOptions.from(telegramConfig()).enabled());
  }

  private JsonObject socketsConfig(int apiPort) {
    return config.subset(SocketsVerticle.SETTINGS)
      .put(SocketsVerticle.CONFIG_PORT, sharedPort(Settings.HTTP_PORT))
      .put(SocketsVerticle.CONFIG_API_HOST, apiConnectHost())
      .put(SocketsVerticle.CONFIG_API_PORT, apiPort)
      .put(SocketsVerticle.CONFIG_JWT_SECRET, jwtSecret)
      .put(SocketsVerticle.CONFIG_NODE_ID, nodeId)
      .put(SocketsVerticle.CONFIG_RELAY_SECRET, relaySecret);
  }

  /** Where the public port relays API requests: the API's own address, or loopback when it listens on every interface. */
  private String apiConnectHost() {
    String host = config.get(Settings.API_HOST);
    return "0.0.0.0".equals(host) || "::".equals(host) ? "127.0.0.1" : host;
  }

  private JsonObject telegramConfig() {
    return config.subset(TelegramVerticle.SETTINGS);
  }

  private JsonObject emailConfig() {
    return config.subset(EmailVerticle.SETTINGS).put(EmailOptions.LINK_KEY, LinkTokens.deriveKey(jwtSecret));
  }

  private int bcryptCost() {
    return config.get(Settings.BCRYPT_COST);
  }

  private static String generatedPassword() {
    byte[] random = new byte[12];
    new SecureRandom().nextBytes(random);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
  }
}
