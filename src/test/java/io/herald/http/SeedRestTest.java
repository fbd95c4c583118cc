package io.herald.http;

import io.herald.support.ApiClient.TestUser;
import io.herald.support.NodeTest;
import io.herald.support.WsProbe;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The seed documents' REST calls through the public port: socket stats at /ws/stats and one notification by id. */
class SeedRestTest extends NodeTest {

  @Test
  void wsStatsAnswersTheSeedShapeToAnAdminOnly() {
    TestUser student = api.newUser(admin, "student");
    WsProbe socket = WsProbe.connect(vertx, node.httpPort(), "/ws/notifications?token=" + student.token());
    socket.await("connected");

    HttpResponse<Buffer> stats = api.get("/ws/stats", admin);
    assertThat(stats.statusCode()).isEqualTo(200);
    JsonObject body = stats.bodyAsJsonObject();
    assertThat(body.fieldNames()).containsExactlyInAnyOrder("total_connections", "connected_users", "status");
    assertThat(body.getInteger("total_connections")).isGreaterThanOrEqualTo(1);
    assertThat(body.getInteger("connected_users")).isGreaterThanOrEqualTo(1);
    assertThat(body.getString("status")).isEqualTo("healthy");

    JsonObject full = api.get("/api/v1/websocket/stats", admin).bodyAsJsonObject();
    assertThat(full.getInteger("total_connections")).isEqualTo(full.getInteger("connections")).isGreaterThanOrEqualTo(1);
    assertThat(full.getInteger("connected_users")).isEqualTo(full.getInteger("users")).isGreaterThanOrEqualTo(1);

    assertThat(api.get("/ws/stats", student.token()).statusCode()).isEqualTo(403);
    HttpResponse<Buffer> anonymous = api.get("/ws/stats", null);
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(anonymous.getHeader("Content-Type")).startsWith("application/problem+json");
    socket.close();
  }

  @Test
  void oneNotificationByIdForItsOwnerOnly() {
    TestUser owner = api.newUser(admin, "student");
    TestUser other = api.newUser(admin, "student");
    assertThat(api.notify(admin, owner.id(), "laundry room open").statusCode()).isEqualTo(201);
    long id = api.get("/api/v1/notifications", owner.token()).bodyAsJsonObject().getJsonArray("items").getJsonObject(0).getLong("id");

    HttpResponse<Buffer> mine = api.get("/api/v1/notifications/" + id, owner.token());
    assertThat(mine.statusCode()).isEqualTo(200);
    assertThat(mine.bodyAsJsonObject().getLong("id")).isEqualTo(id);
    assertThat(mine.bodyAsJsonObject().getString("title")).isEqualTo("laundry room open");

    assertProblem(api.get("/api/v1/notifications/" + id, other.token()), 404);
    assertProblem(api.get("/api/v1/notifications/" + (id + 1_000_000), owner.token()), 404);
    assertProblem(api.get("/api/v1/notifications/abc", owner.token()), 400);
    assertProblem(api.get("/api/v1/notifications/99999999999999999999", owner.token()), 400);
    assertThat(api.get("/api/v1/notifications/" + id, null).statusCode()).isEqualTo(401);
  }

  private static void assertProblem(HttpResponse<Buffer> response, int status) {
    assertThat(response.statusCode()).isEqualTo(status);
    assertThat(response.getHeader("Content-Type")).startsWith("application/problem+json");
  }
}
