package io.herald.http;

import io.herald.support.Await;
import io.herald.support.NodeTest;
import io.herald.support.RawHttp;
import io.herald.support.ApiClient.TestUser;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.Test;

import static io.herald.support.Problem.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/** Every class of bad input gets a problem document with a clear status, never a stack trace. */
class BadInputTest extends NodeTest {


  @Test
  void malformedJsonIsA400() {
    JsonObject problem = assertProblem(api.post("/api/v1/complaints", admin, "{\"description\": \"half"), 400);

    assertThat(problem.getString("detail")).isEqualTo("The request body is not valid JSON");
  }

  @Test
  void malformedJsonOnLoginIsA400() {
    assertProblem(api.post("/api/v1/auth/login", null, "not json at all"), 400);
  }

  @Test
  void missingRequiredFieldIsA400NamingTheField() {
    JsonObject problem = assertProblem(api.post("/api/v1/complaints", admin, complaint().copy()
      .put("hostel", (String) null)), 400);

    assertThat(problem.getString("detail")).contains("hostel");
  }

  @Test
  void absentRequiredFieldIsA400NamingTheField() {
    JsonObject body = complaint();
    body.remove("severity");

    JsonObject problem = assertProblem(api.post("/api/v1/complaints", admin, body), 400);

    assertThat(problem.getString("field")).isEqualTo("severity");
    assertThat(problem.getString("detail")).isEqualTo("Missing required field severity");
  }

  @Test
  void invalidEnumValueIsA400NamingTheField() {
    JsonObject problem = assertProblem(api.post("/api/v1/complaints", admin, complaint().put("severity", "apocalyptic")), 400);

    assertThat(problem.getString("field")).isEqualTo("severity");
  }

  @Test
  void wrongTypeIsA400NamingTheField() {
    JsonObject problem = assertProblem(api.send(HttpMethod.PUT, "/api/v1/complaints/1/assignee", admin,
      new JsonObject().put("porter_id", "seven")), 400);

    assertThat(problem.getString("field")).isEqualTo("porter_id");
    assertThat(problem.getString("detail")).startsWith("Invalid field porter_id:").doesNotContain("additional properties");
  }

  @Test
  void unknownFieldIsA400() {
    JsonObject problem = assertProblem(api.post("/api/v1/complaints", admin, complaint().put("priority", "now")), 400);

    assertThat(problem.getString("detail")).contains("priority");
  }

  @Test
  void invalidQueryParameterIsA400NamingIt() {
    JsonObject problem = assertProblem(api.get("/api/v1/complaints?limit=1000", admin), 400);

    assertThat(problem.getString("field")).isEqualTo("limit");
  }

  @Test
  void nonNumericIdIsA400() {
    assertProblem(api.get("/api/v1/complaints/abc", admin), 400);
  }

  @Test
  void bodyOver64KiBIsA413() {
    String huge = "x".repeat(70 * 1024);

    var refused = api.post("/api/v1/complaints", admin, complaint().put("description", huge));

    assertProblem(refused, 413);
    assertThat(refused.getHeader("Connection")).as("the client must not reuse a connection with an unread body")
      .isEqualToIgnoringCase("close");
  }

  @Test
  void aChunkedBodyOver64KiBIsA413ThenTheConnectionCloses() {
    String chunk = "x".repeat(70 * 1024);
    String request = "POST /api/v1/complaints HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + admin + "\r\n"
      + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
      + Integer.toHexString(chunk.length()) + "\r\n" + chunk + "\r\n0\r\n\r\n";

    RawHttp.Answer answer = RawHttp.send(node.httpPort(), request, 5_000);

    assertThat(answer.text()).as("the client is told why, not cut off").startsWith("HTTP/1.1 413")
      .containsIgnoringCase("content-type: application/problem+json")
      .containsIgnoringCase("connection: close")
      .contains("larger than allowed");
    assertThat(answer.closed()).as("the rest of the stream is never taken for a next request").isTrue();
  }

  @Test
  void bodyJustUnderTheLimitIsValidatedNormally() {
    String large = "x".repeat(60 * 1024);

    JsonObject problem = assertProblem(api.post("/api/v1/complaints", admin, complaint().put("description", large)), 400);

    assertThat(problem.getString("field")).isEqualTo("description");
  }

  @Test
  void unknownComplaintIsA404() {
    assertProblem(api.get("/api/v1/complaints/987654321", admin), 404);
  }

  @Test
  void statusChangeOfAnUnknownComplaintIsA404() {
    assertProblem(api.changeStatus(admin, 987654321, "in_progress"), 404);
  }

  @Test
  void unknownRouteIsAProblem404() {
    assertProblem(api.get("/api/v1/no-such-thing", admin), 404);
  }

  @Test
  void unsupportedMethodIsAProblem405() {
    assertProblem(api.send(HttpMethod.DELETE, "/api/v1/complaints", admin, null), 405);
  }

  @Test
  void bodyThatIsNotJsonIsA415() {
    WebClient client = WebClient.create(vertx);
    try {
      assertProblem(Await.await(client.post(node.httpPort(), "127.0.0.1", "/api/v1/complaints")
        .putHeader("Authorization", "Bearer " + admin).putHeader("Content-Type", "text/plain")
        .sendBuffer(Buffer.buffer("the heater is broken"))), 415);
    } finally {
      client.close();
    }
  }

  @Test
  void assigningSomeoneWhoIsNotAPorterIsA422() {
    TestUser student = api.newUser(admin, "student");
    long id = api.createComplaint(student.token(), "Bad Input Hall", "low").getLong("id");

    assertProblem(api.assign(admin, id, student.id()), 422);
  }

  @Test
  void assigningAnUnknownUserIsA422() {
    TestUser student = api.newUser(admin, "student");
    long id = api.createComplaint(student.token(), "Bad Input Hall", "low").getLong("id");

    assertProblem(api.assign(admin, id, 987654321), 422);
  }

  @Test
  void porterCannotAssign() {
    TestUser porter = api.newUser(admin, "porter");
    long id = api.createComplaint(admin, "Bad Input Hall", "low").getLong("id");

    assertProblem(api.assign(porter.token(), id, porter.id()), 403);
  }

  private static JsonObject complaint() {
    return new JsonObject().put("description", "Leaking tap").put("category", "plumbing")
      .put("hostel", "Bad Input Hall").put("room", "12").put("severity", "low");
  }
}
