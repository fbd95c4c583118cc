package io.herald.persistence;

import io.herald.bus.Addresses;
import io.herald.config.Setting;
import io.herald.config.Settings;
import io.herald.database.DatabaseSettings;
import io.herald.persistence.deliveries.DeliveryStore;
import io.herald.persistence.digest.DigestOptions;
import io.herald.persistence.digest.DigestStore;
import io.herald.persistence.email.EmailOutboxStore;
import io.herald.persistence.email.ProfileStore;
import io.herald.persistence.escalation.EscalationStore;
import io.herald.persistence.personal.TelegramLinkStore;
import io.herald.persistence.telegram.TelegramAlertWriter;
import io.herald.persistence.telegram.TelegramBotStore;
import io.herald.persistence.telegram.TelegramHousekeeping;
import io.herald.persistence.telegram.TelegramOutboxStore;
import io.herald.telegram.AlertOutbox;
import io.herald.texts.Texts;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;

import java.util.List;

/**
 * The only code that talks SQL: it answers the {@code persistence.*} addresses from a connection pool. A node runs
 * several instances (each with its own pool); the producer writes and the timers run once per node
 * ({@link ProducerVerticle}, {@link PersistenceDutiesVerticle}).
 */
public class PersistenceVerticle extends VerticleBase {

  public static final String CONFIG_DATABASE = "database";
  /** The longest SQL a connection keeps prepared: every statement of Herald's, with room to grow. */
  static final int STATEMENT_CACHE_SQL_LIMIT = 16_384;
  /** The settings this verticle (and the persistence duties) read from its config, under their own keys. */
  public static final List<Setting<?>> SETTINGS = List.of(Settings.RETENTION_DAYS,
    Settings.IDEMPOTENCY_KEY_RETENTION_DAYS, Settings.RETENTION_INTERVAL_MINUTES,
    Settings.TELEGRAM_OUTBOX_RETENTION_DAYS, Settings.TELEGRAM_UPDATES_RETENTION_DAYS,
    Settings.TELEGRAM_CONVERSATION_RETENTION_DAYS, Settings.METRICS_SAMPLE_MS, Settings.PUBLIC_URL,
    Settings.DEFAULT_LOCALE, Settings.DIGEST_TUNING, Settings.BROADCAST_TUNING, Settings.REQUEST_TIMEOUT_MS);
  /** This instance's share of the node's connections ({@code HERALD_PG_POOL_SIZE}). */
  public static final String CONFIG_POOL_SIZE = "pool_size";
  /** Whether complaint changes queue Telegram messages (a bot token is configured), and Telegram's pacing "minute". */
  public static final String CONFIG_TELEGRAM_ENABLED = "telegram_enabled";
  public static final String CONFIG_TELEGRAM_MINUTE_MS = "telegram_minute_ms";

  private Pool pool;

  @Override
  public Future<?> start() {
    JsonObject config = config();
    pool = pool(vertx, config, config.getInteger(CONFIG_POOL_SIZE, Settings.PG_POOL_SIZE.defaultValue()));
    BusBinder binder = new BusBinder(vertx.eventBus());
    binder.answer(Addresses.HEALTH_PING, request -> pool.query("SELECT 1").execute().map(rows -> new JsonObject().put("ok", true)));
    new UserStore(pool).bind(binder);
    AlertOutbox alerts = new AlertOutbox(Settings.PUBLIC_URL.from(config), Settings.DEFAULT_LOCALE.from(config));
    long minuteMs = config.getLong(CONFIG_TELEGRAM_MINUTE_MS, 60_000L);
    new ComplaintStore(pool, routing(config, alerts, minuteMs)).bind(binder);
    new NotificationStore(pool).bind(binder);
    new PreferenceStore(pool).bind(binder);
    NotificationRetention.from(vertx, pool, config).bind(binder);
    new TelegramOutboxStore(pool).bind(binder);
    TelegramHousekeeping.from(vertx, pool, config).bind(binder);
    new TelegramBotStore(pool, alerts, minuteMs).bind(binder);
    new EmailOutboxStore(pool).bind(binder);
    new ProfileStore(pool).bind(binder);
    new TelegramLinkStore(pool).bind(binder);
    new EscalationStore(pool).bind(binder);
    new DeliveryStore(pool).bind(binder);
    new DigestStore(pool, DigestOptions.from(config), Settings.PUBLIC_URL.from(config)).bind(binder);
    new LimitStore(vertx, pool).bind(binder);
    return binder.ready();
  }

  /**
   * A pool of this node's database connections for one verticle instance, from its configuration (the database, and
   * {@code HERALD_REQUEST_TIMEOUT_MS}).
   * <p>
   * PostgreSQL ends any of these sessions whose transaction sits idle for half the request timeout. Herald's
   * transactions send their statements back to back and wait on nothing but the database, so only a node that
   * stopped mid-transaction (frozen, or cut off without a reset) idles that long, and the locks it holds, the
   * notifications' ordered-ids lock among them, would otherwise hold up every other node's writes until it woke; this
   * way a write held up by them still gets its answer within the request timeout.
   * <p>
   * Each connection keeps its prepared statements up to {@link #STATEMENT_CACHE_SQL_LIMIT} characters of SQL: the
   * client's default keeps none longer than 2,048, and the notifications' insert ({@code NotificationSql.INSERT_DRAFTS})
   * is longer, so it was sent and parsed anew for every group of writes (an eighth of PostgreSQL's CPU for targeted
   * notifications, bench/performance.md).
   */
  static Pool pool(Vertx vertx, JsonObject config, int size) {
    return pool(vertx, connectOptions(config), size);
  }

  /**
   * The one connection of a producer instance ({@link ProducerVerticle}), as {@link #pool}'s, with PostgreSQL told to
   * plan its prepared statements once ({@code plan_cache_mode = force_generic_plan}). Left to choose, PostgreSQL
   * planned the notifications' insert anew for every group of writes (a custom plan: a third of its CPU for targeted
   * notifications, bench/performance.md), yet that plan cannot differ from the generic one: the insert's only
   * parameter is the drafts' JSON, which the planner never looks into. The producer's other statements find rows by
   * key or by a range of user ids, where a generic plan is the plan.
   */
  static Pool producerPool(Vertx vertx, JsonObject config) {
    return pool(vertx, connectOptions(config).addProperty("plan_cache_mode", "force_generic_plan"), 1);
  }

  private static Pool pool(Vertx vertx, PgConnectOptions connection, int size) {
    return PgBuilder.pool()
      .with(new PoolOptions().setMaxSize(size).setConnectionTimeout(5))
      .connectingTo(connection)
      .using(vertx)
      .build();
  }

  private static PgConnectOptions connectOptions(JsonObject config) {
    DatabaseSettings settings = DatabaseSettings.fromJson(config.getJsonObject(CONFIG_DATABASE));
    long idleInTransactionMs = Math.max(1, Settings.REQUEST_TIMEOUT_MS.from(config) / 2);
    return settings.connectOptions().setCachePreparedStatements(true)
      .setPreparedStatementCacheSqlLimit(STATEMENT_CACHE_SQL_LIMIT).setReconnectAttempts(0)
      .addProperty("idle_in_transaction_session_timeout", Long.toString(idleInTransactionMs));
  }

  private static NotificationRouting routing(JsonObject config, AlertOutbox alerts, long minuteMs) {
    if (!config.getBoolean(CONFIG_TELEGRAM_ENABLED, false)) {
      return new NotificationWriter();
    }
    return NotificationRouting.all(List.of(new NotificationWriter(), new TelegramAlertWriter(alerts, minuteMs)));
  }

  @Override
  public Future<?> stop() {
    return pool == null ? Future.succeededFuture() : pool.close();
  }
}
