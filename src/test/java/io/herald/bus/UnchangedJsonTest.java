package io.herald.bus;

import io.herald.support.Await;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

class UnchangedJsonTest {

  private Vertx vertx;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    UnchangedJson.register(vertx.eventBus());
  }

  @AfterEach
  void stop() {
    Await.await(vertx.close());
  }

  @Test
  void everyLocalConsumerGetsTheSentInstanceAndTheDefaultCodecStillCopies() {
    List<Object> received = new CopyOnWriteArrayList<>();
    Await.await(vertx.eventBus().<JsonObject>localConsumer("unchanged.test", message -> received.add(message.body())).completion());
    Await.await(vertx.eventBus().<JsonObject>localConsumer("unchanged.test", message -> received.add(message.body())).completion());
    JsonObject sent = new JsonObject().put("type", "notification").put("data", new JsonObject().put("id", 7));

    vertx.eventBus().publish("unchanged.test", sent, UnchangedJson.localDelivery());
    Await.until("2 received", () -> received.size() == 2);
    assertThat(received).allSatisfy(body -> assertThat(body).isSameAs(sent));

    vertx.eventBus().publish("unchanged.test", sent);
    Await.until("4 received", () -> received.size() == 4);
    assertThat(received.subList(2, 4)).allSatisfy(body -> assertThat(body).isEqualTo(sent).isNotSameAs(sent));
  }

  @Test
  void aPublishToEveryNodeStillGivesThisNodesConsumersTheSentInstance() {
    List<Object> received = new CopyOnWriteArrayList<>();
    Await.await(vertx.eventBus().<JsonObject>consumer("unchanged.everywhere", message -> received.add(message.body())).completion());
    JsonObject sent = new JsonObject().put("messages", new JsonArray().add(new JsonObject().put("user_id", 3)));

    vertx.eventBus().publish("unchanged.everywhere", sent, UnchangedJson.delivery());

    Await.until("1 received", () -> received.size() == 1);
    assertThat(received.get(0)).isSameAs(sent);
  }

  @Test
  void offTheNodeItIsTheJsonText() {
    UnchangedJson codec = new UnchangedJson();
    JsonObject sent = new JsonObject().put("text", "Ünïcode \"quoted\"").put("list", new JsonArray().add(1).add("two"));
    Buffer wire = Buffer.buffer().appendString("before");

    codec.encodeToWire(wire, sent);

    assertThat(codec.decodeFromWire("before".length(), wire)).isEqualTo(sent).isNotSameAs(sent);
  }

  @Test
  void registeringAgainOnTheSameBusIsHarmless() {
    UnchangedJson.register(vertx.eventBus());
    List<Object> received = new CopyOnWriteArrayList<>();
    Await.await(vertx.eventBus().<JsonObject>localConsumer("unchanged.again", message -> received.add(message.body())).completion());
    JsonObject sent = new JsonObject().put("n", 1);
    vertx.eventBus().publish("unchanged.again", sent, UnchangedJson.localDelivery());
    Await.until("1 received", () -> received.size() == 1);
    assertThat(received.get(0)).isSameAs(sent);
  }
}
