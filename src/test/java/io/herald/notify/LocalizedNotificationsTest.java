package io.herald.notify;

import io.herald.support.ApiClient.TestUser;
import io.herald.support.NodeTest;
import io.herald.support.Problem;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Herald's own notification texts reach each recipient in their language, from one set-based write. */
class LocalizedNotificationsTest extends NodeTest {

  @Test
  void oneStatusChangeReadsInGreekForAGreekUserAndInEnglishForAnEnglishOne() {
    TestUser reporter = userIn("student", "el");
    TestUser porter = userIn("porter", "en");
    long id = api.createComplaint(reporter.token(), "Block Ε", "high").getLong("id");
    assertThat(api.assign(admin, id, porter.id()).statusCode()).isEqualTo(200);

    HttpResponse<Buffer> changed = api.send(HttpMethod.PATCH, "/api/v1/complaints/" + id + "/status", admin,
      new JsonObject().put("status", "in_progress").put("note", "ο υδραυλικός <έρχεται> & φέρνει εργαλεία"));
    assertThat(changed.statusCode()).as(changed.bodyAsString()).isEqualTo(200);

    JsonObject greek = statusUpdate(reporter, id);
    assertThat(greek.getString("title")).isEqualTo("Η αναφορά #" + id + " είναι πλέον: σε εξέλιξη");
    assertThat(greek.getString("message"))
      .isEqualTo("Η κατάσταση άλλαξε από «ανοιχτή» σε «σε εξέλιξη» (ο υδραυλικός <έρχεται> & φέρνει εργαλεία)");
    JsonObject english = statusUpdate(porter, id);
    assertThat(english.getString("title")).isEqualTo("Complaint #" + id + " is now in progress");
    assertThat(english.getString("message"))
      .isEqualTo("Status changed from open to in progress (ο υδραυλικός <έρχεται> & φέρνει εργαλεία)");
  }

  @Test
  void aProducersTemplateIsRenderedInEachRecipientsLanguage() {
    TestUser greek = userIn("student", "el");
    TestUser english = userIn("student", "en");
    HttpResponse<Buffer> sent = api.post("/api/v1/notifications", admin, new JsonObject()
      .put("user_ids", new JsonArray().add(greek.id()).add(english.id())).put("template", "water_outage")
      .put("params", new JsonObject().put("place", "Block <B>")));
    assertThat(sent.statusCode()).as(sent.bodyAsString()).isEqualTo(201);
    assertThat(sent.bodyAsJsonObject().getInteger("count")).isEqualTo(2);

    JsonObject inGreek = newest(greek);
    assertThat(inGreek.getString("title")).isEqualTo("Διακοπή νερού: Block <B>");
    assertThat(inGreek.getString("message")).startsWith("Η υδροδότηση στο Block <B> έχει διακοπεί.");
    JsonObject inEnglish = newest(english);
    assertThat(inEnglish.getString("title")).isEqualTo("No water in Block <B>");
    assertThat(inEnglish.getString("message")).startsWith("The water supply in Block <B> is interrupted.");
  }

  @Test
  void anUnknownTemplateOrBadParamsAreRefusedWithAProblem() {
    TestUser user = userIn("student", "el");
    assertThat(refused(user, new JsonObject().put("template", "party").put("params", new JsonObject())))
      .contains("template").contains("maintenance").contains("water_outage");
    assertThat(refused(user, new JsonObject().put("template", "maintenance").put("params", "Block A")))
      .contains("params");
    assertThat(refused(user, new JsonObject().put("template", "maintenance").put("params", new JsonObject().put("place", "A"))))
      .contains("params.work");
    assertThat(refused(user, new JsonObject().put("template", "water_outage")
      .put("params", new JsonObject().put("place", "A").put("colour", "red")))).contains("params.colour");
    assertThat(refused(user, new JsonObject().put("template", "water_outage").put("params", new JsonObject().put("place", 7))))
      .contains("params.place");
    assertThat(refused(user, new JsonObject().put("template", "water_outage").put("params", new JsonObject().put("place", "A"))
      .put("title", "mine"))).contains("either");
    assertThat(api.get("/api/v1/notifications?limit=5", user.token()).bodyAsJsonObject().getJsonArray("items")).isEmpty();
  }

  private static TestUser userIn(String role, String locale) {
    TestUser user = api.newUser(admin, role);
    HttpResponse<Buffer> set = api.updateUser(admin, user.id(), new JsonObject().put("locale", locale));
    assertThat(set.statusCode()).as(set.bodyAsString()).isEqualTo(200);
    return user;
  }

  private static String refused(TestUser user, JsonObject request) {
    HttpResponse<Buffer> response = api.post("/api/v1/notifications", admin,
      request.put("user_ids", new JsonArray().add(user.id())));
    return Problem.assertProblem(response, 400).getString("detail");
  }

  private static JsonObject statusUpdate(TestUser user, long complaintId) {
    List<JsonObject> rows = api.get("/api/v1/notifications?limit=100", user.token()).bodyAsJsonObject().getJsonArray("items")
      .stream().map(JsonObject.class::cast)
      .filter(row -> "status_update".equals(row.getString("type")))
      .filter(row -> Long.valueOf(complaintId).equals(row.getJsonObject("data").getLong("complaint_id")))
      .toList();
    assertThat(rows).hasSize(1);
    return rows.get(0);
  }

  private static JsonObject newest(TestUser user) {
    JsonArray items = api.get("/api/v1/notifications?limit=1", user.token()).bodyAsJsonObject().getJsonArray("items");
    assertThat(items).hasSize(1);
    return items.getJsonObject(0);
  }
}
