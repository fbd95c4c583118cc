package io.herald.http;

import io.herald.bus.Addresses;
import io.herald.bus.OnThisNode;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * {@code POST /telegram/webhook}: Telegram's calls, proven by the {@code X-Telegram-Bot-Api-Secret-Token}
 * header (anything else gets 401 and is not looked at), forwarded to the Telegram verticle over the bus.
 * A body that is not JSON is logged and acknowledged, so Telegram does not redeliver it forever.
 */
final class TelegramWebhook {

  static final String PATH = "/telegram/webhook";
  static final String SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token";
  private static final Logger LOG = LoggerFactory.getLogger(TelegramWebhook.class);

  private final EventBus bus;
  private final byte[] secret;
  private final DeliveryOptions delivery;

  TelegramWebhook(EventBus bus, String secret, long timeoutMillis) {
    this.bus = bus;
    this.secret = secret == null || secret.isEmpty() ? null : secret.getBytes(StandardCharsets.UTF_8);
    this.delivery = OnThisNode.delivery(timeoutMillis);
  }

  void handle(RoutingContext ctx) {
    if (!authentic(ctx.request().getHeader(SECRET_HEADER))) {
      Problems.send(ctx, 401, "Missing or wrong webhook secret");
      return;
    }
    JsonObject update = parse(ctx.body().buffer());
    if (update == null) {
      LOG.warn("Skipping a Telegram webhook call whose body is not a JSON object");
      ctx.response().setStatusCode(200).end();
      return;
    }
    bus.request(Addresses.TELEGRAM_WEBHOOK_UPDATE, update, delivery)
      .onSuccess(done -> ctx.response().setStatusCode(200).end())
      .onFailure(failure -> Api.fail(ctx, failure));
  }

  private boolean authentic(String given) {
    return secret != null && given != null && MessageDigest.isEqual(secret, given.getBytes(StandardCharsets.UTF_8));
  }

  private static JsonObject parse(Buffer body) {
    try {
      return body == null ? null : body.toJsonObject();
    } catch (RuntimeException e) {
      return null;
    }
  }
}
