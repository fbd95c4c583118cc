package io.herald.telegram;

import io.herald.bus.Addresses;
import io.herald.bus.OnThisNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.Lock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Long-polls {@code getUpdates} while holding a cluster-wide lock, so one node polls and the others wait to
 * take over. The next offset is stored after each update, so a restart neither repeats nor skips one.
 */
final class UpdatePoller {

  static final String LOCK_NAME = "herald.telegram.poller";
  private static final Logger LOG = LoggerFactory.getLogger(UpdatePoller.class);

  private final Vertx vertx;
  private final BotApiClient client;
  private final UpdateHandler handler;
  private final TelegramOptions options;
  private Lock lock;
  private boolean stopped;
  private boolean failing;

  UpdatePoller(Vertx vertx, BotApiClient client, UpdateHandler handler, TelegramOptions options) {
    this.vertx = vertx;
    this.client = client;
    this.handler = handler;
    this.options = options;
  }

  void start() {
    acquire();
  }

  void stop() {
    stopped = true;
    if (lock != null) {
      lock.release();
      lock = null;
    }
  }

  private void acquire() {
    if (stopped) {
      return;
    }
    vertx.sharedData().getLockWithTimeout(LOCK_NAME, options.lockWaitMs())
      .onSuccess(acquired -> {
        if (stopped) {
          acquired.release();
          return;
        }
        lock = acquired;
        LOG.info("This node now polls Telegram for updates");
        client.deleteWebhook()
          .onFailure(failure -> LOG.warn("Removing a Telegram webhook before polling failed: {}", failure.getMessage()))
          .onComplete(done -> poll());
      })
      .onFailure(busy -> acquire());
  }

  private void poll() {
    if (stopped) {
      return;
    }
    vertx.eventBus().<JsonObject>request(Addresses.TELEGRAM_OFFSET_GET, new JsonObject(), OnThisNode.delivery())
      .map(reply -> reply.body().getLong("next_offset") == null ? 0L : reply.body().getLong("next_offset"))
      .compose(offset -> client.getUpdates(offset, options.pollTimeoutSeconds()))
      .compose(this::handleInOrder)
      .onSuccess(done -> {
        failing = false;
        poll();
      })
      .onFailure(this::retryLater);
  }

  private Future<Void> handleInOrder(JsonArray updates) {
    Future<Void> chain = Future.succeededFuture();
    for (Object item : updates) {
      JsonObject update = item instanceof JsonObject json ? json : new JsonObject();
      Long id = Incoming.updateId(update);
      chain = chain.compose(done -> stopped ? Future.succeededFuture() : handler.handle(update)
        .recover(failure -> id == null ? Future.succeededFuture() : Future.failedFuture(failure))
        .compose(handled -> id == null ? Future.<Void>succeededFuture() : storeOffset(id + 1)));
    }
    return chain;
  }

  private Future<Void> storeOffset(long next) {
    return vertx.eventBus().request(Addresses.TELEGRAM_OFFSET_PUT, new JsonObject().put("next_offset", next), OnThisNode.delivery())
      .mapEmpty();
  }

  private void retryLater(Throwable failure) {
    if (stopped) {
      return;
    }
    if (!failing) {
      LOG.warn("Polling Telegram failed, retrying every {} ms: {}", options.pollRetryMs(), client.redact(failure.getMessage()));
      failing = true;
    }
    vertx.setTimer(options.pollRetryMs(), id -> poll());
  }
}
