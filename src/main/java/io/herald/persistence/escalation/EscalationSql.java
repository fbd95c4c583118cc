package io.herald.persistence.escalation;

/** The SQL of the escalation steps (the rows themselves are written by a trigger on {@code notifications}, V6). */
interface EscalationSql {

  String PUT_LADDER = "INSERT INTO escalation_config (id, ladder) VALUES (1, $1) "
    + "ON CONFLICT (id) DO UPDATE SET ladder = EXCLUDED.ladder, updated_at = now()";

  /** Due steps of non-critical notifications inside their user's quiet hours wait until those end. */
  String POSTPONE_QUIET = "UPDATE escalation_steps s SET due_at = now() + q.left_over "
    + "FROM (SELECT id, quiet_hours_left(user_id) AS left_over FROM escalation_steps "
    + "  WHERE status = 'pending' AND due_at <= now() AND NOT critical) q "
    + "WHERE s.id = q.id AND q.left_over > interval '0'";

  /**
   * Due steps, leased; never a non-critical one inside its user's quiet hours, even one committed after
   * {@link #POSTPONE_QUIET} looked (the next round postpones it).
   */
  String CLAIM = "UPDATE escalation_steps SET claimed_by = $1, claimed_until = now() + make_interval(secs => $3::double precision) "
    + "WHERE id IN (SELECT id FROM escalation_steps WHERE status = 'pending' AND due_at <= now() "
    + "  AND (claimed_until IS NULL OR claimed_until < now()) "
    + "  AND (critical OR quiet_hours_left(user_id) <= interval '0') ORDER BY due_at, id LIMIT $2 FOR UPDATE SKIP LOCKED) "
    + "RETURNING id, notification_id, user_id, channel, unless_online";

  /** The claimed step with its notification and the user's switch for the step's channel (defaults: telegram on, email off). */
  String LOCK_STEP = "SELECT s.id, s.notification_id, s.user_id, s.channel, s.critical, n.type, n.title, n.message, n.link, "
    + "n.read_at IS NOT NULL OR n.deleted_at IS NOT NULL AS done_with, "
    + "COALESCE((p.channels -> n.type ->> s.channel)::boolean, s.channel = 'telegram') AS switched_on "
    + "FROM escalation_steps s JOIN notifications n ON n.id = s.notification_id "
    + "LEFT JOIN notification_preferences p ON p.user_id = s.user_id "
    + "WHERE s.id = $1 AND s.claimed_by = $2 AND s.status = 'pending' FOR UPDATE OF s";

  String FINISH = "UPDATE escalation_steps SET status = $2, outcome = $3, outbox_id = $4, done_at = now(), "
    + "claimed_by = NULL, claimed_until = NULL WHERE id = $1";

  /** A personal message with its button's token to the user's linked chat; nothing when they have none or are disabled. */
  String TELEGRAM = "INSERT INTO telegram_outbox (dedupe_key, chat_id, kind, text, notification_id, user_id, read_token, urgent) "
    + "SELECT 'escalation:' || $1::bigint, l.chat_id, 'personal', $2, $3, l.user_id, $5, "
    + "(SELECT critical FROM escalation_steps WHERE id = $1) "
    + "FROM telegram_links l JOIN users u ON u.id = l.user_id WHERE l.user_id = $4 AND NOT u.disabled "
    + "ON CONFLICT (dedupe_key) DO NOTHING RETURNING id";
}
