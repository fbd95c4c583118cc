package io.herald.http;

import io.herald.Herald;
import io.herald.config.Settings;
import io.herald.database.DatabaseSettings;
import io.herald.support.ApiClient;
import io.herald.support.Await;
import io.herald.support.FreezableProxy;
import io.herald.support.TestDatabase;
import io.herald.support.TestNode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

/** Not ready is 503, whatever the reason: a load balancer reads anything else as a broken node, not a busy one. */
@ExtendWith(VertxExtension.class)
class ReadinessTest {

  @Test
  void aFrozenDatabaseMakesTheNodeNotReadyWith503AndReadyAgainWhenItAnswers(Vertx vertx) {
    DatabaseSettings db = TestDatabase.settings();
    FreezableProxy proxy = FreezableProxy.start(vertx, db.host(), db.port());
    Herald node = TestNode.start(vertx, TestNode.config().with(Settings.PG_HOST.key(), "127.0.0.1").with(Settings.PG_PORT.key(), proxy.port()));
    ApiClient api = new ApiClient(vertx, node.httpPort());
    try {
      assertThat(api.get("/health/ready", null).statusCode()).isEqualTo(200);

      proxy.freeze();
      HttpResponse<Buffer> frozen = api.get("/health/ready", null);

      assertThat(frozen.statusCode()).isEqualTo(503);
      assertThat(frozen.bodyAsJsonObject().getString("status")).isEqualTo("DOWN");
      assertThat(api.get("/health", null).statusCode()).as("still alive").isEqualTo(200);
      proxy.thaw();
      Await.until("ready again", () -> api.get("/health/ready", null).statusCode() == 200);
    } finally {
      proxy.thaw();
      Await.await(node.stop());
      api.close();
      proxy.close();
    }
  }
}
