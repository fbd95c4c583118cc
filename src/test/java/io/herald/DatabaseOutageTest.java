package io.herald;

import io.herald.database.DatabaseServer;
import io.herald.database.DatabaseSettings;
import io.herald.support.ApiClient;
import io.herald.support.TestNode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.function.Supplier;

import static io.herald.support.Problem.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/** With its database gone Herald answers 503 and stays up; when the database returns, Herald serves again by itself. */
@ExtendWith(VertxExtension.class)
class DatabaseOutageTest {

  private static final int ATTEMPTS = 60;

  @Test
  void databaseDownGives503AndServiceRecoversWhenItReturns(Vertx vertx) throws InterruptedException {
    Path dir = TestNode.tempDir().resolve("pg");
    DatabaseServer database = DatabaseServer.start(dir, 0);
    DatabaseSettings settings = database.settings();
    Herald node = TestNode.start(vertx, TestNode.config(settings));
    ApiClient api = new ApiClient(vertx, node.httpPort());
    String admin = api.adminToken();
    try {
      assertThat(api.get("/api/v1/complaints", admin).statusCode()).isEqualTo(200);

      database.close();

      assertProblem(api.get("/api/v1/complaints", admin), 503);
      assertProblem(api.post("/api/v1/complaints", admin, new io.vertx.core.json.JsonObject()
        .put("description", "d").put("category", "c").put("hostel", "h").put("severity", "low")), 503);
      assertProblem(api.post("/api/v1/auth/login", null, new io.vertx.core.json.JsonObject()
        .put("username", "admin").put("password", "a-wrong-password")), 503);
      HttpResponse<Buffer> ready = api.get("/health/ready", null);
      assertThat(ready.statusCode()).isEqualTo(503);
      assertThat(ready.bodyAsJsonObject().getString("status")).isEqualTo("DOWN");
      assertThat(api.get("/health", null).statusCode()).isEqualTo(200);

      database = DatabaseServer.start(dir, settings.port());

      assertThat(eventually(() -> api.get("/api/v1/complaints", admin))).isEqualTo(200);
      assertThat(eventually(() -> api.get("/health/ready", null))).isEqualTo(200);
    } finally {
      node.stop().await();
      database.close();
    }
  }

  /** The status once the service answers 200, or the last status after a bounded number of attempts. */
  private static int eventually(Supplier<HttpResponse<Buffer>> call) throws InterruptedException {
    int status = 0;
    for (int attempt = 0; attempt < ATTEMPTS && status != 200; attempt++) {
      status = call.get().statusCode();
      if (status != 200) {
        Thread.sleep(500);
      }
    }
    return status;
  }
}
