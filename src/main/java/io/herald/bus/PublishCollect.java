package io.herald.bus;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.UUID;

/**
 * Asks every node at once: listens on a one-off reply address (its name starts with {@code replyPrefix}), publishes
 * the question with {@code reply_to}, and gathers the answers that arrive within {@code waitMs}. A node that does not
 * answer in time is left out.
 */
public final class PublishCollect {

  private PublishCollect() {
  }

  public static Future<JsonArray> ask(Vertx vertx, String address, String replyPrefix, JsonObject question, long waitMs) {
    String replyTo = replyPrefix + UUID.randomUUID();
    JsonArray answers = new JsonArray();
    MessageConsumer<JsonObject> consumer = vertx.eventBus().consumer(replyTo, answer -> answers.add(answer.body()));
    Promise<JsonArray> collected = Promise.promise();
    consumer.completion()
      .onSuccess(registered -> {
        vertx.eventBus().publish(address, question.copy().put("reply_to", replyTo));
        vertx.setTimer(waitMs, id -> consumer.unregister().onComplete(done -> collected.complete(answers)));
      })
      .onFailure(collected::fail);
    return collected.future();
  }
}
