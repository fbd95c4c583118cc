package io.herald.http;

import io.herald.config.Settings;
import io.herald.support.ApiClient;
import io.herald.support.Await;
import io.herald.support.OwnNode;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static io.herald.support.Problem.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/** The complaint list as a work queue: severity order, overdue complaints, porter names in the history. */
class ComplaintQueueApiTest {

  private static OwnNode node;
  private static ApiClient api;
  private static String admin;

  @BeforeAll
  static void start() {
    node = OwnNode.start(new JsonObject().put(Settings.OVERDUE_AFTER.key(), "critical=2s,high=1h"));
    api = node.api();
    admin = node.admin();
  }

  @AfterAll
  static void stop() {
    node.stop();
  }

  @Test
  void severitySortPutsTheMostSevereFirstAndTheLongestWaitingFirstWithinASeverity() {
    String hostel = hostel();
    String student = api.newUser(admin, "student").token();
    long lowOld = complaint(student, hostel, "low");
    long highOld = complaint(student, hostel, "high");
    long lowNew = complaint(student, hostel, "low");
    long highNew = complaint(student, hostel, "high");
    long critical = complaint(student, hostel, "critical");

    JsonObject first = page("sort=severity&limit=3&hostel=" + hostel);
    JsonObject second = page("sort=severity&limit=3&hostel=" + hostel + "&cursor=" + first.getString("next_cursor"));

    assertThat(ids(first)).containsExactly(critical, highOld, highNew);
    assertThat(ids(second)).containsExactly(lowOld, lowNew);
    assertThat(second.getValue("next_cursor")).isNull();
  }

  @Test
  void overdueKeepsOnlyOpenComplaintsPastTheirSeveritysThreshold() {
    String hostel = hostel();
    String student = api.newUser(admin, "student").token();
    long critical = complaint(student, hostel, "critical");
    long high = complaint(student, hostel, "high");
    long settled = complaint(student, hostel, "critical");
    assertThat(api.changeStatus(admin, settled, "rejected").statusCode()).isEqualTo(200);

    Await.until("the critical complaint is overdue", () -> ids(page("overdue=true&hostel=" + hostel)).contains(critical));

    assertThat(ids(page("overdue=true&hostel=" + hostel))).containsExactly(critical);
    assertThat(ids(page("hostel=" + hostel))).contains(high, settled);
  }

  @Test
  void everyPageCarriesTheThresholdsInSeconds() {
    JsonObject thresholds = page("limit=1").getJsonObject("overdue_after_seconds");

    assertThat(thresholds).isEqualTo(new JsonObject().put("low", 259_200).put("medium", 86_400).put("high", 3_600).put("critical", 2));
  }

  @Test
  void badSortOrOverdueValuesAreProblemsNamingTheParameter() {
    assertThat(assertProblem(api.get("/api/v1/complaints?sort=oldest", admin), 400).getString("field")).isEqualTo("sort");
    assertThat(assertProblem(api.get("/api/v1/complaints?overdue=maybe", admin), 400).getString("field")).isEqualTo("overdue");
  }

  @Test
  void theHistoryNamesTheOldAndNewPorterOfAnAssignment() {
    long id = complaint(api.newUser(admin, "student").token(), hostel(), "medium");
    ApiClient.TestUser first = api.newUser(admin, "porter");
    ApiClient.TestUser second = api.newUser(admin, "porter");
    api.assign(admin, id, first.id());
    api.assign(admin, id, second.id());

    JsonObject last = api.get("/api/v1/complaints/" + id, admin).bodyAsJsonObject().getJsonArray("history").getJsonObject(2);

    assertThat(last.getString("action")).isEqualTo("assigned");
    assertThat(last.getString("old_name")).isEqualTo(first.username());
    assertThat(last.getString("new_name")).isEqualTo(second.username());
  }

  private static String hostel() {
    return "queue-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static long complaint(String token, String hostel, String severity) {
    return api.createComplaint(token, hostel, severity).getLong("id");
  }

  private static JsonObject page(String query) {
    return api.get("/api/v1/complaints?" + query, admin).bodyAsJsonObject();
  }

  private static List<Long> ids(JsonObject page) {
    return page.getJsonArray("items").stream().map(c -> ((JsonObject) c).getLong("id")).toList();
  }
}
