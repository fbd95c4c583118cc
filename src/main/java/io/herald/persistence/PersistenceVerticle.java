package io.herald.persistence;

import io.herald.bus.Addresses;
import io.herald.database.DatabaseSettings;
import io.herald.telegram.AlertOutbox;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;

import java.util.List;

/** The only code that talks SQL: it answers the {@code persistence.*} addresses from a connection pool. */
public class PersistenceVerticle extends VerticleBase {

  public static final String CONFIG_DATABASE = "database";
  public static final String CONFIG_POOL_SIZE = "pool_size";
  public static final String CONFIG_RETENTION_DAYS = "retention_days";
  public static final String CONFIG_RETENTION_INTERVAL_MINUTES = "retention_interval_minutes";
  /** Whether complaint changes queue Telegram messages (a bot token is configured); with its public URL and "minute". */
  public static final String CONFIG_TELEGRAM_ENABLED = "telegram_enabled";
  public static final String CONFIG_TELEGRAM_PUBLIC_URL = "telegram_public_url";
  public static final String CONFIG_TELEGRAM_MINUTE_MS = "telegram_minute_ms";
  public static final String CONFIG_TELEGRAM_OUTBOX_RETENTION_DAYS = "telegram_outbox_retention_days";
  public static final String CONFIG_TELEGRAM_UPDATES_RETENTION_DAYS = "telegram_updates_retention_days";
  public static final String CONFIG_TELEGRAM_CONVERSATION_RETENTION_DAYS = "telegram_conversation_retention_days";
  public static final String CONFIG_METRICS_SAMPLE_MS = "metrics_sample_ms";

  private Pool pool;
  private OutboxSampler outboxSampler;

  @Override
  public Future<?> start() {
    JsonObject config = config();
    DatabaseSettings settings = DatabaseSettings.fromJson(config.getJsonObject(CONFIG_DATABASE));
    pool = PgBuilder.pool()
      .with(new PoolOptions().setMaxSize(config.getInteger(CONFIG_POOL_SIZE, 10)).setConnectionTimeout(5))
      .connectingTo(settings.connectOptions().setCachePreparedStatements(true).setReconnectAttempts(0))
      .using(vertx)
      .build();
    BusBinder binder = new BusBinder(vertx.eventBus());
    binder.answer(Addresses.HEALTH_PING, request -> pool.query("SELECT 1").execute().map(rows -> new JsonObject().put("ok", true)));
    new UserStore(pool).bind(binder);
    AlertOutbox alerts = new AlertOutbox(config.getString(CONFIG_TELEGRAM_PUBLIC_URL));
    long minuteMs = config.getLong(CONFIG_TELEGRAM_MINUTE_MS, 60_000L);
    new ComplaintStore(pool, routing(config, alerts, minuteMs)).bind(binder);
    new NotificationStore(pool).bind(binder);
    new ProducerStore(pool, new ChunkedPublisher(context, vertx.eventBus())).bind(binder);
    new PreferenceStore(pool).bind(binder);
    NotificationRetention retention = new NotificationRetention(vertx, pool, config.getInteger(CONFIG_RETENTION_DAYS, 90));
    retention.bind(binder);
    retention.schedule(config.getLong(CONFIG_RETENTION_INTERVAL_MINUTES, 60L));
    new TelegramOutboxStore(pool).bind(binder);
    TelegramHousekeeping housekeeping = new TelegramHousekeeping(vertx, pool, new TelegramHousekeeping.Retention(
      config.getLong(CONFIG_TELEGRAM_OUTBOX_RETENTION_DAYS, 30L), config.getLong(CONFIG_TELEGRAM_UPDATES_RETENTION_DAYS, 7L),
      config.getLong(CONFIG_TELEGRAM_CONVERSATION_RETENTION_DAYS, 7L)));
    housekeeping.bind(binder);
    housekeeping.schedule(config.getLong(CONFIG_RETENTION_INTERVAL_MINUTES, 60L));
    outboxSampler = new OutboxSampler(vertx, pool);
    outboxSampler.start(config.getLong(CONFIG_METRICS_SAMPLE_MS, 5_000L));
    new TelegramBotStore(pool, alerts, minuteMs).bind(binder);
    LimitStore limits = new LimitStore(vertx, pool);
    limits.bind(binder);
    limits.schedulePurge();
    return binder.ready();
  }

  private static NotificationRouting routing(JsonObject config, AlertOutbox alerts, long minuteMs) {
    if (!config.getBoolean(CONFIG_TELEGRAM_ENABLED, false)) {
      return new NotificationWriter();
    }
    return NotificationRouting.all(List.of(new NotificationWriter(), new TelegramAlertWriter(alerts, minuteMs)));
  }

  @Override
  public Future<?> stop() {
    if (outboxSampler != null) {
      outboxSampler.stop();
    }
    return pool == null ? Future.succeededFuture() : pool.close();
  }
}
