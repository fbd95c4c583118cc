package io.herald.http;

import io.herald.support.NodeTest;
import io.herald.support.ApiClient.TestUser;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ComplaintsApiTest extends NodeTest {


  @Test
  void studentCreatesAComplaintAndSeesItWithItsHistory() {
    TestUser student = api.newUser(admin, "student");
    JsonObject created = api.createComplaint(student.token(), "Block A", "high");

    assertThat(created.getString("status")).isEqualTo("open");
    assertThat(created.getLong("reporter_id")).isEqualTo(student.id());

    HttpResponse<Buffer> detail = api.get("/api/v1/complaints/" + created.getLong("id"), student.token());
    assertThat(detail.statusCode()).isEqualTo(200);
    assertThat(detail.bodyAsJsonObject().getJsonArray("history")).hasSize(1);
    assertThat(detail.bodyAsJsonObject().getJsonArray("history").getJsonObject(0).getString("action")).isEqualTo("created");
  }

  @Test
  void studentCannotSeeAnotherStudentsComplaint() {
    TestUser alice = api.newUser(admin, "student");
    TestUser bob = api.newUser(admin, "student");
    long id = api.createComplaint(alice.token(), "Block B", "low").getLong("id");

    HttpResponse<Buffer> response = api.get("/api/v1/complaints/" + id, bob.token());

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.getHeader("Content-Type")).isEqualTo("application/problem+json");
  }

  @Test
  void adminAssignsAPorterWhoMovesTheComplaintThroughTheFlow() {
    TestUser student = api.newUser(admin, "student");
    TestUser porter = api.newUser(admin, "porter");
    long id = api.createComplaint(student.token(), "Block C", "medium").getLong("id");

    HttpResponse<Buffer> assigned = api.send(HttpMethod.PUT, "/api/v1/complaints/" + id + "/assignee", admin,
      new JsonObject().put("porter_id", porter.id()));
    assertThat(assigned.statusCode()).isEqualTo(200);
    assertThat(assigned.bodyAsJsonObject().getLong("assignee_id")).isEqualTo(porter.id());

    HttpResponse<Buffer> started = api.send(HttpMethod.PATCH, "/api/v1/complaints/" + id + "/status", porter.token(),
      new JsonObject().put("status", "in_progress").put("note", "on my way"));
    assertThat(started.statusCode()).isEqualTo(200);
    assertThat(started.bodyAsJsonObject().getString("status")).isEqualTo("in_progress");

    HttpResponse<Buffer> illegal = api.send(HttpMethod.PATCH, "/api/v1/complaints/" + id + "/status", porter.token(),
      new JsonObject().put("status", "open"));
    assertThat(illegal.statusCode()).isEqualTo(409);
  }
}
