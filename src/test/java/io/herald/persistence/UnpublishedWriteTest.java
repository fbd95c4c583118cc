package io.herald.persistence;

import io.herald.bus.Addresses;
import io.herald.bus.UnchangedJson;
import io.herald.database.Migrations;
import io.herald.support.Await;
import io.herald.support.BusRequests;
import io.herald.support.TestDatabase;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A write that committed is answered as committed even when its messages cannot be published afterwards: the caller
 * is not left waiting for an answer that never comes, and the users' sockets catch up from the inbox.
 */
@ExtendWith(VertxExtension.class)
class UnpublishedWriteTest {

  private static JsonObject request(Vertx vertx, String address, JsonObject body) {
    return BusRequests.request(vertx.eventBus(), address, body);
  }

  @Test
  void aCommittedComplaintIsAnsweredWhenItsNotificationsCannotBePublished(Vertx vertx) {
    Migrations.migrate(TestDatabase.settings());
    JsonObject config = new JsonObject().put(PersistenceVerticle.CONFIG_DATABASE, TestDatabase.settings().toJson());
    Await.await(vertx.deployVerticle(new PersistenceVerticle(), new DeploymentOptions().setConfig(config)));
    JsonObject admin = BusRequests.newUser(vertx.eventBus(), "admin");
    JsonObject student = BusRequests.newUser(vertx.eventBus(), "student");
    // publishing the admins' notifications now fails: the codec their runs travel with is gone
    vertx.eventBus().unregisterCodec(UnchangedJson.NAME);

    JsonObject created = request(vertx, Addresses.COMPLAINTS_CREATE, new JsonObject().put("actor", student)
      .put("description", "The window does not close").put("category", "maintenance").put("hostel", "H-" + UUID.randomUUID())
      .put("severity", "high"));

    long id = created.getLong("id");
    assertThat(request(vertx, Addresses.COMPLAINTS_GET, new JsonObject().put("actor", admin).put("id", id)).getLong("id"))
      .isEqualTo(id);
    assertThat(request(vertx, Addresses.NOTIFICATIONS_LIST, new JsonObject().put("actor", admin)).getJsonArray("items"))
      .anySatisfy(item -> assertThat(((JsonObject) item).encode()).contains(String.valueOf(id)));
  }

  @Test
  void theProducersWritesAreAnsweredAndGoOnWhenTheirNotificationsCannotBePublished(Vertx vertx) {
    Migrations.migrate(TestDatabase.settings());
    JsonObject config = new JsonObject().put(PersistenceVerticle.CONFIG_DATABASE, TestDatabase.settings().toJson());
    Await.await(vertx.deployVerticle(new PersistenceVerticle(), new DeploymentOptions().setConfig(config)));
    Await.await(vertx.deployVerticle(new ProducerVerticle(), new DeploymentOptions().setConfig(config)));
    JsonObject admin = BusRequests.newUser(vertx.eventBus(), "admin");
    JsonObject student = BusRequests.newUser(vertx.eventBus(), "student");
    vertx.eventBus().unregisterCodec(UnchangedJson.NAME);

    // the second write is only written if the group commit went on after the first one's failed publish
    for (String title : List.of("First", "Second")) {
      JsonObject reply = request(vertx, Addresses.NOTIFICATIONS_CREATE, new JsonObject().put("actor", admin)
        .put("user_ids", new JsonArray().add(student.getLong("id"))).put("title", title).put("message", "m"));
      assertThat(reply.getInteger("count")).isEqualTo(1);
    }

    assertThat(request(vertx, Addresses.NOTIFICATIONS_LIST, new JsonObject().put("actor", student)).getJsonArray("items"))
      .extracting(item -> ((JsonObject) item).getString("title")).containsExactly("Second", "First");
  }
}
