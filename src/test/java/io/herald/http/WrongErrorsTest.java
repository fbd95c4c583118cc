package io.herald.http;

import io.herald.support.ApiClient.TestUser;
import io.herald.support.NodeTest;
import io.herald.support.TestNode;
import io.herald.support.Tokens;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static io.herald.support.Problem.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/** Input that used to crash a handler or answer for the wrong thing gets the right refusal, or works. */
class WrongErrorsTest extends NodeTest {

  private static final String BEYOND_INT64 = "99999999999999999999";
  private static final String JUST_BEYOND_INT64 = "9223372036854775808";
  /** 36 two-byte characters: 72 bytes, the most bcrypt takes. */
  private static final String SEVENTY_TWO_BYTES = "é".repeat(36);

  @Test
  void aLoginPasswordOver72BytesIsA400NamingTheField() {
    TestUser student = api.newUser(admin, "student");

    JsonObject ascii = assertProblem(login(student.username(), "x".repeat(73)), 400);
    JsonObject multiByte = assertProblem(login(student.username(), SEVENTY_TWO_BYTES + "é"), 400);

    assertThat(ascii.getString("field")).isEqualTo("password");
    assertThat(multiByte.getString("field")).isEqualTo("password");
    assertThat(multiByte.getString("detail")).contains("72 bytes");
  }

  @Test
  void aNewUsersPasswordOver72BytesIsA400AndExactly72BytesWorks() {
    String username = "bytes-" + UUID.randomUUID().toString().substring(0, 8);

    JsonObject refused = assertProblem(createUser(username, "x".repeat(40) + "é".repeat(17)), 400);
    HttpResponse<Buffer> created = createUser(username, SEVENTY_TWO_BYTES);

    assertThat(refused.getString("field")).isEqualTo("password");
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    assertThat(login(username, SEVENTY_TWO_BYTES).statusCode()).isEqualTo(200);
  }

  @Test
  void aSignedTokenWhoseExpiryIsAStringIsA401() {
    JsonObject claims = Tokens.claims(1, "admin", null).put("exp", String.valueOf(Tokens.inSeconds(600)));

    assertProblem(api.get("/api/v1/auth/me", Tokens.hs256(claims, TestNode.JWT_SECRET)), 401);
  }

  @Test
  void pathIdsBeyondA64BitIntegerAreA400() {
    for (String id : new String[] {BEYOND_INT64, JUST_BEYOND_INT64}) {
      assertProblem(api.get("/api/v1/complaints/" + id, admin), 400);
      assertProblem(api.send(HttpMethod.PATCH, "/api/v1/complaints/" + id + "/status", admin,
        new JsonObject().put("status", "resolved")), 400);
      assertProblem(api.send(HttpMethod.PUT, "/api/v1/complaints/" + id + "/assignee", admin,
        new JsonObject().put("porter_id", 1)), 400);
      assertProblem(api.post("/api/v1/notifications/" + id + "/read", admin, null), 400);
      assertProblem(api.send(HttpMethod.DELETE, "/api/v1/notifications/" + id, admin, null), 400);
      assertProblem(api.send(HttpMethod.PATCH, "/api/v1/users/" + id, admin, new JsonObject().put("disabled", false)), 400);
    }
  }

  @Test
  void idQueryParametersBeyondA64BitIntegerAreA400() {
    for (String query : new String[] {"/api/v1/complaints?assignee_id=", "/api/v1/complaints?cursor=",
      "/api/v1/notifications?before_id=", "/api/v1/notifications?after_id="}) {
      JsonObject problem = assertProblem(api.get(query + JUST_BEYOND_INT64, admin), 400);

      assertThat(query).endsWith(problem.getString("field") + "=");
    }
  }

  @Test
  void idBodyFieldsBeyondA64BitIntegerAreA400() {
    long complaint = api.createComplaint(admin, "Block Z", "low").getLong("id");

    JsonObject assign = assertProblem(api.send(HttpMethod.PUT, "/api/v1/complaints/" + complaint + "/assignee", admin,
      Buffer.buffer("{\"porter_id\": " + JUST_BEYOND_INT64 + "}")), 400);
    JsonObject notify = assertProblem(api.post("/api/v1/notifications", admin,
      Buffer.buffer("{\"title\": \"t\", \"message\": \"m\", \"user_ids\": [" + BEYOND_INT64 + "]}")), 400);

    assertThat(assign.getString("field")).isEqualTo("porter_id");
    assertThat(notify.getString("field")).startsWith("user_ids");
  }

  @Test
  void aSearchForAPercentSignFindsItLiterally() {
    assertSearchFindsOnly("Poster says 50%off in the lobby", "Poster says 50 and off in the lobby", "50%25off", "%25");
  }

  @Test
  void aPlusSignInASearchStaysAPlusSign() {
    assertSearchFindsOnly("Sign says C++ club moved", "Sign says C club moved", "C%2B%2B");
  }

  @Test
  void anUnderscoreInASearchMatchesOnlyAnUnderscore() {
    assertSearchFindsOnly("Label reads room_12", "Label reads roomX12", "room_12");
  }

  /** Each encoded query finds the complaint described by {@code matching} and not the one described by {@code near}. */
  private void assertSearchFindsOnly(String matching, String near, String... encodedQueries) {
    String hostel = "Search-" + UUID.randomUUID().toString().substring(0, 8);
    long expected = complaint(hostel, matching);
    complaint(hostel, near);

    for (String q : encodedQueries) {
      assertThat(search("hostel=" + hostel + "&q=" + q)).as(q).containsExactly(expected);
    }
  }

  private HttpResponse<Buffer> login(String username, String password) {
    return api.post("/api/v1/auth/login", null, new JsonObject().put("username", username).put("password", password));
  }

  private HttpResponse<Buffer> createUser(String username, String password) {
    return api.post("/api/v1/users", admin,
      new JsonObject().put("username", username).put("password", password).put("role", "student"));
  }

  private long complaint(String hostel, String description) {
    HttpResponse<Buffer> response = api.post("/api/v1/complaints", admin, new JsonObject()
      .put("description", description).put("category", "notice").put("hostel", hostel).put("severity", "low"));
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(201);
    return response.bodyAsJsonObject().getLong("id");
  }

  private JsonArray search(String query) {
    HttpResponse<Buffer> response = api.get("/api/v1/complaints?" + query, admin);
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    JsonArray ids = new JsonArray();
    response.bodyAsJsonObject().getJsonArray("items").forEach(item -> ids.add(((JsonObject) item).getLong("id")));
    return ids;
  }
}
