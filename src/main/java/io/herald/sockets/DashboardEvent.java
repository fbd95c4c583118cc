package io.herald.sockets;

import io.herald.notify.Envelopes;
import io.herald.auth.Identity;
import io.herald.auth.Role;
import io.herald.bus.Addresses;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.Map;

/**
 * A complaint domain event turned into a dashboard frame, and who may see it: admins every frame,
 * porters status and assignment changes, a student only frames about their own complaints.
 */
record DashboardEvent(String type, JsonObject complaint, JsonObject frame) {

  static final String NEW_COMPLAINT = "new_complaint";
  static final String STATUS_UPDATE = "status_update";
  static final String ASSIGNMENT_UPDATE = "assignment_update";

  private static final Map<String, String> TYPES = Map.of(
    Addresses.EVENT_COMPLAINT_CREATED, NEW_COMPLAINT,
    Addresses.EVENT_COMPLAINT_STATUS_CHANGED, STATUS_UPDATE,
    Addresses.EVENT_COMPLAINT_ASSIGNED, ASSIGNMENT_UPDATE);

  static DashboardEvent from(String address, JsonObject event) {
    JsonObject complaint = event.getJsonObject("complaint", new JsonObject());
    String type = TYPES.get(address);
    return new DashboardEvent(type, complaint, Envelopes.envelope(type, complaint).mergeIn(change(type, event)));
  }

  /**
   * What changed, beside the complaint in {@code data}: the complaint's id, who changed it ({@code changed_by}) and
   * when ({@code changed_at}), and the old and new status or assignee (docs/sockets.md, compatibility).
   */
  private static JsonObject change(String type, JsonObject event) {
    if (NEW_COMPLAINT.equals(type)) {
      return new JsonObject();
    }
    JsonObject change = new JsonObject()
      .put("complaint_id", event.getJsonObject("complaint", new JsonObject()).getValue("id"))
      .put("changed_by", event.getValue("actor_id"))
      .put("changed_at", event.getValue("occurred_at"));
    return STATUS_UPDATE.equals(type)
      ? change.put("old_status", event.getValue("old_status")).put("new_status", event.getValue("new_status"))
      : change.put("old_assignee_id", event.getValue("old_assignee_id")).put("new_assignee_id", event.getValue("new_assignee_id"));
  }

  boolean visibleTo(Identity viewer) {
    return switch (viewer.role()) {
      case ADMIN -> true;
      case PORTER -> !NEW_COMPLAINT.equals(type);
      case STUDENT -> Long.valueOf(viewer.userId()).equals(complaint.getLong("reporter_id"));
      case SERVICE -> false;
    };
  }

  /** Local-only topics the SockJS bridge forwards; each node publishes its own copy for its own sockets. */
  Iterable<String> bridgeTopics() {
    Long reporter = complaint.getLong("reporter_id");
    String student = reporter == null ? null : Addresses.studentDashboard(reporter);
    String staff = NEW_COMPLAINT.equals(type) ? Addresses.DASHBOARD_NEW_COMPLAINTS : Addresses.DASHBOARD_COMPLAINT_UPDATES;
    return student == null ? List.of(staff) : List.of(staff, student);
  }

  static boolean topicVisibleTo(String topic, Identity viewer) {
    if (topic.equals(Addresses.DASHBOARD_NEW_COMPLAINTS)) {
      return viewer.is(Role.ADMIN);
    }
    if (topic.equals(Addresses.DASHBOARD_COMPLAINT_UPDATES)) {
      return viewer.role().isStaff();
    }
    return topic.equals(Addresses.studentDashboard(viewer.userId())) && viewer.is(Role.STUDENT);
  }
}
