package io.herald.notify;

import java.util.List;

/** The kinds of notification; their wire names are stored in {@code notifications.type}. */
public final class NotificationType {

  public static final String NEW_COMPLAINT = "new_complaint";
  public static final String STATUS_UPDATE = "status_update";
  public static final String ASSIGNMENT_UPDATE = "assignment_update";
  public static final String BROADCAST = "broadcast";
  public static final String SYSTEM = "system";

  public static final List<String> ALL = List.of(NEW_COMPLAINT, STATUS_UPDATE, ASSIGNMENT_UPDATE, BROADCAST, SYSTEM);

  /** Delivery channels a user can switch per type. */
  public static final String IN_APP = "in_app";
  public static final String TELEGRAM = "telegram";
  public static final String EMAIL = "email";

  public static final List<String> CHANNELS = List.of(IN_APP, TELEGRAM, EMAIL);

  private NotificationType() {
  }

  public static boolean isKnown(String type) {
    return ALL.contains(type);
  }

  static boolean isChannel(String channel) {
    return CHANNELS.contains(channel);
  }
}
