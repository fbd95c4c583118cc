package io.herald.notify;

import io.herald.auth.Role;
import io.herald.bus.Addresses;
import io.herald.texts.Texts;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Who hears about a complaint event, and what they read: created -> admins; status changed -> reporter,
 * assignee, admins; assigned -> new and previous assignee, admins. The actor never hears of their own action.
 * The texts are the {@code notification.<type>.*} templates, rendered in every supported locale.
 */
public final class ComplaintRouting {

  private static final int EXCERPT = 140;

  private final Texts texts = Texts.plain();

  public Optional<Draft> draftFor(String eventAddress, JsonObject event) {
    JsonObject complaint = event.getJsonObject("complaint");
    Long actor = event.getLong("actor_id");
    return switch (eventAddress) {
      case Addresses.EVENT_COMPLAINT_CREATED -> Optional.of(created(complaint, actor));
      case Addresses.EVENT_COMPLAINT_STATUS_CHANGED -> Optional.of(statusChanged(complaint, event, actor));
      case Addresses.EVENT_COMPLAINT_ASSIGNED -> Optional.of(assigned(complaint, event, actor));
      default -> Optional.empty();
    };
  }

  private Draft created(JsonObject complaint, Long actor) {
    Localized text = Localized.render(texts, "notification." + NotificationType.NEW_COMPLAINT, locale -> {
      Map<String, Object> scope = place(complaint);
      scope.put("severity", texts.word(locale, "severity." + complaint.getString("severity")));
      scope.put("reporter", complaint.getString("reporter_name"));
      return scope;
    });
    return draft(NotificationType.NEW_COMPLAINT, text, data(complaint), complaint, List.of(), actor);
  }

  private Draft statusChanged(JsonObject complaint, JsonObject event, Long actor) {
    String next = event.getString("new_status");
    Localized text = Localized.render(texts, "notification." + NotificationType.STATUS_UPDATE, locale -> {
      Map<String, Object> scope = withNote(place(complaint), event);
      scope.put("old_status", texts.word(locale, "status." + event.getString("old_status")));
      scope.put("new_status", texts.word(locale, "status." + next));
      return scope;
    });
    JsonObject data = data(complaint).put("old_status", event.getString("old_status")).put("new_status", next);
    return draft(NotificationType.STATUS_UPDATE, text, data, complaint,
      ids(complaint.getLong("reporter_id"), complaint.getLong("assignee_id")), actor);
  }

  private Draft assigned(JsonObject complaint, JsonObject event, Long actor) {
    Map<String, Object> scope = withNote(place(complaint), event);
    scope.put("assignee", complaint.getString("assignee_name"));
    Localized text = Localized.render(texts, "notification." + NotificationType.ASSIGNMENT_UPDATE, locale -> scope);
    JsonObject data = data(complaint).put("old_assignee_id", event.getLong("old_assignee_id"))
      .put("new_assignee_id", event.getLong("new_assignee_id"));
    return draft(NotificationType.ASSIGNMENT_UPDATE, text, data, complaint,
      ids(event.getLong("new_assignee_id"), event.getLong("old_assignee_id")), actor);
  }

  private static Draft draft(String type, Localized text, JsonObject data, JsonObject complaint, List<Long> userIds, Long actor) {
    return Draft.localized(type, text, data, "/#/complaints/" + complaint.getLong("id"), userIds, List.of(Role.ADMIN.wire()), actor);
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

  /** The complaint's id, place and description excerpt, the parts every text may name. */
  private static Map<String, Object> place(JsonObject complaint) {
    String room = complaint.getString("room");
    Map<String, Object> scope = new HashMap<>();
    scope.put("id", complaint.getLong("id"));
    scope.put("hostel", complaint.getString("hostel"));
    scope.put("room", room == null || room.isBlank() ? null : room);
    scope.put("excerpt", excerpt(complaint.getString("description")));
    return scope;
  }

  private static Map<String, Object> withNote(Map<String, Object> scope, JsonObject event) {
    String note = event.getString("note");
    scope.put("note", note == null || note.isBlank() ? null : excerpt(note));
    return scope;
  }

  private static String excerpt(String text) {
    return text.length() <= EXCERPT ? text : text.substring(0, EXCERPT - 1) + "…";
  }
}
