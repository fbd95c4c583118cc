package io.herald.persistence.deliveries;

/** The SQL of where notifications went: the notifications themselves, their channels' outbox rows and ladder steps. */
interface DeliverySql {

  String COLUMNS = "SELECT n.id, n.user_id, u.username, n.type, n.title, n.created_at, n.read_at "
    + "FROM notifications n JOIN users u ON u.id = n.user_id ";

  String NOTIFICATION = COLUMNS + "WHERE n.id = $1 AND ($2 OR n.user_id = $3)";

  String COMPLAINT_EXISTS = "SELECT 1 FROM complaints WHERE id = $1";

  /** Newest first, keyset-paged by id (index notifications_complaint_idx, V7). */
  String OF_COMPLAINT = COLUMNS + "WHERE n.data ->> 'complaint_id' = $1 AND ($2::bigint IS NULL OR n.id < $2) "
    + "ORDER BY n.id DESC LIMIT $3";

  String ATTEMPTS = "SELECT notification_id, 'telegram' AS channel, id, status, attempts, created_at, sent_at, last_error "
    + "FROM telegram_outbox WHERE notification_id = ANY($1) "
    + "UNION ALL SELECT notification_id, 'email', id, status, attempts, created_at, sent_at, last_error FROM email_outbox "
    + "WHERE notification_id = ANY($1) ORDER BY created_at, id";

  String STEPS = "SELECT notification_id, step, channel, status, due_at, done_at, outcome FROM escalation_steps "
    + "WHERE notification_id = ANY($1) ORDER BY notification_id, step";

  /** Telegram messages about a complaint that belong to no notification: chat alerts and the reporter's own chat. */
  String CHAT_MESSAGES = "SELECT 'telegram' AS channel, id, kind, chat_id, status, attempts, created_at, sent_at, last_error "
    + "FROM telegram_outbox WHERE complaint_id = $1 AND notification_id IS NULL ORDER BY id DESC LIMIT $2";
}
