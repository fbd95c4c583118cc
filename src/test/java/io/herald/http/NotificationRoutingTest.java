package io.herald.http;

import io.herald.support.ApiClient;
import io.herald.support.ApiClient.TestUser;
import io.herald.support.Await;
import io.herald.support.NodeTest;
import io.herald.support.TestSql;
import io.herald.support.UserMessages;
import io.vertx.core.Promise;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class NotificationRoutingTest extends NodeTest {

  private static TestUser adminUser;

  @BeforeAll
  static void identifyAdmin() {
    adminUser = new TestUser(api.get("/api/v1/auth/me", admin).bodyAsJsonObject().getLong("id"), "admin", "admin", admin);
  }

  @Test
  void newComplaintGoesToEveryAdminButNotTheReporter() {
    TestUser otherAdmin = api.newUser(admin, "admin");
    TestUser student = api.newUser(admin, "student");
    TestUser porter = api.newUser(admin, "porter");

    long id = api.createComplaint(student.token(), "Block N", "critical").getLong("id");

    JsonObject received = single(about(otherAdmin, id));
    assertThat(received.getString("type")).isEqualTo("new_complaint");
    assertThat(received.getString("link")).isEqualTo("/#/complaints/" + id);
    assertThat(received.getString("title")).contains("#" + id);
    assertThat(received.getJsonObject("data").getString("priority")).isEqualTo("critical");
    assertThat(about(adminUser, id)).hasSize(1);
    assertThat(about(student, id)).isEmpty();
    assertThat(about(porter, id)).isEmpty();
  }

  @Test
  void theActorIsNeverNotifiedOfTheirOwnAction() {
    TestUser author = api.newUser(admin, "admin");
    TestUser otherAdmin = api.newUser(admin, "admin");

    long id = api.createComplaint(author.token(), "Block O", "low").getLong("id");

    assertThat(about(author, id)).isEmpty();
    assertThat(about(otherAdmin, id)).hasSize(1);
  }

  @Test
  void assignmentGoesToNewAndPreviousAssigneeAndAdminsButNotTheAssigningAdmin() {
    TestUser otherAdmin = api.newUser(admin, "admin");
    TestUser student = api.newUser(admin, "student");
    TestUser first = api.newUser(admin, "porter");
    TestUser second = api.newUser(admin, "porter");
    long id = api.createComplaint(student.token(), "Block P", "medium").getLong("id");

    assign(id, first);
    assign(id, second);

    assertThat(ofType(about(first, id), "assignment_update")).hasSize(2);
    JsonObject reassigned = single(ofType(about(second, id), "assignment_update"));
    assertThat(reassigned.getJsonObject("data").getLong("old_assignee_id")).isEqualTo(first.id());
    assertThat(reassigned.getJsonObject("data").getLong("new_assignee_id")).isEqualTo(second.id());
    assertThat(ofType(about(otherAdmin, id), "assignment_update")).hasSize(2);
    assertThat(ofType(about(adminUser, id), "assignment_update")).isEmpty();
    assertThat(about(student, id)).isEmpty();
  }

  @Test
  void statusChangeGoesToReporterAndAdminsOnceEachButNotTheActingPorter() {
    TestUser reportingAdmin = api.newUser(admin, "admin");
    TestUser porter = api.newUser(admin, "porter");
    long id = api.createComplaint(reportingAdmin.token(), "Block Q", "high").getLong("id");
    assign(id, porter);

    assertThat(api.send(HttpMethod.PATCH, "/api/v1/complaints/" + id + "/status", porter.token(),
      new JsonObject().put("status", "in_progress")).statusCode()).isEqualTo(200);

    JsonObject update = single(ofType(about(reportingAdmin, id), "status_update"));
    assertThat(update.getJsonObject("data").getString("new_status")).isEqualTo("in_progress");
    assertThat(ofType(about(adminUser, id), "status_update")).hasSize(1);
    assertThat(ofType(about(porter, id), "status_update")).isEmpty();
  }

  @Test
  void inAppSwitchedOffMeansNoInboxRowForThatTypeOnly() {
    TestUser quietAdmin = api.newUser(admin, "admin");
    TestUser student = api.newUser(admin, "student");
    TestUser porter = api.newUser(admin, "porter");
    api.send(HttpMethod.PUT, "/api/v1/notifications/preferences", quietAdmin.token(), new JsonObject()
      .put("types", new JsonObject().put("new_complaint", new JsonObject().put("in_app", false))));

    long id = api.createComplaint(student.token(), "Block R", "low").getLong("id");
    assign(id, porter);

    assertThat(ofType(about(quietAdmin, id), "new_complaint")).isEmpty();
    assertThat(ofType(about(quietAdmin, id), "assignment_update")).hasSize(1);
  }

  @Test
  void disabledUsersAreNotNotified() {
    TestUser disabledAdmin = api.newUser(admin, "admin");
    TestUser student = api.newUser(admin, "student");
    try (TestSql sql = new TestSql(vertx)) {
      sql.update("UPDATE users SET disabled = true WHERE id = $1", disabledAdmin.id());
      long id = api.createComplaint(student.token(), "Block S", "low").getLong("id");
      assertThat(sql.count("SELECT count(*) FROM notifications WHERE user_id = $1", disabledAdmin.id())).isZero();
      assertThat(about(adminUser, id)).hasSize(1);
    }
  }

  @Test
  void envelopesArePublishedPerUserOnlyOnceTheRowIsCommitted() {
    TestUser student = api.newUser(admin, "student");
    TestUser porter = api.newUser(admin, "porter");
    long id = api.createComplaint(student.token(), "Block T", "low").getLong("id");
    try (TestSql sql = new TestSql(vertx)) {
      Promise<JsonObject> arrived = Promise.promise();
      MessageConsumer<JsonObject> consumer = UserMessages.consumer(vertx.eventBus(), porter.id(),
        envelope -> sql.countLater("SELECT count(*) FROM notifications WHERE id = $1",
            envelope.getJsonObject("data").getLong("id"))
          .onSuccess(visible -> arrived.tryComplete(envelope.copy().put("visible_elsewhere", visible))));
      Await.await(consumer.completion());

      assign(id, porter);

      JsonObject envelope = Await.await(arrived.future());
      Await.await(consumer.unregister());
      assertThat(envelope.getString("type")).isEqualTo("notification");
      assertThat(envelope.getJsonObject("data").getLong("user_id")).isEqualTo(porter.id());
      assertThat(envelope.getJsonObject("data").getString("type")).isEqualTo("assignment_update");
      assertThat(envelope.getLong("visible_elsewhere")).as("committed before it was published").isEqualTo(1);
    }
  }

  @Test
  void markingReadPublishesTheUpdateAndTheNewUnreadCount() {
    TestUser student = api.newUser(admin, "student");
    api.post("/api/v1/notifications", admin, NotificationsApiTest.notification(student, "one"));
    api.post("/api/v1/notifications", admin, NotificationsApiTest.notification(student, "two"));
    long id = api.get("/api/v1/notifications?limit=1", student.token()).bodyAsJsonObject()
      .getJsonArray("items").getJsonObject(0).getLong("id");
    List<JsonObject> received = new ArrayList<>();
    Promise<Void> two = Promise.promise();
    MessageConsumer<JsonObject> consumer = UserMessages.consumer(vertx.eventBus(), student.id(), envelope -> {
      received.add(envelope);
      if (received.size() == 2) {
        two.tryComplete();
      }
    });
    Await.await(consumer.completion());

    api.post("/api/v1/notifications/" + id + "/read", student.token(), null);

    Await.await(two.future());
    Await.await(consumer.unregister());
    assertThat(received.get(0)).isEqualTo(new JsonObject().put("type", "notification_update")
      .put("data", new JsonObject().put("notification_id", id).put("status", "read")));
    assertThat(received.get(1)).isEqualTo(new JsonObject().put("type", "unread_count")
      .put("data", new JsonObject().put("count", 1)));
  }

  private static void assign(long id, TestUser porter) {
    assertThat(api.send(HttpMethod.PUT, "/api/v1/complaints/" + id + "/assignee", admin,
      new JsonObject().put("porter_id", porter.id())).statusCode()).isEqualTo(200);
  }

  /** The user's notifications about one complaint (reading pages until the complaint's rows are all seen). */
  private static List<JsonObject> about(TestUser user, long complaintId) {
    List<JsonObject> found = new ArrayList<>();
    Long before = null;
    do {
      JsonObject page = api.get("/api/v1/notifications?limit=100" + (before == null ? "" : "&before_id=" + before),
        user.token()).bodyAsJsonObject();
      for (Object item : page.getJsonArray("items", new JsonArray())) {
        JsonObject row = (JsonObject) item;
        if (Long.valueOf(complaintId).equals(row.getJsonObject("data").getLong("complaint_id"))) {
          found.add(row);
        }
      }
      before = page.getLong("next_before_id");
    } while (before != null);
    return found;
  }

  private static List<JsonObject> ofType(List<JsonObject> rows, String type) {
    return rows.stream().filter(row -> type.equals(row.getString("type"))).toList();
  }

  private static JsonObject single(List<JsonObject> rows) {
    assertThat(rows).hasSize(1);
    return rows.get(0);
  }
}
