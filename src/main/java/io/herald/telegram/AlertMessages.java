package io.herald.telegram;

import io.herald.texts.Texts;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.HashMap;
import java.util.Map;

/**
 * The HTML of every message Herald sends to Telegram, from the {@code telegram.*} texts in one language: every
 * parameter is escaped by the template engine and clipped so that the whole fits 4096 characters.
 */
public final class AlertMessages {

  private static final int MAX_SUMMARY = 120;
  private static final int MAX_FIELD = 200;
  private static final int MAX_ROOM = 100;

  private final String publicUrl;
  private final String locale;
  private final Texts html = Texts.escaping(TelegramHtml::escape);
  private final Texts plain = Texts.plain();

  /** Messages in {@code locale} (the organisation's default for admin and hostel chats). */
  public AlertMessages(String publicUrl, String locale) {
    this.publicUrl = publicUrl == null ? "" : publicUrl.replaceAll("/+$", "");
    this.locale = Texts.orEnglish(locale);
  }

  public String created(JsonObject complaint) {
    Map<String, Object> scope = place(complaint);
    scope.put("severity", plain.word(locale, "severity." + complaint.getString("severity")));
    scope.put("category", TelegramHtml.clip(complaint.getString("category"), MAX_FIELD));
    scope.put("reporter", TelegramHtml.clip(complaint.getString("reporter_name"), MAX_FIELD));
    return withLongest(locale, "telegram.alert.created", scope, "description", complaint.getString("description"), 0);
  }

  public String statusChanged(JsonObject event) {
    JsonObject complaint = event.getJsonObject("complaint");
    Map<String, Object> scope = place(complaint);
    scope.put("old_status", plain.word(locale, "status." + event.getString("old_status")));
    scope.put("new_status", plain.word(locale, "status." + event.getString("new_status")));
    return withLongest(locale, "telegram.alert.status_update", scope, "note", event.getString("note"), 0);
  }

  /** For the reporter's own chat, in the reporter's language: plain words, no dashboard link needed. */
  public String yourComplaintChanged(JsonObject event, String readerLocale) {
    JsonObject complaint = event.getJsonObject("complaint");
    Map<String, Object> scope = new HashMap<>();
    scope.put("id", complaint.getLong("id"));
    scope.put("new_status", plain.word(readerLocale, "status." + event.getString("new_status")));
    String text = html.render(readerLocale, "telegram.personal.status_update", scope);
    String note = event.getString("note");
    return note == null ? text
      : text + "\n" + withLongest(readerLocale, "telegram.personal.note", new HashMap<>(), "note", note, text.length() + 1);
  }

  /** For the admin chats when a new chat waits for approval: who it is, and how to let them in. */
  public String registrationWaiting(JsonObject user, String displayName, String username) {
    String who = TelegramHtml.clip(displayName == null ? "" : displayName, MAX_FIELD)
      + (username == null ? "" : " @" + TelegramHtml.clip(username, 64));
    return html.render(locale, "telegram.registration",
      Map.of("who", who.trim(), "username", user.getString("username"), "id", user.getLong("id")));
  }

  public String registrationSummary(JsonObject user) {
    return plain.render(locale, "telegram.summary.registration", Map.of("username", user.getString("username"), "id", user.getLong("id")));
  }

  /** One line about a complaint for a digest, as raw text (escaped when the digest is built). */
  public String summary(JsonObject complaint) {
    return plain.render(locale, "telegram.summary.created", Map.of("id", complaint.getLong("id"),
      "severity", plain.word(locale, "severity." + complaint.getString("severity")), "hostel", complaint.getString("hostel")));
  }

  public String statusSummary(JsonObject event) {
    JsonObject complaint = event.getJsonObject("complaint");
    return plain.render(locale, "telegram.summary.status_update", Map.of("id", complaint.getLong("id"),
      "new_status", plain.word(locale, "status." + event.getString("new_status")), "hostel", complaint.getString("hostel")));
  }

  /** The digest of held alerts: "4 more new complaints: ..." (or "alerts" when status changes are among them). */
  public String digest(JsonArray summaries, boolean allNewComplaints) {
    String noun = "telegram.digest." + (allNewComplaints ? "new_complaints" : "alerts") + (summaries.size() == 1 ? ".one" : ".other");
    StringBuilder text = new StringBuilder(html.render(locale, noun, Map.of("count", summaries.size())));
    for (int i = 0; i < summaries.size(); i++) {
      String line = "\n" + TelegramHtml.escapeWithin(summaries.getString(i), MAX_SUMMARY);
      String rest = html.render(locale, "telegram.digest.rest", Map.of("count", summaries.size() - i));
      if (text.length() + line.length() + rest.length() > TelegramHtml.MAX_LENGTH) {
        return text.append(rest).toString();
      }
      text.append(line);
    }
    return text.toString();
  }

  /**
   * Renders {@code key} with {@code longest} clipped to what the rest of the message (and {@code before} characters
   * already written) leaves of Telegram's limit.
   */
  private String withLongest(String language, String key, Map<String, Object> scope, String name, String longest, int before) {
    scope.put(name, null);
    int budget = TelegramHtml.MAX_LENGTH - before - html.render(language, key, scope).length();
    scope.put(name, TelegramHtml.clip(longest, budget));
    return html.render(language, key, scope);
  }

  private Map<String, Object> place(JsonObject complaint) {
    String room = complaint.getString("room");
    Map<String, Object> scope = new HashMap<>();
    scope.put("id", complaint.getLong("id"));
    scope.put("hostel", TelegramHtml.clip(complaint.getString("hostel"), MAX_FIELD));
    scope.put("room", room == null || room.isBlank() ? null : TelegramHtml.clip(room, MAX_ROOM));
    scope.put("url", publicUrl + "/#/complaints/" + complaint.getLong("id"));
    return scope;
  }
}
