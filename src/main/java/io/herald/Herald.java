package io.herald;

import com.hazelcast.core.HazelcastInstance;
import io.herald.auth.JwtSecret;
import io.herald.auth.Passwords;
import io.herald.bus.Addresses;
import io.herald.bus.OnThisNode;
import io.herald.cluster.ClusterHealthVerticle;
import io.herald.complaint.OverdueThresholds;
import io.herald.config.ConfigKeys;
import io.herald.config.HeraldConfig;
import io.herald.database.DatabaseServer;
import io.herald.database.DatabaseSettings;
import io.herald.database.Migrations;
import io.herald.edge.EdgeSettings;
import io.herald.email.EmailOptions;
import io.herald.email.EmailVerticle;
import io.herald.email.LinkTokens;
import io.herald.http.HttpApiVerticle;
import io.herald.http.LimitSettings;
import io.herald.persistence.PersistenceDutiesVerticle;
import io.herald.logging.RequestIds;
import io.herald.metrics.MetricsVerticle;
import io.herald.persistence.PersistenceVerticle;
import io.herald.persistence.ProducerVerticle;
import io.herald.sockets.SocketSettings;
import io.herald.sockets.SocketsVerticle;
import io.herald.telegram.TelegramOptions;
import io.herald.telegram.TelegramVerticle;
import io.herald.texts.Texts;
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
import java.util.Map;
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
    Herald herald = new Herald(vertx, config, hazelcast != null);
    herald.requestIds = RequestIds.install(vertx.eventBus());
    return herald.prepareStorage()
      .compose(v -> herald.deployInstances(PersistenceVerticle::new, herald.persistenceConfig(), herald.persistenceInstances()))
      .compose(v -> herald.deploy(new ProducerVerticle(), herald.persistenceConfig()))
      .compose(v -> herald.deploy(new PersistenceDutiesVerticle(), herald.persistenceConfig()))
      .compose(v -> hazelcast == null ? Future.succeededFuture() : herald.deploy(new ClusterHealthVerticle(hazelcast), new JsonObject()))
      .compose(v -> herald.ensureAdmin())
      .compose(v -> herald.deployInstances(HttpApiVerticle::new, herald.httpConfig(), herald.instances(ConfigKeys.API_INSTANCES)))
      .compose(api -> herald.deployInstances(SocketsVerticle::new, herald.socketsConfig(api.get(0).actualPort()),
        herald.instances(ConfigKeys.SOCKETS_INSTANCES)))
      .compose(front -> {
        herald.httpPort = front.get(0).actualPort();
        return herald.deploy(new TelegramVerticle(), herald.telegramConfig());
      })
      .compose(telegram -> herald.deploy(new EmailVerticle(), herald.emailConfig()))
      .compose(email -> herald.deployMetricsPort())
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
      Path dataDir = Path.of(config.string(ConfigKeys.DATA_DIR, "./data"));
      database = DatabaseSettings.external(config);
      if (database == null) {
        embeddedDatabase = DatabaseServer.start(dataDir.resolve("postgres"), config.integer(ConfigKeys.PG_PORT, 0));
        database = embeddedDatabase.settings();
      } else {
        LOG.info("Using PostgreSQL at {}", database);
      }
      Migrations.migrate(database);
      jwtSecret = JwtSecret.resolve(config.string(ConfigKeys.JWT_SECRET, null), dataDir);
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

  /** A setting of instances per node: 0 or unset means one per available processor. */
  private int instances(String key) {
    int configured = config.integer(key, 0);
    if (configured < 0) {
      throw new IllegalArgumentException(key + " must be 0 (one per processor) or more, not " + configured);
    }
    return configured > 0 ? configured : Runtime.getRuntime().availableProcessors();
  }

  /** {@code HERALD_DEFAULT_LOCALE}: the language of messages to Telegram chats, which belong to no user. */
  private String defaultLocale() {
    String locale = config.string(ConfigKeys.DEFAULT_LOCALE, Texts.ENGLISH);
    if (!Texts.isSupported(locale)) {
      throw new IllegalArgumentException(ConfigKeys.DEFAULT_LOCALE + " must be one of " + String.join(", ", Texts.LOCALES)
        + ", not " + locale);
    }
    return locale;
  }

  private int persistenceInstances() {
    return instances(ConfigKeys.PERSISTENCE_INSTANCES);
  }

  /**
   * A port that all instances of one verticle share: the configured one, or for 0 one the system chooses (Vert.x
   * shares one random port among servers listening on the same negative number; port 0 would give each its own).
   */
  private int sharedPort(String key, int fallback) {
    int port = config.integer(key, fallback);
    return port == 0 ? -1 - new SecureRandom().nextInt(1 << 20) : port;
  }

  /** The optional port that serves only {@code /metrics}, without a token (docs/operations.md). */
  private Future<?> deployMetricsPort() {
    if (config.string(ConfigKeys.METRICS_PORT, null) == null) {
      return Future.succeededFuture();
    }
    return deploy(new MetricsVerticle(), new JsonObject()
      .put(MetricsVerticle.CONFIG_HOST, config.string(ConfigKeys.METRICS_HOST, "127.0.0.1"))
      .put(MetricsVerticle.CONFIG_PORT, config.integer(ConfigKeys.METRICS_PORT, 0)))
      .onSuccess(metrics -> metricsPort = metrics.actualPort());
  }

  /** The metrics port actually bound, or 0 when there is none. */
  public int metricsPort() {
    return metricsPort;
  }

  private Future<Void> ensureAdmin() {
    String configured = config.string(ConfigKeys.ADMIN_PASSWORD, null);
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
    return new JsonObject()
      .put(PersistenceVerticle.CONFIG_DATABASE, database.toJson())
      .put(PersistenceVerticle.CONFIG_POOL_SIZE, poolSizePerInstance())
      .put(PersistenceVerticle.CONFIG_RETENTION_DAYS, config.integer(ConfigKeys.RETENTION_DAYS, 90))
      .put(PersistenceDutiesVerticle.CONFIG_RETENTION_INTERVAL_MINUTES, config.integer(ConfigKeys.RETENTION_INTERVAL_MINUTES, 60))
      .put(PersistenceVerticle.CONFIG_TELEGRAM_OUTBOX_RETENTION_DAYS, config.integer(ConfigKeys.TELEGRAM_OUTBOX_RETENTION_DAYS, 30))
      .put(PersistenceVerticle.CONFIG_TELEGRAM_UPDATES_RETENTION_DAYS, config.integer(ConfigKeys.TELEGRAM_UPDATES_RETENTION_DAYS, 7))
      .put(PersistenceVerticle.CONFIG_TELEGRAM_CONVERSATION_RETENTION_DAYS,
        config.integer(ConfigKeys.TELEGRAM_CONVERSATION_RETENTION_DAYS, 7))
      .put(PersistenceVerticle.CONFIG_METRICS_SAMPLE_MS, config.integer(ConfigKeys.METRICS_SAMPLE_MS, 5_000))
      .mergeIn(telegramPersistenceConfig());
  }

  /** {@code HERALD_PG_POOL_SIZE} is the node's connections for requests, shared out among the persistence instances. */
  private int poolSizePerInstance() {
    int instances = persistenceInstances();
    return Math.max(1, (config.integer(ConfigKeys.PG_POOL_SIZE, 10) + instances - 1) / instances);
  }

  /** Complaint changes queue their Telegram messages in their own transaction; the persistence side needs these (no token). */
  private JsonObject telegramPersistenceConfig() {
    TelegramOptions telegram = TelegramOptions.from(telegramConfig());
    return new JsonObject()
      .put(PersistenceVerticle.CONFIG_TELEGRAM_ENABLED, telegram.enabled())
      .put(PersistenceVerticle.CONFIG_TELEGRAM_PUBLIC_URL, telegram.publicUrl())
      .put(PersistenceVerticle.CONFIG_TELEGRAM_MINUTE_MS, telegram.rateMinuteMs())
      .put(PersistenceVerticle.CONFIG_DEFAULT_LOCALE, telegram.locale());
  }

  private JsonObject httpConfig() {
    return new JsonObject()
      .put(HttpApiVerticle.CONFIG_HOST, config.string(ConfigKeys.API_HOST, "127.0.0.1"))
      .put(HttpApiVerticle.CONFIG_PORT, sharedPort(ConfigKeys.API_PORT, 0))
      .put(HttpApiVerticle.CONFIG_JWT_SECRET, jwtSecret)
      .put(HttpApiVerticle.CONFIG_ACCESS_MINUTES, config.integer(ConfigKeys.JWT_ACCESS_MINUTES, 60))
      .put(HttpApiVerticle.CONFIG_BCRYPT_COST, bcryptCost())
      .put(HttpApiVerticle.CONFIG_REQUEST_TIMEOUT_MS, config.integer(ConfigKeys.REQUEST_TIMEOUT_MS, 10_000))
      .put(HttpApiVerticle.CONFIG_WEBROOT, config.string(ConfigKeys.WEBROOT, "webroot"))
      .put(HttpApiVerticle.CONFIG_TELEGRAM_WEBHOOK_SECRET, config.string(ConfigKeys.TELEGRAM_WEBHOOK_SECRET, null))
      .put(HttpApiVerticle.CONFIG_RELAY_SECRET, relaySecret)
      .put(HttpApiVerticle.CONFIG_EDGE, edgeSettings())
      .put(HttpApiVerticle.CONFIG_LIMITS, limitSettings())
      .put(HttpApiVerticle.CONFIG_CLUSTERED, clustered)
      .put(HttpApiVerticle.CONFIG_OVERDUE_AFTER, config.string(ConfigKeys.OVERDUE_AFTER, OverdueThresholds.DEFAULT))
      .put(HttpApiVerticle.CONFIG_INSTANCES, instances(ConfigKeys.API_INSTANCES))
      .put(HttpApiVerticle.CONFIG_MAIL_LINK_KEY, LinkTokens.deriveKey(jwtSecret))
      .put(HttpApiVerticle.CONFIG_PUBLIC_URL, config.string(ConfigKeys.PUBLIC_URL, "http://localhost:8080"))
      .put(HttpApiVerticle.CONFIG_METRICS_TOKEN, config.string(ConfigKeys.METRICS_TOKEN, null));
  }

  /** Only the keys that are set: {@link LimitSettings} holds the defaults. */
  private JsonObject limitSettings() {
    JsonObject limits = new JsonObject();
    Map.ofEntries(
      Map.entry(ConfigKeys.LOGINS_PER_ADDRESS, LimitSettings.CONFIG_LOGINS_PER_ADDRESS),
      Map.entry(ConfigKeys.LOGINS_PER_USERNAME, LimitSettings.CONFIG_LOGINS_PER_USERNAME),
      Map.entry(ConfigKeys.LOGIN_WINDOW_SECONDS, LimitSettings.CONFIG_LOGIN_WINDOW_SECONDS),
      Map.entry(ConfigKeys.LOGIN_LOCK_AFTER, LimitSettings.CONFIG_LOCK_AFTER_FAILURES),
      Map.entry(ConfigKeys.LOGIN_LOCK_SECONDS, LimitSettings.CONFIG_LOCK_SECONDS),
      Map.entry(ConfigKeys.LOGIN_LOCK_MAX_SECONDS, LimitSettings.CONFIG_LOCK_MAX_SECONDS),
      Map.entry(ConfigKeys.BCRYPT_THREADS, LimitSettings.CONFIG_BCRYPT_THREADS),
      Map.entry(ConfigKeys.BCRYPT_QUEUE, LimitSettings.CONFIG_BCRYPT_QUEUE),
      Map.entry(ConfigKeys.COMPLAINTS_PER_USER, LimitSettings.CONFIG_COMPLAINTS_PER_USER),
      Map.entry(ConfigKeys.NOTIFICATIONS_PER_USER, LimitSettings.CONFIG_NOTIFICATIONS_PER_USER),
      Map.entry(ConfigKeys.BROADCASTS_PER_USER, LimitSettings.CONFIG_BROADCASTS_PER_USER),
      Map.entry(ConfigKeys.WRITE_WINDOW_SECONDS, LimitSettings.CONFIG_WRITE_WINDOW_SECONDS))
      .forEach((key, setting) -> {
        if (config.string(key, null) != null) {
          limits.put(setting, config.integer(key, 0));
        }
      });
    return limits;
  }

  private JsonObject socketsConfig(int apiPort) {
    return new JsonObject()
      .put(SocketsVerticle.CONFIG_HOST, config.string(ConfigKeys.HTTP_HOST, "0.0.0.0"))
      .put(SocketsVerticle.CONFIG_PORT, sharedPort(ConfigKeys.HTTP_PORT, 8080))
      .put(SocketsVerticle.CONFIG_API_HOST, apiConnectHost())
      .put(SocketsVerticle.CONFIG_API_PORT, apiPort)
      .put(SocketsVerticle.CONFIG_JWT_SECRET, jwtSecret)
      .put(SocketsVerticle.CONFIG_REQUEST_TIMEOUT_MS, config.integer(ConfigKeys.REQUEST_TIMEOUT_MS, 10_000))
      .put(SocketsVerticle.CONFIG_NODE_ID, nodeId)
      .put(SocketsVerticle.CONFIG_SOCKETS, socketSettings())
      .put(SocketsVerticle.CONFIG_RELAY_SECRET, relaySecret)
      .put(SocketsVerticle.CONFIG_EDGE, edgeSettings());
  }

  /** The HTTP servers' and the relay's limits (docs/security.md, "The public port"). */
  private JsonObject edgeSettings() {
    return new JsonObject()
      .put(EdgeSettings.CONFIG_IDLE_TIMEOUT_MS, config.longNumber(ConfigKeys.HTTP_IDLE_TIMEOUT_MS, EdgeSettings.DEFAULT_IDLE_TIMEOUT_MS))
      .put(EdgeSettings.CONFIG_HEADER_TIMEOUT_MS, config.longNumber(ConfigKeys.HTTP_HEADER_TIMEOUT_MS, EdgeSettings.DEFAULT_HEADER_TIMEOUT_MS))
      .put(EdgeSettings.CONFIG_BODY_TIMEOUT_MS, config.longNumber(ConfigKeys.HTTP_BODY_TIMEOUT_MS, EdgeSettings.DEFAULT_BODY_TIMEOUT_MS))
      .put(EdgeSettings.CONFIG_CONNECTIONS_PER_IP, config.integer(ConfigKeys.HTTP_CONNECTIONS_PER_IP, EdgeSettings.DEFAULT_CONNECTIONS_PER_IP))
      .put(EdgeSettings.CONFIG_RELAY_MAX_IN_FLIGHT, config.integer(ConfigKeys.RELAY_MAX_IN_FLIGHT, EdgeSettings.DEFAULT_RELAY_MAX_IN_FLIGHT))
      .put(EdgeSettings.CONFIG_RELAY_TIMEOUT_MS, config.longNumber(ConfigKeys.RELAY_TIMEOUT_MS, EdgeSettings.DEFAULT_RELAY_TIMEOUT_MS))
      .put(EdgeSettings.CONFIG_TRUSTED_PROXIES, config.string(ConfigKeys.TRUSTED_PROXIES, ""));
  }

  /** Where the public port relays API requests: the API's own address, or loopback when it listens on every interface. */
  private String apiConnectHost() {
    String host = config.string(ConfigKeys.API_HOST, "127.0.0.1");
    return "0.0.0.0".equals(host) || "::".equals(host) ? "127.0.0.1" : host;
  }

  private JsonObject socketSettings() {
    return new JsonObject()
      .put(SocketSettings.CONFIG_ALLOWED_ORIGINS, config.string(ConfigKeys.ALLOWED_ORIGINS, ""))
      .put(SocketSettings.CONFIG_TRUSTED_PROXIES, config.string(ConfigKeys.TRUSTED_PROXIES, ""))
      .put(SocketSettings.CONFIG_PING_INTERVAL_MS, config.integer(ConfigKeys.WS_PING_INTERVAL_MS, 25_000))
      .put(SocketSettings.CONFIG_IDLE_TIMEOUT_MS, config.integer(ConfigKeys.WS_IDLE_TIMEOUT_MS, 70_000))
      .put(SocketSettings.CONFIG_FRAMES_PER_SECOND, config.integer(ConfigKeys.WS_FRAMES_PER_SECOND, 20))
      .put(SocketSettings.CONFIG_FRAME_BURST, config.integer(ConfigKeys.WS_FRAME_BURST, 40))
      .put(SocketSettings.CONFIG_AUTH_TIMEOUT_MS, config.integer(ConfigKeys.WS_AUTH_TIMEOUT_MS, 10_000))
      .put(SocketSettings.CONFIG_OUTBOUND_QUEUE_BYTES,
        config.integer(ConfigKeys.WS_OUTBOUND_QUEUE_BYTES, SocketSettings.DEFAULT_OUTBOUND_QUEUE_BYTES))
      .put(SocketSettings.CONFIG_MAX_SOCKETS_PER_USER,
        config.integer(ConfigKeys.WS_MAX_SOCKETS_PER_USER, SocketSettings.DEFAULT_MAX_SOCKETS_PER_USER))
      .put(SocketSettings.CONFIG_MAX_SOCKETS_PER_IP,
        config.integer(ConfigKeys.WS_MAX_SOCKETS_PER_IP, SocketSettings.DEFAULT_MAX_SOCKETS_PER_IP))
      .put(SocketSettings.CONFIG_RESUMES_PER_MINUTE,
        config.integer(ConfigKeys.WS_RESUMES_PER_MINUTE, SocketSettings.DEFAULT_RESUMES_PER_MINUTE))
      .put(SocketSettings.CONFIG_RESUME_BURST, config.integer(ConfigKeys.WS_RESUME_BURST, SocketSettings.DEFAULT_RESUME_BURST));
  }

  /** The Telegram verticle's settings; {@code HERALD_TELEGRAM_TUNING} (a JSON object) overrides its pacing, see TelegramOptions. */
  private JsonObject telegramConfig() {
    JsonObject telegram = new JsonObject()
      .put(TelegramOptions.TOKEN, config.string(ConfigKeys.TELEGRAM_BOT_TOKEN, null))
      .put(TelegramOptions.BASE_URL, config.string(ConfigKeys.TELEGRAM_API_BASE_URL, "https://api.telegram.org"))
      .put(TelegramOptions.PUBLIC_URL, config.string(ConfigKeys.PUBLIC_URL, "http://localhost:8080"))
      .put(TelegramOptions.WEBHOOK_URL, config.string(ConfigKeys.TELEGRAM_WEBHOOK_URL, null))
      .put(TelegramOptions.WEBHOOK_SECRET, config.string(ConfigKeys.TELEGRAM_WEBHOOK_SECRET, null))
      .put(TelegramOptions.LOCALE, defaultLocale());
    if (config.string(ConfigKeys.TELEGRAM_ADMIN_CHAT_ID, null) != null) {
      telegram.put(TelegramOptions.ADMIN_CHAT_ID, config.longNumber(ConfigKeys.TELEGRAM_ADMIN_CHAT_ID, 0));
    }
    return telegram.mergeIn(config.object(ConfigKeys.TELEGRAM_TUNING));
  }

  /** The email verticle's settings; {@code HERALD_EMAIL_TUNING} (a JSON object) overrides its pacing, see EmailOptions. */
  private JsonObject emailConfig() {
    return new JsonObject()
      .put(EmailOptions.HOST, config.string(ConfigKeys.SMTP_HOST, null))
      .put(EmailOptions.PORT, config.integer(ConfigKeys.SMTP_PORT, 587))
      .put(EmailOptions.STARTTLS, config.string(ConfigKeys.SMTP_STARTTLS, "optional"))
      .put(EmailOptions.USER, config.string(ConfigKeys.SMTP_USER, null))
      .put(EmailOptions.PASSWORD, config.string(ConfigKeys.SMTP_PASSWORD, null))
      .put(EmailOptions.FROM, config.string(ConfigKeys.SMTP_FROM, "herald@localhost"))
      .put(EmailOptions.PUBLIC_URL, config.string(ConfigKeys.PUBLIC_URL, "http://localhost:8080"))
      .put(EmailOptions.LINK_KEY, LinkTokens.deriveKey(jwtSecret))
      .mergeIn(config.object(ConfigKeys.EMAIL_TUNING));
  }

  private int bcryptCost() {
    return config.integer(ConfigKeys.BCRYPT_COST, 12);
  }

  private static String generatedPassword() {
    byte[] random = new byte[12];
    new SecureRandom().nextBytes(random);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
  }
}
