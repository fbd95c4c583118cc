package io.herald.complaint;

import io.herald.bus.Addresses;
import io.herald.support.NodeTest;
import io.herald.support.ApiClient.TestUser;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static io.herald.support.Problem.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/** Domain events on {@code events.complaint.*}: published after the commit, with old and new values, never for a refused change. */
class ComplaintEventsTest extends NodeTest {

  private static long adminId;

  @BeforeAll
  static void prepare() {
    adminId = api.get("/api/v1/auth/me", admin).bodyAsJsonObject().getLong("id");
  }

  @Test
  void creatingAComplaintPublishesCreatedWithTheCommittedComplaint() {
    TestUser student = api.newUser(admin, "student");
    try (Events events = new Events(Addresses.EVENT_COMPLAINT_CREATED)) {
      long id = api.createComplaint(student.token(), "Events Hall", "high").getLong("id");

      JsonObject event = events.next(id);

      assertThat(event.getString("type")).isEqualTo("complaint.created");
      assertThat(event.getLong("actor_id")).isEqualTo(student.id());
      assertThat(event.getString("actor_role")).isEqualTo("student");
      assertThat(Instant.parse(event.getString("occurred_at"))).isBeforeOrEqualTo(Instant.now());
      assertThat(event.getJsonObject("complaint").getString("status")).isEqualTo("open");
      assertThat(api.get("/api/v1/complaints/" + id, admin).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void statusChangePublishesOldAndNewStatusAfterTheCommit() {
    TestUser student = api.newUser(admin, "student");
    long id = api.createComplaint(student.token(), "Events Hall", "low").getLong("id");
    try (Events events = new Events(Addresses.EVENT_COMPLAINT_STATUS_CHANGED)) {
      api.send(io.vertx.core.http.HttpMethod.PATCH, "/api/v1/complaints/" + id + "/status", admin,
        new JsonObject().put("status", "in_progress").put("note", "looking"));

      JsonObject event = events.next(id);

      assertThat(event.getString("old_status")).isEqualTo("open");
      assertThat(event.getString("new_status")).isEqualTo("in_progress");
      assertThat(event.getString("note")).isEqualTo("looking");
      assertThat(event.getLong("actor_id")).isEqualTo(adminId);
      assertThat(event.getString("occurred_at")).isNotBlank();
      assertThat(statusOf(id)).isEqualTo("in_progress");
    }
  }

  @Test
  void assignmentPublishesOldAndNewAssignee() {
    TestUser student = api.newUser(admin, "student");
    TestUser first = api.newUser(admin, "porter");
    TestUser second = api.newUser(admin, "porter");
    long id = api.createComplaint(student.token(), "Events Hall", "low").getLong("id");
    api.assign(admin, id, first.id());
    try (Events events = new Events(Addresses.EVENT_COMPLAINT_ASSIGNED)) {
      api.assign(admin, id, second.id());

      JsonObject event = events.next(id);

      assertThat(event.getLong("old_assignee_id")).isEqualTo(first.id());
      assertThat(event.getLong("new_assignee_id")).isEqualTo(second.id());
      assertThat(event.getLong("actor_id")).isEqualTo(adminId);
    }
  }

  @Test
  void refusedStatusChangePublishesNothing() {
    TestUser student = api.newUser(admin, "student");
    TestUser stranger = api.newUser(admin, "porter");
    long id = api.createComplaint(student.token(), "Events Hall", "low").getLong("id");
    try (Events events = new Events(Addresses.EVENT_COMPLAINT_STATUS_CHANGED)) {
      assertProblem(api.changeStatus(admin, id, "resolved"), 409);
      assertProblem(api.changeStatus(stranger.token(), id, "in_progress"), 403);
      assertThat(api.changeStatus(admin, id, "rejected").statusCode()).isEqualTo(200);

      JsonObject first = events.next(id);

      assertThat(first.getString("new_status")).isEqualTo("rejected");
    }
  }

  @Test
  void refusedAssignmentPublishesNothing() {
    TestUser student = api.newUser(admin, "student");
    TestUser porter = api.newUser(admin, "porter");
    long id = api.createComplaint(student.token(), "Events Hall", "low").getLong("id");
    try (Events events = new Events(Addresses.EVENT_COMPLAINT_ASSIGNED)) {
      assertProblem(api.assign(admin, id, student.id()), 422);
      assertThat(api.assign(admin, id, porter.id()).statusCode()).isEqualTo(200);

      assertThat(events.next(id).getLong("new_assignee_id")).isEqualTo(porter.id());
    }
  }

  private static String statusOf(long id) {
    return api.get("/api/v1/complaints/" + id, admin).bodyAsJsonObject().getString("status");
  }

  /** Collects the events published on one address, in order. */
  private static final class Events implements AutoCloseable {
    private final LinkedBlockingQueue<JsonObject> received = new LinkedBlockingQueue<>();
    private final MessageConsumer<JsonObject> consumer;

    Events(String address) {
      consumer = vertx.eventBus().consumer(address, message -> received.add(message.body()));
      consumer.completion().await();
    }

    /** The next event about this complaint; events about other complaints are skipped. */
    JsonObject next(long complaintId) {
      try {
        while (true) {
          JsonObject event = received.poll(10, TimeUnit.SECONDS);
          assertThat(event).as("an event about complaint " + complaintId).isNotNull();
          if (event.getJsonObject("complaint").getLong("id") == complaintId) {
            return event;
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }

    @Override
    public void close() {
      consumer.unregister().await();
    }
  }
}
