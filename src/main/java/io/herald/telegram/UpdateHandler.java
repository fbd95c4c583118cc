package io.herald.telegram;

import io.herald.bus.Addresses;
import io.herald.bus.OnThisNode;
import io.herald.metrics.TelegramMeters;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.Supplier;

/**
 * Handles one update from polling or the webhook: malformed ones are logged and skipped; each update id is
 * recorded before it is acted on, so a redelivered update (restart, second node, webhook retry) is ignored.
 */
final class UpdateHandler {

  private static final Logger LOG = LoggerFactory.getLogger(UpdateHandler.class);

  private final EventBus bus;
  private final BotCommands commands;
  private final ReadButtons buttons;
  private final TelegramMeters meters = new TelegramMeters();

  UpdateHandler(EventBus bus, BotCommands commands, ReadButtons buttons) {
    this.bus = bus;
    this.commands = commands;
    this.buttons = buttons;
  }

  Future<Void> handle(JsonObject update) {
    meters.update();
    CallbackQuery press = CallbackQuery.parse(update);
    if (press != null) {
      return once(press.updateId(), () -> buttons.press(press));
    }
    Incoming incoming = Incoming.parse(update);
    if (incoming == null) {
      LOG.warn("Skipping a Telegram update without a usable message (update_id {})", Incoming.updateId(update));
      return Future.succeededFuture();
    }
    return once(incoming.updateId(), () -> commands.dispatch(incoming));
  }

  private Future<Void> once(long updateId, Supplier<Future<Void>> action) {
    return bus.<JsonObject>request(Addresses.TELEGRAM_UPDATES_BEGIN, new JsonObject().put("update_id", updateId),
        OnThisNode.delivery())
      .compose(reply -> reply.body().getBoolean("fresh") ? action.get() : Future.<Void>succeededFuture())
      .onFailure(failure -> LOG.warn("Telegram update {} failed: {}", updateId, failure.getMessage()));
  }
}
