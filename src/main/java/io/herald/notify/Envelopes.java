package io.herald.notify;

import io.vertx.core.json.JsonObject;

/** The bodies published on {@code notifications.user.<id>}: {@code {type, data}}, forwarded unchanged as WebSocket frames. */
public final class Envelopes {

  public static final String NOTIFICATION = "notification";
  public static final String NOTIFICATION_UPDATE = "notification_update";
  public static final String UNREAD_COUNT = "unread_count";
  public static final String READ = "read";
  public static final String DELETED = "deleted";
  public static final String ALL_READ = "all_read";
  public static final String TELEGRAM_LINK = "telegram_link";

  private Envelopes() {
  }

  /**
   * A new notification: the row in {@code data}. For the seed clients, the frame and its {@code data} also carry
   * {@code notification_id} (= id), {@code notification_type} (= type), {@code timestamp} (= created_at) and
   * {@code is_read} (docs/sockets.md, compatibility). The row becomes the envelope's {@code data}, seed fields added
   * (not a copy of it: a broadcast makes one envelope per recipient), so the caller must not change it afterwards.
   */
  public static JsonObject notification(JsonObject row) {
    JsonObject seedFields = new JsonObject()
      .put("notification_id", row.getValue("id"))
      .put("notification_type", row.getValue("type"))
      .put("timestamp", row.getValue("created_at"))
      .put("is_read", row.getValue("read_at") != null);
    return envelope(NOTIFICATION, row.mergeIn(seedFields)).mergeIn(seedFields);
  }

  public static JsonObject update(Long notificationId, String status) {
    return envelope(NOTIFICATION_UPDATE, new JsonObject().put("notification_id", notificationId).put("status", status));
  }

  public static JsonObject unreadCount(long count) {
    return envelope(UNREAD_COUNT, new JsonObject().put("count", count));
  }

  /** The user's own Telegram chat was linked (since {@code linkedAt}) or unlinked, by the bot or another tab. */
  public static JsonObject telegramLink(boolean linked, String linkedAt) {
    return envelope(TELEGRAM_LINK, new JsonObject().put("linked", linked).put("linked_at", linkedAt));
  }

  /** Any {@code {type, data}} frame, e.g. a dashboard event. */
  public static JsonObject envelope(String type, JsonObject data) {
    return new JsonObject().put("type", type).put("data", data);
  }

  public static boolean isNotification(JsonObject envelope) {
    return NOTIFICATION.equals(envelope.getString("type"));
  }

  /**
   * The id of the user's notification before this one when it was created ({@code data.previous_id}; null for the
   * user's first, or from a writer that does not say).
   */
  public static Long previousId(JsonObject envelope) {
    JsonObject data = envelope.getJsonObject("data");
    return data == null ? null : data.getLong("previous_id");
  }

  /** The notification's id in {@code data}, or null when there is none. */
  public static Long notificationId(JsonObject envelope) {
    JsonObject data = envelope.getJsonObject("data");
    return data == null ? null : data.getLong("id");
  }
}
