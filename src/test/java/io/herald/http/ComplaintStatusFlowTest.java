package io.herald.http;

import io.herald.support.NodeTest;
import io.herald.support.ApiClient.TestUser;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static io.herald.support.Problem.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/** The whole transition table, driven through the API: every allowed move succeeds, every other one is a 409. */
class ComplaintStatusFlowTest extends NodeTest {

  private static final List<String> STATUSES = List.of("open", "in_progress", "resolved", "rejected");
  private static final Map<String, Set<String>> ALLOWED = Map.of(
    "open", Set.of("in_progress", "rejected"),
    "in_progress", Set.of("resolved", "rejected"),
    "resolved", Set.of("open"),
    "rejected", Set.of("open"));
  private static final Map<String, List<String>> PATH_TO = Map.of(
    "open", List.of(),
    "in_progress", List.of("in_progress"),
    "resolved", List.of("in_progress", "resolved"),
    "rejected", List.of("rejected"));

  private static TestUser student;

  @BeforeAll
  static void prepare() {
    student = api.newUser(admin, "student");
  }

  static Stream<Arguments> everyPair() {
    List<Arguments> pairs = new ArrayList<>();
    STATUSES.forEach(from -> STATUSES.forEach(to -> pairs.add(Arguments.of(from, to))));
    return pairs.stream();
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("everyPair")
  void moveIsAllowedExactlyWhenTheTableSaysSo(String from, String to) {
    long id = complaintIn(from);

    HttpResponse<Buffer> response = api.changeStatus(admin, id, to);

    if (ALLOWED.get(from).contains(to)) {
      assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
      assertThat(response.bodyAsJsonObject().getString("status")).isEqualTo(to);
    } else {
      assertProblem(response, 409);
      assertThat(statusOf(id)).isEqualTo(from);
    }
  }

  @Test
  void assignedPorterMayChangeTheStatus() {
    TestUser porter = api.newUser(admin, "porter");
    long id = complaintIn("open");
    api.assign(admin, id, porter.id());

    HttpResponse<Buffer> response = api.changeStatus(porter.token(), id, "in_progress");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(statusOf(id)).isEqualTo("in_progress");
  }

  @Test
  void porterCannotChangeAComplaintAssignedToSomeoneElse() {
    TestUser assigned = api.newUser(admin, "porter");
    TestUser other = api.newUser(admin, "porter");
    long id = complaintIn("open");
    api.assign(admin, id, assigned.id());

    assertProblem(api.changeStatus(other.token(), id, "in_progress"), 403);
    assertThat(statusOf(id)).isEqualTo("open");
  }

  @Test
  void porterCannotChangeAnUnassignedComplaint() {
    TestUser porter = api.newUser(admin, "porter");

    assertProblem(api.changeStatus(porter.token(), complaintIn("open"), "in_progress"), 403);
  }

  @Test
  void studentCannotChangeTheStatusOfTheirOwnComplaint() {
    assertProblem(api.changeStatus(student.token(), complaintIn("open"), "rejected"), 403);
  }

  @Test
  void statusChangeKeepsTheNoteInTheHistory() {
    long id = complaintIn("open");
    api.send(io.vertx.core.http.HttpMethod.PATCH, "/api/v1/complaints/" + id + "/status", admin,
      new io.vertx.core.json.JsonObject().put("status", "rejected").put("note", "duplicate report"));

    var history = api.get("/api/v1/complaints/" + id, admin).bodyAsJsonObject().getJsonArray("history");

    var last = history.getJsonObject(history.size() - 1);
    assertThat(last.getString("action")).isEqualTo("status_changed");
    assertThat(last.getString("old_value")).isEqualTo("open");
    assertThat(last.getString("new_value")).isEqualTo("rejected");
    assertThat(last.getString("note")).isEqualTo("duplicate report");
    assertThat(last.getString("actor_name")).isEqualTo("admin");
  }

  private static long complaintIn(String status) {
    long id = api.createComplaint(student.token(), "Flow Hall", "low").getLong("id");
    for (String step : PATH_TO.get(status)) {
      assertThat(api.changeStatus(admin, id, step).statusCode()).isEqualTo(200);
    }
    return id;
  }

  private static String statusOf(long id) {
    return api.get("/api/v1/complaints/" + id, admin).bodyAsJsonObject().getString("status");
  }
}
