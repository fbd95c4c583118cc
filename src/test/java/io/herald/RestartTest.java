package io.herald;

import io.herald.config.HeraldConfig;
import io.herald.config.Settings;
import io.herald.support.ApiClient.TestUser;
import io.herald.support.ApiClient;
import io.herald.support.TestNode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** A node that stops and starts again keeps its data and honours the tokens it issued before. */
@ExtendWith(VertxExtension.class)
class RestartTest {

  @Test
  void restartWithTheSameConfigurationKeepsDataAndTokens(Vertx vertx) {
    HeraldConfig config = TestNode.config();
    Herald first = TestNode.start(vertx, config);
    ApiClient before = new ApiClient(vertx, first.httpPort());
    TestUser student = before.newUser(before.adminToken(), "student");
    long id = before.createComplaint(student.token(), "Restart Hall", "high").getLong("id");
    first.stop().await();

    Herald second = TestNode.start(vertx, config);
    try {
      HttpResponse<Buffer> response = new ApiClient(vertx, second.httpPort()).get("/api/v1/complaints/" + id, student.token());

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.bodyAsJsonObject().getString("hostel")).isEqualTo("Restart Hall");
    } finally {
      second.stop().await();
    }
  }

  @Test
  void embeddedDatabaseAndGeneratedSecretSurviveARestart(Vertx vertx) {
    Path dataDir = TestNode.tempDir();
    HeraldConfig config = new HeraldConfig(new JsonObject()
      .put(Settings.HTTP_HOST.key(), "127.0.0.1")
      .put(Settings.HTTP_PORT.key(), 0)
      .put(Settings.DATA_DIR.key(), dataDir.toString())
      .put(Settings.ADMIN_PASSWORD.key(), TestNode.ADMIN_PASSWORD)
      .put(Settings.BCRYPT_COST.key(), 4));
    Herald first = TestNode.start(vertx, config);
    ApiClient before = new ApiClient(vertx, first.httpPort());
    String admin = before.adminToken();
    long id = before.createComplaint(admin, "Embedded Hall", "low").getLong("id");
    first.stop().await();

    assertThat(dataDir.resolve("jwt-secret")).exists();
    assertThat(Files.isDirectory(dataDir.resolve("postgres"))).isTrue();
    Herald second = TestNode.start(vertx, config);
    try {
      HttpResponse<Buffer> response = new ApiClient(vertx, second.httpPort()).get("/api/v1/complaints/" + id, admin);

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.bodyAsJsonObject().getString("hostel")).isEqualTo("Embedded Hall");
    } finally {
      second.stop().await();
    }
  }
}
