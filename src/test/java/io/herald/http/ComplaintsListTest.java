package io.herald.http;

import io.herald.support.NodeTest;
import io.herald.support.ApiClient.TestUser;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static io.herald.support.Problem.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

class ComplaintsListTest extends NodeTest {


  @Test
  void filtersByHostelAndSeverity() {
    String hostel = uniqueHostel();
    TestUser student = api.newUser(admin, "student");
    long high = api.createComplaint(student.token(), hostel, "high").getLong("id");
    api.createComplaint(student.token(), hostel, "low");
    api.createComplaint(student.token(), uniqueHostel(), "high");

    assertThat(ids("hostel=" + enc(hostel) + "&severity=high", admin)).containsExactly(high);
  }

  @Test
  void filtersByStatus() {
    String hostel = uniqueHostel();
    TestUser student = api.newUser(admin, "student");
    long rejected = api.createComplaint(student.token(), hostel, "low").getLong("id");
    long open = api.createComplaint(student.token(), hostel, "low").getLong("id");
    api.changeStatus(admin, rejected, "rejected");

    assertThat(ids("hostel=" + enc(hostel) + "&status=rejected", admin)).containsExactly(rejected);
    assertThat(ids("hostel=" + enc(hostel) + "&status=open", admin)).containsExactly(open);
  }

  @Test
  void filtersByAssignee() {
    String hostel = uniqueHostel();
    TestUser student = api.newUser(admin, "student");
    TestUser porter = api.newUser(admin, "porter");
    long assigned = api.createComplaint(student.token(), hostel, "low").getLong("id");
    api.createComplaint(student.token(), hostel, "low");
    api.assign(admin, assigned, porter.id());

    assertThat(ids("assignee_id=" + porter.id(), admin)).containsExactly(assigned);
  }

  @Test
  void filtersByCreatedRange() {
    String hostel = uniqueHostel();
    TestUser student = api.newUser(admin, "student");
    long before = api.createComplaint(student.token(), hostel, "low").getLong("id");
    Instant cut = Instant.parse(api.get("/api/v1/complaints/" + before, admin).bodyAsJsonObject().getString("created_at"))
      .plusNanos(1000);
    long after = api.createComplaint(student.token(), hostel, "low").getLong("id");
    String base = "hostel=" + enc(hostel);

    assertThat(ids(base + "&created_from=" + enc(cut.toString()), admin)).containsExactly(after);
    assertThat(ids(base + "&created_to=" + enc(cut.toString()), admin)).containsExactly(before);
  }

  @Test
  void searchesTheText() {
    String hostel = uniqueHostel();
    TestUser student = api.newUser(admin, "student");
    String word = "zebra" + UUID.randomUUID().toString().substring(0, 6);
    HttpResponse<Buffer> created = api.post("/api/v1/complaints", student.token(), new JsonObject()
      .put("description", "A " + word + " is loose in the corridor").put("category", "animals")
      .put("hostel", hostel).put("severity", "critical"));
    api.createComplaint(student.token(), hostel, "low");

    assertThat(ids("q=" + word.toUpperCase(), admin)).containsExactly(created.bodyAsJsonObject().getLong("id"));
  }

  @Test
  void studentSeesOnlyTheirOwnComplaintsWhateverTheFilter() {
    String hostel = uniqueHostel();
    TestUser alice = api.newUser(admin, "student");
    TestUser bob = api.newUser(admin, "student");
    TestUser porter = api.newUser(admin, "porter");
    long mine = api.createComplaint(alice.token(), hostel, "low").getLong("id");
    long theirs = api.createComplaint(bob.token(), hostel, "low").getLong("id");
    api.assign(admin, mine, porter.id());
    api.assign(admin, theirs, porter.id());

    assertThat(ids("hostel=" + enc(hostel), alice.token())).containsExactly(mine);
    assertThat(ids("assignee_id=" + porter.id(), alice.token())).containsExactly(mine);
  }

  @Test
  void porterSeesEveryComplaint() {
    String hostel = uniqueHostel();
    TestUser alice = api.newUser(admin, "student");
    TestUser bob = api.newUser(admin, "student");
    TestUser porter = api.newUser(admin, "porter");
    long first = api.createComplaint(alice.token(), hostel, "low").getLong("id");
    long second = api.createComplaint(bob.token(), hostel, "low").getLong("id");

    assertThat(ids("hostel=" + enc(hostel), porter.token())).containsExactly(second, first);
  }

  @Test
  void pagesStayStableWhenComplaintsArriveBetweenPages() {
    String hostel = uniqueHostel();
    TestUser student = api.newUser(admin, "student");
    List<Long> existing = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      existing.add(0, api.createComplaint(student.token(), hostel, "medium").getLong("id"));
    }

    List<Long> seen = new ArrayList<>();
    String cursor = null;
    do {
      JsonObject page = page("hostel=" + enc(hostel) + "&limit=3" + (cursor == null ? "" : "&cursor=" + cursor), admin);
      page.getJsonArray("items").forEach(item -> seen.add(((JsonObject) item).getLong("id")));
      api.createComplaint(student.token(), hostel, "medium");
      cursor = page.getString("next_cursor");
    } while (cursor != null);

    assertThat(seen).containsExactlyElementsOf(existing);
  }

  @Test
  void lastPageHasNoCursor() {
    String hostel = uniqueHostel();
    TestUser student = api.newUser(admin, "student");
    api.createComplaint(student.token(), hostel, "low");

    JsonObject page = page("hostel=" + enc(hostel) + "&limit=5", admin);

    assertThat(page.getJsonArray("items")).hasSize(1);
    assertThat(page.getValue("next_cursor")).isNull();
  }

  @Test
  void invalidDateIsA400() {
    assertProblem(api.get("/api/v1/complaints?created_from=yesterday", admin), 400);
  }

  private static List<Long> ids(String query, String token) {
    JsonArray items = page(query, token).getJsonArray("items");
    return items.stream().map(item -> ((JsonObject) item).getLong("id")).toList();
  }

  private static JsonObject page(String query, String token) {
    HttpResponse<Buffer> response = api.get("/api/v1/complaints?" + query, token);
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    return response.bodyAsJsonObject();
  }

  private static String uniqueHostel() {
    return "Hall " + UUID.randomUUID().toString().substring(0, 8);
  }

  private static String enc(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
