package io.herald.telegram;

import io.herald.bus.Addresses;
import io.herald.bus.Failures;
import io.herald.bus.OnThisNode;
import io.herald.config.Setting;
import io.herald.config.Settings;
import io.herald.logging.RequestIds;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * Herald on Telegram: the sender that delivers the durable outbox (alerts are written into it by the complaint's
 * own transaction, see {@link AlertOutbox}), and the bot that takes complaints (long polling, or updates
 * forwarded by the webhook). Without a bot token it says so once and does nothing.
 */
public class TelegramVerticle extends VerticleBase {

  /** The settings this verticle reads from its config, under their own keys. */
  public static final List<Setting<?>> SETTINGS = List.of(Settings.TELEGRAM_BOT_TOKEN, Settings.TELEGRAM_API_BASE_URL,
    Settings.PUBLIC_URL, Settings.TELEGRAM_ADMIN_CHAT_ID, Settings.TELEGRAM_WEBHOOK_URL, Settings.TELEGRAM_WEBHOOK_SECRET,
    Settings.TELEGRAM_TUNING, Settings.DEFAULT_LOCALE);

  private static final Logger LOG = LoggerFactory.getLogger(TelegramVerticle.class);

  private final List<MessageConsumer<JsonObject>> consumers = new ArrayList<>();
  private BotApiClient client;
  private OutboxSender sender;
  private UpdatePoller poller;

  @Override
  public Future<?> start() {
    TelegramOptions options = TelegramOptions.from(config());
    if (!options.enabled()) {
      LOG.info("Telegram is off: no TELEGRAM_BOT_TOKEN configured");
      return Future.succeededFuture();
    }
    EventBus bus = vertx.eventBus();
    client = new BotApiClient(vertx, options.baseUrl(), options.token(), options.requestTimeoutMs());
    UpdateHandler updates = new UpdateHandler(bus, new BotCommands(bus, new OutboxWriter(bus), options.locale()),
      new ReadButtons(bus, client, options.locale()));
    sender = new OutboxSender(vertx, client, options);
    sender.start();
    Future<?> intake = options.webhookMode() ? webhook(options, updates) : polling(options, updates);
    return seed(options).compose(done -> intake)
      .compose(done -> Future.all(consumers.stream().map(MessageConsumer::completion).toList()));
  }

  @Override
  public Future<?> stop() {
    if (poller != null) {
      poller.stop();
    }
    Future<Void> drained = sender == null ? Future.succeededFuture() : sender.stop();
    return drained.onComplete(done -> {
      if (client != null) {
        client.close();
      }
    });
  }

  private Future<?> seed(TelegramOptions options) {
    if (options.adminChatId() == null) {
      return Future.succeededFuture();
    }
    return vertx.eventBus().request(Addresses.TELEGRAM_CONFIG_SEED, new JsonObject().put("admin_chat_id", options.adminChatId()),
      OnThisNode.delivery());
  }

  private Future<?> polling(TelegramOptions options, UpdateHandler updates) {
    poller = new UpdatePoller(vertx, client, updates, options);
    poller.start();
    return Future.succeededFuture();
  }

  private Future<?> webhook(TelegramOptions options, UpdateHandler updates) {
    consumers.add(vertx.eventBus().<JsonObject>consumer(Addresses.TELEGRAM_WEBHOOK_UPDATE, message -> {
      RequestIds.adopt(message);
      updates.handle(message.body())
        .onSuccess(done -> message.reply(new JsonObject().put("ok", true)))
        .onFailure(failure -> message.fail(Failures.UNAVAILABLE, "update not handled"));
    }));
    client.setWebhook(options.webhookUrl(), options.webhookSecret())
      .onSuccess(done -> LOG.info("Telegram webhook registered"))
      .onFailure(failure -> LOG.warn("Registering the Telegram webhook failed: {}", failure.getMessage()));
    return Future.succeededFuture();
  }
}
