package io.herald.telegram;

import io.herald.bus.Addresses;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The outbox messages that changes in the database cause, written in the change's own transaction: for a
 * complaint event, alerts for the admin and hostel chats (counted against each chat's rate limit) and the
 * reporter's own chat when a status changes; for a Telegram registration waiting for approval, the admin chats.
 * Each message's key names the event and the chat, so the same event never queues a message twice.
 * Pure: the caller reads the settings, link and preferences and stores what comes back.
 */
public final class AlertOutbox {

  private final AlertMessages messages;

  /** Alerts to admin and hostel chats are written in {@code locale}, the organisation's default. */
  public AlertOutbox(String publicUrl, String locale) {
    this.messages = new AlertMessages(publicUrl, locale);
  }

  /** Tells the admin chats (when alerts are on) that a chat asked to use the bot and how to let it in; counted like alerts. */
  public List<JsonObject> registrationWaiting(JsonObject settings, long chatId, JsonObject user, String displayName, String username) {
    if (!settings.getBoolean("enabled", true)) {
      return List.of();
    }
    String text = messages.registrationWaiting(user, displayName, username);
    List<JsonObject> alerts = new ArrayList<>();
    AlertRouting.adminChats(settings).stream().sorted().forEach(chat ->
      alerts.add(OutboxWriter.message("registration:" + chatId + ":" + chat, chat, OutboxWriter.KIND_ALERT, text)
        .put("summary", messages.registrationSummary(user))
        .put("rate_limited", true)));
    return alerts;
  }

  /**
   * Alerts for the event under the alert settings, in ascending chat order (the order their rate-limit rows are locked).
   * A critical complaint's alerts are not counted against the chats' rate limit: they are never held for a digest, and
   * each chat sends them before anything else it has waiting.
   */
  public List<JsonObject> complaintAlerts(String eventAddress, JsonObject event, JsonObject settings) {
    JsonObject complaint = event.getJsonObject("complaint");
    long id = complaint.getLong("id");
    return switch (eventAddress) {
      case Addresses.EVENT_COMPLAINT_CREATED ->
        alerts(settings, complaint, "created:" + id, messages.created(complaint), messages.summary(complaint));
      case Addresses.EVENT_COMPLAINT_STATUS_CHANGED -> settings.getBoolean("notify_status_updates", false)
        ? alerts(settings, complaint, statusKey("status:", event), messages.statusChanged(event), messages.statusSummary(event))
        : List.of();
      default -> List.of();
    };
  }

  /** Whether the event may concern the reporter's own chat (only a status change does). */
  public static boolean reachesReporter(String eventAddress) {
    return Addresses.EVENT_COMPLAINT_STATUS_CHANGED.equals(eventAddress);
  }

  /**
   * The reporter's message about a status change in their language, unless their preferences switch Telegram off;
   * held through quiet hours unless the complaint is critical.
   */
  public Optional<JsonObject> personal(String eventAddress, JsonObject event, long chatId, String locale, JsonObject preferences,
                                       ZonedDateTime nowUtc) {
    if (!reachesReporter(eventAddress) || !QuietHours.telegramOn(preferences)) {
      return Optional.empty();
    }
    JsonObject complaint = event.getJsonObject("complaint");
    Duration wait = critical(complaint) ? Duration.ZERO : QuietHours.delay(preferences, nowUtc);
    return Optional.of(OutboxWriter.message(statusKey("personal:", event) + ":" + chatId, chatId, OutboxWriter.KIND_PERSONAL,
        messages.yourComplaintChanged(event, locale))
      .put("complaint_id", complaint.getLong("id")).put("delay_ms", wait.toMillis()).put("urgent", critical(complaint)));
  }

  private static boolean critical(JsonObject complaint) {
    return "critical".equals(complaint.getString("severity"));
  }

  private static String statusKey(String prefix, JsonObject event) {
    return prefix + event.getJsonObject("complaint").getLong("id") + ":" + event.getString("new_status") + ":" + event.getString("occurred_at");
  }

  private static List<JsonObject> alerts(JsonObject settings, JsonObject complaint, String key, String text, String summary) {
    List<JsonObject> alerts = new ArrayList<>();
    AlertRouting.chatsFor(settings, complaint).stream().sorted().forEach(chat ->
      alerts.add(OutboxWriter.message(key + ":" + chat, chat, OutboxWriter.KIND_ALERT, text)
        .put("complaint_id", complaint.getLong("id")).put("summary", summary).put("rate_limited", !critical(complaint))
        .put("urgent", critical(complaint))));
    return alerts;
  }
}
