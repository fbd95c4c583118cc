package io.herald.persistence.digest;

/** The SQL of the daily digest (V8): who is due, the day's claim, the unread list, the Telegram row. */
interface DigestSql {

  /** Users whose digest is on and due today (their local date, from their hour on), not yet handled, and not in $2. */
  String DUE = "SELECT p.user_id, p.digest_channel AS channel, u.locale, u.time_zone, d.local_date "
    + "FROM notification_preferences p JOIN users u ON u.id = p.user_id "
    + "CROSS JOIN LATERAL (SELECT (now() AT TIME ZONE COALESCE(u.time_zone, 'UTC'))::date AS local_date) d "
    + "WHERE p.digest_enabled AND NOT u.disabled AND digest_due_at(d.local_date, p.digest_hour, u.time_zone) <= now() "
    + "AND NOT EXISTS (SELECT 1 FROM digest_runs r WHERE r.user_id = p.user_id AND r.local_date = d.local_date) "
    + "AND NOT p.user_id = ANY($2) ORDER BY p.user_id LIMIT $1";

  /** The day's digest of the user, taken by this transaction; no row back when another has it (or had it). */
  String CLAIM = "INSERT INTO digest_runs (user_id, local_date, channel, status) VALUES ($1, $2, $3, 'skipped') "
    + "ON CONFLICT (user_id, local_date) DO NOTHING RETURNING user_id";

  /** The newest unread notifications, at most $2, each with how many there are in all. */
  String UNREAD = "SELECT id, type, title, link, created_at, count(*) OVER () AS total FROM notifications "
    + "WHERE user_id = $1 AND read_at IS NULL AND deleted_at IS NULL ORDER BY id DESC LIMIT $2";

  String FINISH = "UPDATE digest_runs SET status = $3, outcome = $4, unread = $5 WHERE user_id = $1 AND local_date = $2";

  /** A day's row only has to outlive that day; a week of them is kept to show what happened. */
  String PURGE = "DELETE FROM digest_runs WHERE created_at < now() - interval '7 days'";

  /** The digest to the user's linked chat; nothing when they have none or are disabled. */
  String TELEGRAM = "INSERT INTO telegram_outbox (dedupe_key, chat_id, kind, text, user_id) "
    + "SELECT $1, l.chat_id, 'personal', $2, l.user_id "
    + "FROM telegram_links l JOIN users u ON u.id = l.user_id WHERE l.user_id = $3 AND NOT u.disabled "
    + "ON CONFLICT (dedupe_key) DO NOTHING RETURNING id";
}
