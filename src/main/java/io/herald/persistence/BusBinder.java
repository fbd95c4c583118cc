package io.herald.persistence;

import io.herald.bus.UnchangedJson;
import io.herald.logging.RequestIds;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Binds request addresses to store operations with one uniform reply path: publications after the
 * commit, then the reply; a failure becomes {@code message.fail(code, text)} and is logged once.
 */
public final class BusBinder {

  private static final Logger LOG = LoggerFactory.getLogger(BusBinder.class);

  private final EventBus bus;
  private final List<MessageConsumer<JsonObject>> consumers = new ArrayList<>();

  public BusBinder(EventBus bus) {
    this.bus = bus;
    UnchangedJson.register(bus);
  }

  public void answer(String address, Function<JsonObject, Future<?>> operation) {
    consumers.add(bus.<JsonObject>consumer(address, message -> handle(message, operation)));
  }

  private void handle(Message<JsonObject> message, Function<JsonObject, Future<?>> operation) {
    RequestIds.adopt(message);
    long started = System.nanoTime();
    Future<?> result;
    try {
      result = operation.apply(message.body() == null ? new JsonObject() : message.body());
    } catch (RuntimeException e) {
      result = Future.failedFuture(e);
    }
    result.onSuccess(value -> {
      if (value instanceof Outcome outcome) {
        Publication.publishAll(bus, outcome.publications());
        message.reply(outcome.reply());
      } else {
        message.reply(value);
      }
    }).onFailure(failure -> SqlFailures.classify(message.address(), failure).replyTo(message))
      .onComplete(done -> LOG.debug("{} {} in {} ms", message.address(), done.succeeded() ? "answered" : "failed",
        (System.nanoTime() - started) / 1_000_000));
  }

  /** Resolves once every consumer is registered (cluster-wide when clustered). */
  public Future<Void> ready() {
    return Future.all(consumers.stream().map(MessageConsumer::completion).toList()).mapEmpty();
  }
}
