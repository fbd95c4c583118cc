package io.herald.http;

import io.herald.support.Await;
import io.herald.support.NodeTest;
import io.herald.support.RawHttp;
import io.herald.support.ApiClient.TestUser;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

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
  void unknownFieldIsA400NamingTheField() {
    JsonObject problem = assertProblem(api.post("/api/v1/complaints", admin, complaint().put("priority", "now")), 400);

    assertThat(problem.getString("field")).isEqualTo("priority");
    assertThat(problem.getString("detail")).isEqualTo("Unknown field priority");
  }

  @Test
  void anItemOfAListIsNamedByItsPlace() {
    JsonObject problem = assertProblem(api.post("/api/v1/notifications", admin, new JsonObject().put("title", "t")
      .put("message", "m").put("user_ids", new io.vertx.core.json.JsonArray().add(5).add(0))), 400);

    assertThat(problem.getString("field")).isEqualTo("user_ids.1");
    assertThat(problem.getString("detail")).startsWith("Invalid field user_ids.1: ");
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
  void aBodyOverTheLimitIsAnswered413EvenWhileTheClientIsStillSendingIt() {
    String body = "{\"description\": \"" + "x".repeat(1024 * 1024) + "\"}";
    String request = "POST /api/v1/complaints HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + admin + "\r\n"
      + "Content-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body;

    for (int attempt = 1; attempt <= 20; attempt++) {
      RawHttp.Answer answer = RawHttp.send(node.httpPort(), request, 5_000);

      assertThat(answer.text()).as("attempt %d: the client is told why, not reset while it sends", attempt)
        .startsWith("HTTP/1.1 413").containsIgnoringCase("connection: close").contains("larger than allowed");
      assertThat(answer.closed()).isTrue();
    }
  }

  @Test
  void aQueryStringThatIsNotValidPercentEncodingIsA400() {
    JsonObject problem = assertProblem(api.get("/api/v1/complaints?q=%zz", admin), 400);
    assertThat(problem.getString("detail")).contains("percent-encoding");
    assertProblem(api.get("/api/v1/complaints?q=50%", admin), 400);
    assertProblem(api.post("/api/v1/auth/login?next=%", null, new JsonObject().put("username", "a").put("password", "b")), 400);
    for (String path : new String[] {"/ws/notifications?token=%zz", "/eventbus/info?t=%zz", "/mail/read?token=%zz", "/index.html?v=%"}) {
      String answer = RawHttp.exchange(node.httpPort(), "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
        + "Sec-WebSocket-Version: 13\r\n\r\n", 1_000);
      assertThat(answer).as(path).doesNotStartWith("HTTP/1.1 5");
    }
  }

  @Test
  void textWithALoneSurrogateIsA400NamingTheFieldNotStoredAsQuestionMarks() {
    String lone = "{\"description\": \"Heater \\ud800 broken\", \"category\": \"heating\", \"hostel\": \"Bad Input Hall\", "
      + "\"severity\": \"low\"}";
    JsonObject problem = assertProblem(api.post("/api/v1/complaints", admin, lone), 400);
    assertThat(problem.getString("field")).isEqualTo("description");

    JsonObject login = assertProblem(api.post("/api/v1/auth/login", null,
      "{\"username\": \"\\udfff\\ud800\", \"password\": \"whatever\"}"), 400);
    assertThat(login.getString("field")).isEqualTo("username");

    String paired = "{\"description\": \"Heater \\ud83d\\udd25 on fire\", \"category\": \"heating\", "
      + "\"hostel\": \"Bad Input Hall\", \"severity\": \"low\"}";
    var created = api.post("/api/v1/complaints", admin, paired);
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    assertThat(created.bodyAsJsonObject().getString("description")).as("a pair is a character like any other")
      .isEqualTo("Heater \ud83d\udd25 on fire");
  }

  @Test
  void aMultipartBodyIsA415BeforeAnythingReadsItAndLeavesNoFileBehind() {
    Path uploads = Path.of("file-uploads");
    long filesBefore = files(uploads);
    String emptyBoundary = "POST /api/v1/complaints HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + admin + "\r\n"
      + "Content-Type: multipart/form-data; boundary=\r\nContent-Length: 2\r\n\r\n{}";
    assertThat(RawHttp.exchange(node.httpPort(), emptyBoundary, 2_000)).startsWith("HTTP/1.1 415")
      .containsIgnoringCase("application/problem+json");

    String file = "--b0undary\r\nContent-Disposition: form-data; name=\"file\"; filename=\"x.bin\"\r\n"
      + "Content-Type: application/octet-stream\r\n\r\n" + "y".repeat(32 * 1024) + "\r\n--b0undary--\r\n";
    for (String path : new String[] {"/api/v1/complaints", "/api/v1/auth/login", "/telegram/webhook", "/mail/read"}) {
      String upload = "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: multipart/form-data; boundary=b0undary\r\n"
        + "Content-Length: " + file.length() + "\r\n\r\n" + file;
      assertThat(RawHttp.exchange(node.httpPort(), upload, 2_000)).as(path).startsWith("HTTP/1.1 415");
    }
    assertThat(files(uploads)).as("no upload was written to disk").isEqualTo(filesBefore);
  }

  @Test
  void aRequestLineOrHeadersTooLargeToReadAreAProblemDocumentAndTheConnectionCloses() {
    RawHttp.Answer longLine = RawHttp.send(node.httpPort(),
      "GET /api/v1/complaints?q=" + "x".repeat(10_000) + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", 2_000);
    assertThat(longLine.text()).contains(" 414 ").containsIgnoringCase("content-type: application/problem+json")
      .containsIgnoringCase("connection: close").contains("\"status\":414");
    assertThat(longLine.closed()).isTrue();

    RawHttp.Answer bigHeader = RawHttp.send(node.httpPort(), "GET /api/v1/complaints HTTP/1.1\r\nHost: 127.0.0.1\r\n"
      + "Authorization: Bearer " + "x".repeat(10_000) + "\r\n\r\n", 2_000);
    assertThat(bigHeader.text()).startsWith("HTTP/1.1 431").containsIgnoringCase("content-type: application/problem+json")
      .containsIgnoringCase("connection: close").contains("\"status\":431");
    assertThat(bigHeader.closed()).isTrue();
  }

  private static long files(Path directory) {
    if (!Files.isDirectory(directory)) {
      return 0;
    }
    try (var listing = Files.list(directory)) {
      return listing.count();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
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

  /** A GET fell through to the dashboard's files (404) or, on /notifications/broadcast, was read as an id (400). */
  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
    "GET, /api/v1/auth/login, POST",
    "GET, /api/v1/notifications/broadcast, POST",
    "GET, /api/v1/notifications/read-all, POST",
    "HEAD, /api/v1/complaints, 'POST, GET'",
    "PUT, /api/v1/users, 'POST, GET'",
    "GET, /api/v1/users/1, PATCH"})
  void methodThePathDoesNotTakeIsA405NamingTheOnesItDoes(String method, String path, String allowed) {
    HttpResponse<Buffer> response = api.send(HttpMethod.valueOf(method), path, admin, null);

    assertThat(response.statusCode()).isEqualTo(405);
    assertThat(response.getHeader("Allow")).isEqualTo(allowed);
    if (!"HEAD".equals(method)) {
      assertProblem(response, 405);
    }
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
