package io.herald.auth;

import io.herald.Herald;
import io.herald.config.ConfigKeys;
import io.herald.database.DatabaseServer;
import io.herald.database.DatabaseSettings;
import io.herald.support.ApiClient;
import io.herald.support.TestNode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Path;

import static io.herald.support.Problem.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/** Without the database a login can neither be counted nor checked: 503, never a 401 that looks like a wrong password. */
@ExtendWith(VertxExtension.class)
class LoginOutageTest {

  @Test
  void aLoginWithTheDatabaseDownIs503(Vertx vertx) {
    Path dir = TestNode.tempDir().resolve("pg");
    DatabaseServer database = DatabaseServer.start(dir, 0);
    DatabaseSettings settings = database.settings();
    Herald node = TestNode.start(vertx, TestNode.config()
      .with(ConfigKeys.PG_HOST, settings.host()).with(ConfigKeys.PG_PORT, settings.port())
      .with(ConfigKeys.PG_DATABASE, settings.database()).with(ConfigKeys.PG_USER, settings.user())
      .with(ConfigKeys.PG_PASSWORD, settings.password()));
    ApiClient api = new ApiClient(vertx, node.httpPort());
    try {
      assertThat(api.adminToken()).isNotBlank();

      database.close();

      assertProblem(login(api, TestNode.ADMIN_PASSWORD), 503);
      assertProblem(login(api, "a-wrong-password"), 503);
    } finally {
      node.stop().await();
      database.close();
    }
  }

  private static HttpResponse<Buffer> login(ApiClient api, String password) {
    return api.post("/api/v1/auth/login", null, new JsonObject().put("username", "admin").put("password", password));
  }
}
