package io.herald.persistence.email;

/** The SQL of the email outbox and of the per-domain pacing rows. */
interface EmailOutboxSql {

  /** A mail for a user's verified address (or the given one); nothing when the user has none or is disabled. */
  String INSERT = "INSERT INTO email_outbox (dedupe_key, user_id, notification_id, to_address, domain, template, params, "
    + "next_attempt_at, urgent) "
    + "SELECT $1, u.id, $3, a.address, lower(split_part(a.address, '@', 2)), $4, $5, "
    + "now() + make_interval(secs => $6::double precision), $8 "
    + "FROM users u CROSS JOIN LATERAL (SELECT COALESCE($7, u.email) AS address) a "
    + "WHERE u.id = $2 AND NOT u.disabled AND a.address IS NOT NULL "
    + "AND ($7 IS NOT NULL OR u.email_verified_at IS NOT NULL) "
    + "ON CONFLICT (dedupe_key) DO NOTHING RETURNING id";

  /**
   * A notification or digest mail (alias {@code o}) that must not leave: the address it was queued for is no longer
   * the user's verified one, or (a notification mail) the notification was read or deleted.
   */
  String STALE = "o.template IN ('notification', 'digest') AND ("
    + "  o.template = 'notification' AND NOT EXISTS (SELECT 1 FROM notifications n WHERE n.id = o.notification_id "
    + "    AND n.read_at IS NULL AND n.deleted_at IS NULL) "
    + "  OR NOT EXISTS (SELECT 1 FROM users v WHERE v.id = o.user_id AND NOT v.disabled AND v.email = o.to_address "
    + "    AND v.email_verified_at IS NOT NULL))";

  /** Due mails that must not leave ({@link #STALE}) are cancelled. */
  String CANCEL_STALE = "UPDATE email_outbox o SET status = 'cancelled', claimed_by = NULL, claimed_until = NULL "
    + "WHERE o.status = 'pending' AND o.next_attempt_at <= now() "
    + "AND (o.claimed_until IS NULL OR o.claimed_until < now()) AND " + STALE;

  /**
   * At most one mail in flight per domain, none to a domain still paced, each domain's urgent mails first; leased to the
   * claiming node. A stale mail is never claimed, even one that became due, or stale, after the round's
   * {@link #CANCEL_STALE}: the next round cancels it.
   */
  String CLAIM = "UPDATE email_outbox e SET claimed_by = $1, attempts = e.attempts + 1, "
    + "claimed_until = now() + make_interval(secs => $3::double precision) "
    + "FROM users u WHERE u.id = e.user_id AND e.id IN (SELECT o.id FROM email_outbox o "
    + "  WHERE o.status = 'pending' AND o.next_attempt_at <= now() "
    + "  AND (o.claimed_until IS NULL OR o.claimed_until < now()) "
    + "  AND o.id = (SELECT y.id FROM email_outbox y "
    + "    WHERE y.domain = o.domain AND y.status = 'pending' AND y.next_attempt_at <= now() "
    + "    ORDER BY y.urgent DESC, y.id LIMIT 1) "
    + "  AND NOT EXISTS (SELECT 1 FROM email_domains d WHERE d.domain = o.domain AND d.next_send_at > now()) "
    + "  AND NOT (" + STALE + ") "
    + "  ORDER BY o.urgent DESC, o.id LIMIT $2 "
    + "  FOR UPDATE OF o SKIP LOCKED) "
    + "RETURNING e.id, e.user_id, e.notification_id, e.to_address, e.template, e.params, e.attempts, e.created_at, u.username, u.locale, u.time_zone";

  String MARK_SENT = "UPDATE email_outbox SET status = 'sent', sent_at = now(), claimed_by = NULL, claimed_until = NULL, "
    + "last_error = NULL WHERE id = $1 AND status = 'pending' RETURNING domain";

  String PACE_DOMAIN = "INSERT INTO email_domains (domain, next_send_at) "
    + "VALUES ($1, now() + make_interval(secs => $2::double precision)) ON CONFLICT (domain) "
    + "DO UPDATE SET next_send_at = GREATEST(email_domains.next_send_at, EXCLUDED.next_send_at)";

  String MARK_FAILED = "UPDATE email_outbox SET status = 'failed', last_error = $2, claimed_by = NULL, claimed_until = NULL "
    + "WHERE id = $1 AND status = 'pending'";

  String RESCHEDULE = "UPDATE email_outbox SET last_error = $2, claimed_by = NULL, claimed_until = NULL, "
    + "next_attempt_at = now() + make_interval(secs => $3::double precision) WHERE id = $1 AND status = 'pending'";

  String LIST = "SELECT id, user_id, notification_id, to_address, template, status, attempts, next_attempt_at, last_error, "
    + "created_at, sent_at FROM email_outbox WHERE ($1::text IS NULL OR status = $1) "
    + "AND ($2::bigint IS NULL OR user_id = $2) ORDER BY id DESC LIMIT $3";
}
