package io.herald.http;

import io.herald.support.ApiClient.TestUser;
import io.herald.support.NodeTest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static io.herald.support.Problem.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/** The user administration the dashboard's people page runs on: searching, filtering, paging, new passwords. */
class PeopleApiTest extends NodeTest {

  @Test
  void searchFindsUsersByPartOfTheUsernameOrDisplayNameInAnyCase() {
    String mark = UUID.randomUUID().toString().substring(0, 8);
    long byName = create("desk-" + mark, null, "porter");
    long byDisplay = create("someone-" + UUID.randomUUID().toString().substring(0, 8), "Night " + mark.toUpperCase(), "student");
    create("other-" + UUID.randomUUID().toString().substring(0, 8), null, "porter");

    assertThat(ids(api.get("/api/v1/users?q=" + mark, admin).bodyAsJsonObject())).containsExactly(byName, byDisplay);
  }

  @Test
  void statusFilterSeparatesDisabledFromActiveUsers() {
    String mark = UUID.randomUUID().toString().substring(0, 8);
    long active = create("active-" + mark, null, "student");
    long disabled = create("gone-" + mark, null, "student");
    assertThat(api.updateUser(admin, disabled, new JsonObject().put("disabled", true)).statusCode()).isEqualTo(200);

    assertThat(ids(api.get("/api/v1/users?status=disabled&q=" + mark, admin).bodyAsJsonObject())).containsExactly(disabled);
    assertThat(ids(api.get("/api/v1/users?status=active&role=student&q=" + mark, admin).bodyAsJsonObject())).containsExactly(active);
  }

  @Test
  void pagesFollowTheCursorUntilTheLastOne() {
    String mark = UUID.randomUUID().toString().substring(0, 8);
    List<Long> made = List.of(create("p1-" + mark, null, "porter"), create("p2-" + mark, null, "porter"),
      create("p3-" + mark, null, "porter"));

    JsonObject first = api.get("/api/v1/users?limit=2&q=" + mark, admin).bodyAsJsonObject();
    JsonObject second = api.get("/api/v1/users?limit=2&q=" + mark + "&cursor=" + first.getString("next_cursor"), admin).bodyAsJsonObject();

    assertThat(ids(first)).containsExactly(made.get(0), made.get(1));
    assertThat(ids(second)).containsExactly(made.get(2));
    assertThat(second.getValue("next_cursor")).isNull();
  }

  @Test
  void badListingParametersAreProblemsNamingTheParameter() {
    assertThat(assertProblem(api.get("/api/v1/users?status=sleeping", admin), 400).getString("field")).isEqualTo("status");
    assertThat(assertProblem(api.get("/api/v1/users?limit=0", admin), 400).getString("field")).isEqualTo("limit");
    assertThat(assertProblem(api.get("/api/v1/users?limit=1001", admin), 400).getString("field")).isEqualTo("limit");
    assertThat(assertProblem(api.get("/api/v1/users?cursor=abc", admin), 400).getString("field")).isEqualTo("cursor");
  }

  @Test
  void aPorterCannotListUsers() {
    assertProblem(api.get("/api/v1/users?q=a", api.newUser(admin, "porter").token()), 403);
  }

  @Test
  void anAdminSetsANewPasswordAndOnlyTheNewOneSignsIn() {
    TestUser student = api.newUser(admin, "student");

    assertThat(api.updateUser(admin, student.id(), new JsonObject().put("password", "a-brand-new-secret")).statusCode()).isEqualTo(200);

    assertThat(api.login(student.username(), "a-brand-new-secret")).isNotBlank();
    assertProblem(api.post("/api/v1/auth/login", null, new JsonObject().put("username", student.username())
      .put("password", "password-" + student.username())), 401);
  }

  @Test
  void aTooShortNewPasswordIsRefusedNamingTheField() {
    TestUser student = api.newUser(admin, "student");

    assertThat(assertProblem(api.updateUser(admin, student.id(), new JsonObject().put("password", "short")), 400)
      .getString("field")).isEqualTo("password");
  }

  @Test
  void onlyAnAdminSetsPasswords() {
    TestUser porter = api.newUser(admin, "porter");
    TestUser student = api.newUser(admin, "student");

    assertProblem(api.updateUser(porter.token(), student.id(), new JsonObject().put("password", "taken-over-now")), 403);
  }

  private static long create(String username, String displayName, String role) {
    JsonObject user = new JsonObject().put("username", username).put("password", "password-" + username).put("role", role);
    if (displayName != null) {
      user.put("display_name", displayName);
    }
    return api.post("/api/v1/users", admin, user).bodyAsJsonObject().getLong("id");
  }

  private static List<Long> ids(JsonObject page) {
    JsonArray items = page.getJsonArray("items");
    return items.stream().map(u -> ((JsonObject) u).getLong("id")).toList();
  }
}
