package io.herald.support;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A local stand-in for the Telegram Bot API (the one test double Herald allows). It records every call,
 * answers {@code sendMessage} as scripted per chat (429 with retry_after, 500, 400/403, slow, no answer at
 * all), and serves {@code getUpdates} from a queue the way Telegram does: updates below the offset are
 * confirmed and dropped, and an empty queue holds the request until an update arrives or the timeout passes.
 */
public final class FakeBotApi {

  /** One recorded call: the Bot API method, the token in the path, the JSON body, and the status answered. */
  public record Call(String method, String token, JsonObject body, int status, long receivedAtMillis) {
    public long chatId() {
      return body.getLong("chat_id", 0L);
    }

    public String text() {
      return body.getString("text");
    }
  }

  private final Vertx vertx;
  private final List<Call> calls = new CopyOnWriteArrayList<>();
  private final Map<Long, Deque<Answer>> scripts = new ConcurrentHashMap<>();
  private final List<JsonObject> updates = new ArrayList<>();
  private final List<Runnable> waitingPolls = new ArrayList<>();
  private final AtomicLong messageIds = new AtomicLong(1000);
  private HttpServer server;

  private FakeBotApi(Vertx vertx) {
    this.vertx = vertx;
  }

  public static FakeBotApi start(Vertx vertx) {
    FakeBotApi fake = new FakeBotApi(vertx);
    Router router = Router.router(vertx);
    router.post("/:bot/:method").handler(BodyHandler.create()).handler(fake::handle);
    fake.server = Await.await(vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1"));
    return fake;
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  public void close() {
    Await.await(server.close());
  }

  // scripting sendMessage per chat; unscripted calls succeed

  public FakeBotApi answerTooManyRequests(long chatId, int retryAfterSeconds) {
    return script(chatId, ctx -> error(ctx, 429, "Too Many Requests: retry after " + retryAfterSeconds,
      new JsonObject().put("retry_after", retryAfterSeconds)));
  }

  public FakeBotApi answerStatus(long chatId, int status, String description) {
    return script(chatId, ctx -> error(ctx, status, description, null));
  }

  public FakeBotApi answerSlowly(long chatId, long delayMs) {
    return script(chatId, ctx -> vertx.setTimer(delayMs, id -> accept(ctx)));
  }

  public FakeBotApi neverAnswer(long chatId) {
    return script(chatId, ctx -> record(ctx, ctx.body().asJsonObject(), 0));
  }

  // updates for getUpdates

  public synchronized void queueUpdate(JsonObject update) {
    updates.add(update);
    List<Runnable> waiting = new ArrayList<>(waitingPolls);
    waitingPolls.clear();
    waiting.forEach(Runnable::run);
  }

  public static JsonObject textUpdate(long updateId, long chatId, String text) {
    return new JsonObject().put("update_id", updateId).put("message", new JsonObject()
      .put("message_id", updateId).put("date", 1_700_000_000L).put("text", text)
      .put("chat", new JsonObject().put("id", chatId).put("type", "private"))
      .put("from", new JsonObject().put("id", chatId).put("is_bot", false).put("first_name", "Resident " + chatId)));
  }

  /** A press on an inline button of a message in the chat, as Telegram sends it. */
  public static JsonObject callbackUpdate(long updateId, long chatId, String callbackId, String data) {
    return new JsonObject().put("update_id", updateId).put("callback_query", new JsonObject()
      .put("id", callbackId).put("data", data).put("chat_instance", "test")
      .put("from", new JsonObject().put("id", chatId).put("is_bot", false).put("first_name", "Resident " + chatId))
      .put("message", new JsonObject().put("message_id", updateId).put("date", 1_700_000_000L)
        .put("chat", new JsonObject().put("id", chatId).put("type", "private"))));
  }

  /** The notice Telegram was asked to show for the press of {@code callbackId}, or null before it was answered. */
  public String callbackAnswer(String callbackId) {
    return calls("answerCallbackQuery").stream().filter(c -> callbackId.equals(c.body().getString("callback_query_id")))
      .map(c -> c.body().getString("text")).findFirst().orElse(null);
  }

  // what happened

  public List<Call> calls(String method) {
    return calls.stream().filter(c -> c.method().equals(method)).toList();
  }

  /** Texts Telegram accepted for the chat, in order. */
  public List<String> delivered(long chatId) {
    return calls("sendMessage").stream().filter(c -> c.chatId() == chatId && c.status() == 200).map(Call::text).toList();
  }

  public List<Call> attempts(long chatId) {
    return calls("sendMessage").stream().filter(c -> c.chatId() == chatId).toList();
  }

  public boolean sawToken(String token) {
    return calls.stream().anyMatch(c -> c.token().equals("bot" + token));
  }

  private FakeBotApi script(long chatId, Answer answer) {
    scripts.computeIfAbsent(chatId, id -> new ArrayDeque<>()).add(answer);
    return this;
  }

  private void handle(RoutingContext ctx) {
    String method = ctx.pathParam("method");
    JsonObject body = ctx.body().asJsonObject() == null ? new JsonObject() : ctx.body().asJsonObject();
    switch (method) {
      case "sendMessage" -> sendMessage(ctx, body);
      case "getUpdates" -> getUpdates(ctx, body);
      default -> {
        record(ctx, body, 200);
        json(ctx.response(), 200, new JsonObject().put("ok", true).put("result", true));
      }
    }
  }

  private void sendMessage(RoutingContext ctx, JsonObject body) {
    Deque<Answer> script = scripts.get(body.getLong("chat_id", 0L));
    Answer answer = script == null ? null : script.poll();
    if (answer == null) {
      accept(ctx);
    } else {
      answer.apply(ctx);
    }
  }

  private void accept(RoutingContext ctx) {
    record(ctx, ctx.body().asJsonObject(), 200);
    JsonObject message = new JsonObject().put("message_id", messageIds.incrementAndGet())
      .put("chat", new JsonObject().put("id", ctx.body().asJsonObject().getLong("chat_id")));
    json(ctx.response(), 200, new JsonObject().put("ok", true).put("result", message));
  }

  private void error(RoutingContext ctx, int status, String description, JsonObject parameters) {
    record(ctx, ctx.body().asJsonObject(), status);
    JsonObject answer = new JsonObject().put("ok", false).put("error_code", status).put("description", description);
    if (parameters != null) {
      answer.put("parameters", parameters);
    }
    json(ctx.response(), status, answer);
  }

  private synchronized void getUpdates(RoutingContext ctx, JsonObject body) {
    record(ctx, body, 200);
    long offset = body.getLong("offset", 0L);
    updates.removeIf(update -> update.getLong("update_id") < offset);
    if (!updates.isEmpty()) {
      json(ctx.response(), 200, new JsonObject().put("ok", true).put("result", new JsonArray(new ArrayList<>(updates))));
      return;
    }
    long timer = vertx.setTimer(Math.max(1, body.getInteger("timeout", 0)) * 1000L, id -> answerPoll(ctx, offset));
    waitingPolls.add(() -> {
      vertx.cancelTimer(timer);
      answerPoll(ctx, offset);
    });
  }

  private synchronized void answerPoll(RoutingContext ctx, long offset) {
    if (ctx.response().ended() || ctx.response().closed()) {
      return;
    }
    List<JsonObject> due = updates.stream().filter(u -> u.getLong("update_id") >= offset).toList();
    json(ctx.response(), 200, new JsonObject().put("ok", true).put("result", new JsonArray(new ArrayList<>(due))));
  }

  private void record(RoutingContext ctx, JsonObject body, int status) {
    calls.add(new Call(ctx.pathParam("method"), ctx.pathParam("bot"), body == null ? new JsonObject() : body, status,
      System.currentTimeMillis()));
  }

  private static void json(HttpServerResponse response, int status, JsonObject body) {
    response.setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode());
  }

  @FunctionalInterface
  private interface Answer {
    void apply(RoutingContext ctx);
  }
}
