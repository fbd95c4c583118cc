package io.herald.bus;

/**
 * Every event-bus address Herald uses. The message shapes and failure codes behind each address are
 * documented in {@code docs/event-bus.md}; nobody types an address literal anywhere else.
 */
public final class Addresses {

  // persistence: request/reply
  public static final String HEALTH_PING = "persistence.health.ping";
  public static final String USERS_CREATE = "persistence.users.create";
  public static final String USERS_LIST = "persistence.users.list";
  public static final String USERS_GET = "persistence.users.get";
  public static final String USERS_CREDENTIALS = "persistence.users.credentials";
  public static final String USERS_ENSURE_ADMIN = "persistence.users.ensure-admin";
  public static final String USERS_UPDATE = "persistence.users.update";
  public static final String COMPLAINTS_CREATE = "persistence.complaints.create";
  public static final String COMPLAINTS_LIST = "persistence.complaints.list";
  public static final String COMPLAINTS_GET = "persistence.complaints.get";
  public static final String COMPLAINTS_CHANGE_STATUS = "persistence.complaints.change-status";
  public static final String COMPLAINTS_ASSIGN = "persistence.complaints.assign";

  // request limits shared by every node: request/reply
  public static final String LIMITS_TAKE = "persistence.limits.take";
  public static final String LIMITS_LOGIN_FAILED = "persistence.limits.login-failed";
  public static final String LIMITS_LOGIN_SUCCEEDED = "persistence.limits.login-succeeded";

  // notification inbox: request/reply
  public static final String NOTIFICATIONS_LIST = "persistence.notifications.list";
  public static final String NOTIFICATIONS_GET = "persistence.notifications.get";
  public static final String NOTIFICATIONS_UNREAD_COUNT = "persistence.notifications.unread-count";
  public static final String NOTIFICATIONS_MARK_READ = "persistence.notifications.mark-read";
  public static final String NOTIFICATIONS_MARK_ALL_READ = "persistence.notifications.mark-all-read";
  public static final String NOTIFICATIONS_DELETE = "persistence.notifications.delete";
  public static final String NOTIFICATIONS_CREATE = "persistence.notifications.create";
  public static final String NOTIFICATIONS_BROADCAST = "persistence.notifications.broadcast";
  public static final String NOTIFICATIONS_REPLAY = "persistence.notifications.replay";
  public static final String NOTIFICATIONS_RETENTION_RUN = "persistence.notifications.retention-run";
  public static final String PREFERENCES_GET = "persistence.preferences.get";
  public static final String PREFERENCES_PUT = "persistence.preferences.put";

  // telegram: settings, outbox, bot links and conversations (request/reply)
  public static final String TELEGRAM_CONFIG_GET = "persistence.telegram.config.get";
  public static final String TELEGRAM_CONFIG_PUT = "persistence.telegram.config.put";
  public static final String TELEGRAM_OUTBOX_LIST = "persistence.telegram.outbox.list";
  public static final String TELEGRAM_CONFIG_SEED = "persistence.telegram.config.seed";
  public static final String TELEGRAM_OUTBOX_ENQUEUE = "persistence.telegram.outbox.enqueue";
  public static final String TELEGRAM_OUTBOX_CLAIM = "persistence.telegram.outbox.claim";
  public static final String TELEGRAM_OUTBOX_MARK_SENT = "persistence.telegram.outbox.mark-sent";
  public static final String TELEGRAM_OUTBOX_MARK_FAILED = "persistence.telegram.outbox.mark-failed";
  public static final String TELEGRAM_OUTBOX_RESCHEDULE = "persistence.telegram.outbox.reschedule";
  public static final String TELEGRAM_LINKS_ENSURE = "persistence.telegram.links.ensure";
  public static final String TELEGRAM_LINKS_GET = "persistence.telegram.links.get";
  public static final String TELEGRAM_COMPLAINT_QUOTA_TAKE = "persistence.telegram.complaint-quota.take";
  public static final String TELEGRAM_CONVERSATION_GET = "persistence.telegram.conversation.get";
  public static final String TELEGRAM_CONVERSATION_PUT = "persistence.telegram.conversation.put";
  public static final String TELEGRAM_UPDATES_BEGIN = "persistence.telegram.updates.begin";
  public static final String TELEGRAM_OFFSET_GET = "persistence.telegram.offset.get";
  public static final String TELEGRAM_OFFSET_PUT = "persistence.telegram.offset.put";
  public static final String TELEGRAM_HOUSEKEEPING_RUN = "persistence.telegram.housekeeping-run";
  public static final String TELEGRAM_WEBHOOK_UPDATE = "telegram.webhook.update";

  // email: users' addresses and the outbox (request/reply)
  public static final String USERS_PROFILE_UPDATE = "persistence.users.profile.update";
  public static final String USERS_EMAIL_CONFIRM = "persistence.users.email.confirm";
  public static final String EMAIL_OUTBOX_ENQUEUE = "persistence.email.outbox.enqueue";
  public static final String EMAIL_OUTBOX_CLAIM = "persistence.email.outbox.claim";
  public static final String EMAIL_OUTBOX_MARK_SENT = "persistence.email.outbox.mark-sent";
  public static final String EMAIL_OUTBOX_MARK_FAILED = "persistence.email.outbox.mark-failed";
  public static final String EMAIL_OUTBOX_RESCHEDULE = "persistence.email.outbox.reschedule";
  public static final String EMAIL_OUTBOX_LIST = "persistence.email.outbox.list";

  // personal Telegram links and the escalation ladder (request/reply)
  public static final String TELEGRAM_LINK_CODES_CREATE = "persistence.telegram.link-codes.create";
  public static final String TELEGRAM_LINKS_CLAIM_CODE = "persistence.telegram.links.claim-code";
  public static final String TELEGRAM_LINKS_REMOVE = "persistence.telegram.links.remove";
  public static final String TELEGRAM_READ_BUTTON_RESOLVE = "persistence.telegram.read-button.resolve";
  public static final String ESCALATION_LADDER_PUT = "persistence.escalation.ladder.put";
  public static final String ESCALATION_CLAIM = "persistence.escalation.claim";
  public static final String ESCALATION_FIRE = "persistence.escalation.fire";
  public static final String NOTIFICATIONS_DELIVERIES = "persistence.notifications.deliveries";
  public static final String COMPLAINTS_DELIVERIES = "persistence.complaints.deliveries";
  // the daily digest (request/reply)
  public static final String DIGESTS_RUN = "persistence.digests.run";
  // sockets: who is online anywhere (published to every node, answers collected on a reply address)
  public static final String SOCKETS_PRESENCE = "sockets.presence.get";
  public static final String SOCKETS_PRESENCE_REPLY_PREFIX = "sockets.presence.reply.";
  // sockets: stats collection (published to every node) and the SockJS bridge's inbound request addresses
  public static final String SOCKETS_STATS = "sockets.stats.get";
  public static final String SOCKETS_HEALTH = "sockets.health";
  public static final String SOCKETS_STATS_REPLY_PREFIX = "sockets.stats.reply.";
  /** Node-local: one instance of the sockets verticle's own numbers, gathered into the node's (see socketsInstanceStats). */
  public static final String SOCKETS_INSTANCE_STATS_PREFIX = "sockets.instance.stats.";

  // the cluster, as this node sees it: local-only request/reply
  public static final String CLUSTER_HEALTH = "cluster.health";
  public static final String BRIDGE_MARK_READ = "sockets.bridge.mark-read";
  public static final String BRIDGE_MARK_ALL_READ = "sockets.bridge.mark-all-read";
  public static final String BRIDGE_UNREAD_COUNT = "sockets.bridge.unread-count";
  public static final String BRIDGE_RESUME = "sockets.bridge.resume";

  // published domain facts, after commit
  public static final String EVENT_COMPLAINT_CREATED = "events.complaint.created";
  public static final String EVENT_COMPLAINT_STATUS_CHANGED = "events.complaint.status_changed";
  public static final String EVENT_COMPLAINT_ASSIGNED = "events.complaint.assigned";
  public static final String EVENT_USER_CHANGED = "events.user.changed";

  // per-user delivery and browser-visible topics
  /**
   * Every user's messages, to every node, several in one bus message: {@code {"messages": [{"user_id", "envelope"},
   * ...]}}, in the order they were published.
   */
  public static final String USER_MESSAGES = "notifications.users";
  public static final String MESSAGES = "messages";
  public static final String USER_ID = "user_id";
  public static final String ENVELOPE = "envelope";
  /** One user's messages, on one node: republished locally from {@link #USER_MESSAGES}. */
  public static final String USER_NOTIFICATIONS_PREFIX = "notifications.user.";
  public static final String DASHBOARD_PREFIX = "dashboard.";
  public static final String DASHBOARD_NEW_COMPLAINTS = "dashboard.complaints.new";
  public static final String DASHBOARD_COMPLAINT_UPDATES = "dashboard.complaints.updates";
  public static final String DASHBOARD_STUDENT_PREFIX = "dashboard.student.";

  private Addresses() {
  }

  /** Where one instance of the sockets verticle answers with its own numbers; local consumers only. */
  public static String socketsInstanceStats(String instanceId) {
    return SOCKETS_INSTANCE_STATS_PREFIX + instanceId;
  }

  public static String userNotifications(long userId) {
    return USER_NOTIFICATIONS_PREFIX + userId;
  }

  public static String studentDashboard(long userId) {
    return DASHBOARD_STUDENT_PREFIX + userId;
  }
}
