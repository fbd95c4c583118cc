package io.herald.notify;

import io.herald.auth.Role;
import io.herald.bus.Addresses;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Who hears about a complaint event, and what they read: created -> admins; status changed -> reporter,
 * assignee, admins; assigned -> new and previous assignee, admins. The actor never hears of their own action.
 */
public final class ComplaintRouting {

  private static final int EXCERPT = 140;

  private ComplaintRouting() {
  }

  public static Optional<Draft> draftFor(String eventAddress, JsonObject event) {
    JsonObject complaint = event.getJsonObject("complaint");
    Long actor = event.getLong("actor_id");
    return switch (eventAddress) {
      case Addresses.EVENT_COMPLAINT_CREATED -> Optional.of(created(complaint, actor));
      case Addresses.EVENT_COMPLAINT_STATUS_CHANGED -> Optional.of(statusChanged(complaint, event, actor));
      case Addresses.EVENT_COMPLAINT_ASSIGNED -> Optional.of(assigned(complaint, event, actor));
      default -> Optional.empty();
    };
  }

  private static Draft created(JsonObject complaint, Long actor) {
    String title = "New " + complaint.getString("severity") + " complaint #" + complaint.getLong("id");
    String message = complaint.getString("reporter_name") + " reported in " + place(complaint) + ": "
      + excerpt(complaint.getString("description"));
    return draft(NotificationType.NEW_COMPLAINT, title, message, data(complaint), complaint, List.of(), actor);
  }

  private static Draft statusChanged(JsonObject complaint, JsonObject event, Long actor) {
    String next = event.getString("new_status");
    String title = "Complaint #" + complaint.getLong("id") + " is now " + next.replace('_', ' ');
    String message = "Status changed from " + event.getString("old_status") + " to " + next + withNote(event);
    JsonObject data = data(complaint).put("old_status", event.getString("old_status")).put("new_status", next);
    return draft(NotificationType.STATUS_UPDATE, title, message, data, complaint,
      ids(complaint.getLong("reporter_id"), complaint.getLong("assignee_id")), actor);
  }

  private static Draft assigned(JsonObject complaint, JsonObject event, Long actor) {
    String title = "Complaint #" + complaint.getLong("id") + " assigned to " + complaint.getString("assignee_name");
    String message = place(complaint) + ": " + excerpt(complaint.getString("description")) + withNote(event);
    JsonObject data = data(complaint).put("old_assignee_id", event.getLong("old_assignee_id"))
      .put("new_assignee_id", event.getLong("new_assignee_id"));
    return draft(NotificationType.ASSIGNMENT_UPDATE, title, message, data, complaint,
      ids(event.getLong("new_assignee_id"), event.getLong("old_assignee_id")), actor);
  }

  private static Draft draft(String type, String title, String message, JsonObject data, JsonObject complaint,
                             List<Long> userIds, Long actor) {
    return new Draft(type, title, message, data, "/#/complaints/" + complaint.getLong("id"), userIds,
      List.of(Role.ADMIN.wire()), actor);
  }

  private static JsonObject data(JsonObject complaint) {
    String severity = complaint.getString("severity");
    return new JsonObject().put("complaint_id", complaint.getLong("id")).put("status", complaint.getString("status"))
      .put("severity", severity).put("hostel", complaint.getString("hostel"))
      .put("priority", "critical".equals(severity) ? "critical" : "normal");
  }

  private static List<Long> ids(Long... candidates) {
    List<Long> ids = new ArrayList<>();
    for (Long id : candidates) {
      if (id != null) {
        ids.add(id);
      }
    }
    return ids;
  }

  private static String place(JsonObject complaint) {
    String room = complaint.getString("room");
    return complaint.getString("hostel") + (room == null ? "" : " room " + room);
  }

  private static String withNote(JsonObject event) {
    String note = event.getString("note");
    return note == null || note.isBlank() ? "" : " (" + excerpt(note) + ")";
  }

  private static String excerpt(String text) {
    return text.length() <= EXCERPT ? text : text.substring(0, EXCERPT - 1) + "…";
  }
}
