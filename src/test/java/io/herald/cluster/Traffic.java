package io.herald.cluster;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * REST traffic fired at a steady pace without waiting for answers, so a request held up by a dead or frozen node
 * never slows the ones after it. Every answer other than 2xx, and every request without an answer, is a failure.
 */
final class Traffic {

  private static final long ANSWER_SECONDS = 15;

  private final Vertx vertx;
  private final WebClient client;
  private final List<Future<HttpResponse<Buffer>>> sent = new ArrayList<>();
  private final List<String> failures = new ArrayList<>();

  Traffic(Vertx vertx) {
    this.vertx = vertx;
    this.client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setConnectTimeout(2_000),
      new PoolOptions().setHttp1MaxSize(50));
  }

  /** A notification to the user through the node on {@code port}. */
  void notify(int port, String adminToken, long userId, String title) {
    track(port, "POST /api/v1/notifications", client.request(HttpMethod.POST, port, "127.0.0.1", "/api/v1/notifications")
      .bearerTokenAuthentication(adminToken).timeout(TimeUnit.SECONDS.toMillis(ANSWER_SECONDS))
      .sendJsonObject(new JsonObject().put("user_ids", new JsonArray().add(userId)).put("title", title).put("message", title)));
  }

  /** A read on behalf of the user (the user check and an inbox query, both answered by the node's database access). */
  void read(int port, String token) {
    track(port, "GET /api/v1/notifications/unread-count", client.get(port, "127.0.0.1", "/api/v1/notifications/unread-count")
      .bearerTokenAuthentication(token).timeout(TimeUnit.SECONDS.toMillis(ANSWER_SECONDS)).send());
  }

  /** The node's readiness: a node that stays in service must never answer anything but 200. */
  void ready(int port) {
    track(port, "GET /health/ready", client.get(port, "127.0.0.1", "/health/ready")
      .timeout(TimeUnit.SECONDS.toMillis(ANSWER_SECONDS)).send());
  }

  /** Waits for every answer; returns the failures, each with its port, request and status or error. */
  List<String> failures() {
    Future.join(new ArrayList<>(sent)).otherwiseEmpty().toCompletionStage().toCompletableFuture()
      .orTimeout(ANSWER_SECONDS + 5, TimeUnit.SECONDS).exceptionally(e -> null).join();
    synchronized (failures) {
      return List.copyOf(failures);
    }
  }

  int sentCount() {
    return sent.size();
  }

  void close() {
    client.close();
  }

  private void track(int port, String what, Future<HttpResponse<Buffer>> answer) {
    sent.add(answer);
    answer.onComplete(result -> {
      String failure = result.failed() ? result.cause().toString()
        : result.result().statusCode() / 100 == 2 ? null : result.result().statusCode() + " " + result.result().bodyAsString();
      if (failure != null) {
        synchronized (failures) {
          failures.add(":" + port + " " + what + " -> " + failure);
        }
      }
    });
  }
}
