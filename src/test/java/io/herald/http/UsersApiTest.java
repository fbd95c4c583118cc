package io.herald.http;

import io.herald.support.NodeTest;
import io.herald.support.ApiClient.TestUser;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.Test;

import static io.herald.support.Problem.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

class UsersApiTest extends NodeTest {


  @Test
  void adminCreatesAUserWhoCanLogIn() {
    HttpResponse<Buffer> response = api.post("/api/v1/users", admin, new JsonObject()
      .put("username", "warden-" + System.nanoTime()).put("password", "long-enough-password")
      .put("role", "porter").put("display_name", "The Warden"));

    assertThat(response.statusCode()).isEqualTo(201);
    JsonObject user = response.bodyAsJsonObject();
    assertThat(user.getString("role")).isEqualTo("porter");
    assertThat(user.getString("display_name")).isEqualTo("The Warden");
    assertThat(user.containsKey("password_hash")).isFalse();
    assertThat(api.login(user.getString("username"), "long-enough-password")).isNotBlank();
  }

  @Test
  void adminListsUsersFilteredByRole() {
    TestUser porter = api.newUser(admin, "porter");
    TestUser student = api.newUser(admin, "student");

    HttpResponse<Buffer> response = api.get("/api/v1/users?role=porter", admin);

    assertThat(response.statusCode()).isEqualTo(200);
    JsonArray items = response.bodyAsJsonObject().getJsonArray("items");
    assertThat(items.stream().map(u -> ((JsonObject) u).getString("role"))).containsOnly("porter");
    assertThat(items.stream().map(u -> ((JsonObject) u).getLong("id"))).contains(porter.id()).doesNotContain(student.id());
  }

  @Test
  void studentCannotListUsers() {
    TestUser student = api.newUser(admin, "student");

    assertProblem(api.get("/api/v1/users", student.token()), 403);
  }

  @Test
  void porterCannotCreateUsers() {
    TestUser porter = api.newUser(admin, "porter");

    assertProblem(api.post("/api/v1/users", porter.token(), new JsonObject()
      .put("username", "sneaky-" + System.nanoTime()).put("password", "long-enough-password").put("role", "admin")), 403);
  }

  @Test
  void takenUsernameIsAConflict() {
    TestUser student = api.newUser(admin, "student");

    assertProblem(api.post("/api/v1/users", admin, new JsonObject()
      .put("username", student.username()).put("password", "long-enough-password").put("role", "student")), 409);
  }

  @Test
  void unknownRoleIsRefusedNamingTheField() {
    JsonObject problem = assertProblem(api.post("/api/v1/users", admin, new JsonObject()
      .put("username", "x-" + System.nanoTime()).put("password", "long-enough-password").put("role", "king")), 400);

    assertThat(problem.getString("field")).isEqualTo("role");
  }

  @Test
  void unknownRoleFilterIsRefusedNamingTheParameter() {
    JsonObject problem = assertProblem(api.get("/api/v1/users?role=king", admin), 400);

    assertThat(problem.getString("field")).isEqualTo("role");
  }

  @Test
  void adminDisablesAUserWhoThenCannotLogIn() {
    TestUser student = api.newUser(admin, "student");

    HttpResponse<Buffer> response = api.updateUser(admin, student.id(), new JsonObject().put("disabled", true));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.bodyAsJsonObject().getBoolean("disabled")).isTrue();
    assertThat(response.bodyAsJsonObject().getString("role")).isEqualTo("student");
    assertProblem(api.post("/api/v1/auth/login", null, new JsonObject()
      .put("username", student.username()).put("password", "password-" + student.username())), 401);
  }

  @Test
  void disabledUsersStillValidTokenIsRefusedByTheApiAndOthersAreNot() {
    TestUser student = api.newUser(admin, "student");
    TestUser bystander = api.newUser(admin, "student");
    assertThat(api.get("/api/v1/notifications", student.token()).statusCode()).isEqualTo(200);

    api.updateUser(admin, student.id(), new JsonObject().put("disabled", true));

    JsonObject problem = assertProblem(api.get("/api/v1/notifications", student.token()), 401);
    assertThat(problem.getString("detail")).contains("disabled");
    assertThat(api.get("/api/v1/notifications", bystander.token()).statusCode()).isEqualTo(200);
    api.updateUser(admin, student.id(), new JsonObject().put("disabled", false));
    assertThat(api.get("/api/v1/notifications", student.token()).statusCode()).isEqualTo(200);
  }

  @Test
  void tokenIssuedBeforeARoleChangeIsRefusedByTheApiUntilTheUserLogsInAgain() {
    TestUser porter = api.newUser(admin, "porter");
    TestUser otherPorter = api.newUser(admin, "porter");
    assertThat(api.get("/api/v1/notifications", porter.token()).statusCode()).isEqualTo(200);

    api.updateUser(admin, porter.id(), new JsonObject().put("role", "student"));

    JsonObject problem = assertProblem(api.get("/api/v1/notifications", porter.token()), 401);
    assertThat(problem.getString("detail")).contains("role");
    assertThat(api.get("/api/v1/notifications", otherPorter.token()).statusCode()).isEqualTo(200);
    String relogged = api.login(porter.username(), "password-" + porter.username());
    assertThat(api.get("/api/v1/notifications", relogged).statusCode()).isEqualTo(200);
  }

  @Test
  void adminChangesARoleAndReenablesAUser() {
    TestUser porter = api.newUser(admin, "porter");
    api.updateUser(admin, porter.id(), new JsonObject().put("disabled", true));

    HttpResponse<Buffer> response = api.updateUser(admin, porter.id(), new JsonObject().put("disabled", false).put("role", "student"));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.bodyAsJsonObject().getBoolean("disabled")).isFalse();
    assertThat(response.bodyAsJsonObject().getString("role")).isEqualTo("student");
    assertThat(api.login(porter.username(), "password-" + porter.username())).isNotBlank();
  }

  @Test
  void porterCannotChangeUsers() {
    TestUser porter = api.newUser(admin, "porter");
    TestUser student = api.newUser(admin, "student");

    assertProblem(api.updateUser(porter.token(), student.id(), new JsonObject().put("disabled", true)), 403);
    assertThat(api.login(student.username(), "password-" + student.username())).isNotBlank();
  }

  @Test
  void changingAnUnknownUserIsNotFound() {
    assertProblem(api.updateUser(admin, Long.MAX_VALUE / 2, new JsonObject().put("role", "porter")), 404);
  }

  @Test
  void emptyUnknownOrMistypedChangesAreRefused() {
    TestUser student = api.newUser(admin, "student");

    assertProblem(api.updateUser(admin, student.id(), new JsonObject()), 400);
    assertProblem(api.updateUser(admin, student.id(), new JsonObject().put("username", "renamed")), 400);
    assertProblem(api.updateUser(admin, student.id(), new JsonObject().put("disabled", "yes")), 400);
    JsonObject problem = assertProblem(api.updateUser(admin, student.id(), new JsonObject().put("role", "king")), 400);
    assertThat(problem.getString("field")).isEqualTo("role");
  }

  @Test
  void adminCannotDisableThemselves() {
    long adminId = api.get("/api/v1/users?role=admin", admin).bodyAsJsonObject().getJsonArray("items").stream()
      .map(JsonObject.class::cast).filter(u -> "admin".equals(u.getString("username")))
      .findFirst().orElseThrow().getLong("id");

    assertProblem(api.updateUser(admin, adminId, new JsonObject().put("disabled", true)), 409);
    assertThat(api.adminToken()).isNotBlank();
  }
}
