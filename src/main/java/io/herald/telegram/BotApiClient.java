package io.herald.telegram;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

/**
 * The few Bot API methods Herald uses, over vertx-web-client. The token is part of every URL path, so
 * every message that leaves this class goes through {@link #redact} first.
 */
public final class BotApiClient {

  private static final long MILLIS_PER_SECOND = 1000;

  private final WebClient client;
  private final String baseUrl;
  private final String token;
  private final long requestTimeoutMs;

  public BotApiClient(Vertx vertx, String baseUrl, String token, long requestTimeoutMs) {
    this.client = WebClient.create(vertx, new WebClientOptions().setUserAgent("herald"));
    this.baseUrl = baseUrl.replaceAll("/+$", "");
    this.token = token;
    this.requestTimeoutMs = requestTimeoutMs;
  }

  public Future<SendResult> sendMessage(long chatId, String html) {
    return sendMessage(chatId, html, null);
  }

  /** With {@code replyMarkup} (an inline keyboard, say) when it is not null. */
  public Future<SendResult> sendMessage(long chatId, String html, JsonObject replyMarkup) {
    JsonObject body = new JsonObject().put("chat_id", chatId).put("text", html).put("parse_mode", "HTML")
      .put("link_preview_options", new JsonObject().put("is_disabled", true));
    if (replyMarkup != null) {
      body.put("reply_markup", replyMarkup);
    }
    return call("sendMessage", body, requestTimeoutMs)
      .map(this::sendResult)
      .otherwise(failure -> new SendResult.Transient(redact(failure.toString())));
  }

  /** Long-polls for updates; the request waits up to {@code timeoutSeconds} on Telegram's side. */
  public Future<JsonArray> getUpdates(long offset, int timeoutSeconds) {
    JsonObject body = new JsonObject().put("offset", offset).put("timeout", timeoutSeconds)
      .put("allowed_updates", updateKinds());
    return call("getUpdates", body, timeoutSeconds * MILLIS_PER_SECOND + requestTimeoutMs)
      .recover(failure -> Future.failedFuture(new BotApiException(redact(failure.toString()))))
      .compose(response -> {
        JsonObject json = json(response);
        if (response.statusCode() != 200 || !json.getBoolean("ok", false) || json.getJsonArray("result") == null) {
          return Future.failedFuture(new BotApiException("getUpdates answered " + response.statusCode() + " " + description(json)));
        }
        return Future.succeededFuture(json.getJsonArray("result"));
      });
  }

  /** Ends the spinner on an inline button, with a short notice the user sees. */
  public Future<Void> answerCallbackQuery(String callbackQueryId, String text) {
    return command("answerCallbackQuery", new JsonObject().put("callback_query_id", callbackQueryId).put("text", text));
  }

  public Future<Void> setWebhook(String url, String secret) {
    JsonObject body = new JsonObject().put("url", url).put("allowed_updates", updateKinds());
    if (secret != null) {
      body.put("secret_token", secret);
    }
    return command("setWebhook", body);
  }

  /** Polling and a webhook exclude each other: Telegram refuses getUpdates while a webhook is set. */
  public Future<Void> deleteWebhook() {
    return command("deleteWebhook", new JsonObject().put("drop_pending_updates", false));
  }

  private Future<Void> command(String method, JsonObject body) {
    return call(method, body, requestTimeoutMs)
      .recover(failure -> Future.failedFuture(new BotApiException(redact(failure.toString()))))
      .compose(response -> response.statusCode() == 200 ? Future.<Void>succeededFuture()
        : Future.failedFuture(new BotApiException(method + " answered " + response.statusCode() + " " + description(json(response)))));
  }

  public void close() {
    client.close();
  }

  /** The text with the bot token replaced, for logs and exceptions. */
  public String redact(String text) {
    return text == null ? "" : text.replace(token, "<token>");
  }

  private Future<HttpResponse<Buffer>> call(String method, JsonObject body, long timeoutMs) {
    return client.postAbs(baseUrl + "/bot" + token + "/" + method).timeout(timeoutMs).sendJsonObject(body);
  }

  private SendResult sendResult(HttpResponse<Buffer> response) {
    JsonObject json = json(response);
    int status = response.statusCode();
    if (status == 200 && json.getBoolean("ok", false) && json.getJsonObject("result") != null) {
      return new SendResult.Accepted(json.getJsonObject("result").getLong("message_id", 0L));
    }
    if (status == 429) {
      JsonObject parameters = json.getJsonObject("parameters", new JsonObject());
      return new SendResult.Throttled(Math.max(1, parameters.getLong("retry_after", 1L)) * MILLIS_PER_SECOND);
    }
    String reason = redact(status + " " + description(json));
    return status >= 400 && status < 500 ? new SendResult.Refused(reason) : new SendResult.Transient(reason);
  }

  /** Messages and presses of inline buttons ("Mark read"). */
  private static JsonArray updateKinds() {
    return new JsonArray().add("message").add("callback_query");
  }

  private static JsonObject json(HttpResponse<Buffer> response) {
    try {
      Buffer body = response.body();
      return body == null ? new JsonObject() : new JsonObject(body);
    } catch (DecodeException | ClassCastException e) {
      return new JsonObject();
    }
  }

  private static String description(JsonObject json) {
    return json.getString("description", "(no description)");
  }

  /** A failed Bot API call, with a message that never holds the token. */
  public static final class BotApiException extends RuntimeException {
    BotApiException(String message) {
      super(message, null, false, false);
    }
  }
}
