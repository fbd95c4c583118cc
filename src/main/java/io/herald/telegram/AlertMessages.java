package io.herald.telegram;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** The HTML of every message Herald sends to Telegram; all user text is escaped and the whole fits 4096 characters. */
public final class AlertMessages {

  private static final int MAX_SUMMARY = 120;

  private final String publicUrl;

  public AlertMessages(String publicUrl) {
    this.publicUrl = publicUrl == null ? "" : publicUrl.replaceAll("/+$", "");
  }

  public String created(JsonObject complaint) {
    String head = "<b>New complaint #" + complaint.getLong("id") + "</b> (" + TelegramHtml.escape(complaint.getString("severity")) + ")\n"
      + "<b>Where:</b> " + place(complaint) + "\n"
      + "<b>Category:</b> " + TelegramHtml.escapeWithin(complaint.getString("category"), 200) + "\n"
      + "<b>Reporter:</b> " + TelegramHtml.escapeWithin(complaint.getString("reporter_name"), 200) + "\n";
    String tail = "\n" + link(complaint.getLong("id"));
    String description = TelegramHtml.escapeWithin(complaint.getString("description"), TelegramHtml.MAX_LENGTH - head.length() - tail.length());
    return head + description + tail;
  }

  public String statusChanged(JsonObject event) {
    JsonObject complaint = event.getJsonObject("complaint");
    String head = "<b>Complaint #" + complaint.getLong("id") + "</b> " + TelegramHtml.escape(event.getString("old_status"))
      + " → <b>" + TelegramHtml.escape(event.getString("new_status")) + "</b>\n" + place(complaint) + "\n";
    String tail = "\n" + link(complaint.getLong("id"));
    String note = event.getString("note") == null ? ""
      : TelegramHtml.escapeWithin(event.getString("note"), TelegramHtml.MAX_LENGTH - head.length() - tail.length());
    return head + note + tail;
  }

  /** For the reporter's own chat: plain words, no dashboard link needed. */
  public String yourComplaintChanged(JsonObject event) {
    JsonObject complaint = event.getJsonObject("complaint");
    String text = "Your complaint #" + complaint.getLong("id") + " is now <b>"
      + TelegramHtml.escape(event.getString("new_status")) + "</b>.";
    String note = event.getString("note");
    return note == null ? text : text + "\nNote: " + TelegramHtml.escapeWithin(note, TelegramHtml.MAX_LENGTH - text.length() - 7);
  }

  /** For the admin chats when a new chat waits for approval: who it is, and how to let them in. */
  public String registrationWaiting(JsonObject user, String displayName, String username) {
    String who = TelegramHtml.escapeWithin(displayName == null ? "" : displayName, 200)
      + (username == null ? "" : " @" + TelegramHtml.escapeWithin(username, 64));
    return "<b>Telegram user waiting for approval:</b> " + who.trim() + "\n"
      + "Account <b>" + TelegramHtml.escape(user.getString("username")) + "</b> (id " + user.getLong("id") + ") is disabled until "
      + "an admin enables it: <code>PATCH /api/v1/users/" + user.getLong("id") + "</code> with <code>{\"disabled\": false}</code>.";
  }

  /** One line about a complaint for a digest, as raw text (escaped when the digest is built). */
  public static String summary(JsonObject complaint) {
    return "#" + complaint.getLong("id") + " (" + complaint.getString("severity") + ", " + complaint.getString("hostel") + ")";
  }

  public static String statusSummary(JsonObject event) {
    JsonObject complaint = event.getJsonObject("complaint");
    return "#" + complaint.getLong("id") + " now " + event.getString("new_status") + " (" + complaint.getString("hostel") + ")";
  }

  /** The digest of held alerts: "4 more new complaints: ..." (or "alerts" when status changes are among them). */
  public static String digest(JsonArray summaries, boolean allNewComplaints) {
    String noun = (allNewComplaints ? "new complaint" : "alert") + (summaries.size() == 1 ? "" : "s");
    StringBuilder text = new StringBuilder("<b>" + summaries.size() + " more " + noun + ":</b>");
    for (int i = 0; i < summaries.size(); i++) {
      String line = "\n" + TelegramHtml.escapeWithin(summaries.getString(i), MAX_SUMMARY);
      String rest = "\n… and " + (summaries.size() - i) + " more";
      if (text.length() + line.length() + rest.length() > TelegramHtml.MAX_LENGTH) {
        return text.append(rest).toString();
      }
      text.append(line);
    }
    return text.toString();
  }

  private static String place(JsonObject complaint) {
    String room = complaint.getString("room");
    return TelegramHtml.escapeWithin(complaint.getString("hostel"), 200)
      + (room == null || room.isBlank() ? "" : ", room " + TelegramHtml.escapeWithin(room, 100));
  }

  private String link(long id) {
    String url = publicUrl + "/#/complaints/" + id;
    return "<a href=\"" + TelegramHtml.escape(url).replace("\"", "&quot;") + "\">Open in dashboard</a>";
  }
}
