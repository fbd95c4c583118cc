package io.herald.persistence.telegram;

/** The SQL of the Telegram outbox and of the per-chat rate-limit and pacing rows. */
interface TelegramOutboxSql {

  String INSERT = "INSERT INTO telegram_outbox (dedupe_key, chat_id, kind, complaint_id, summary, text, next_attempt_at, urgent) "
    + "VALUES ($1, $2, $3, $4, $5, $6, now() + make_interval(secs => $7::double precision), $8) "
    + "ON CONFLICT (dedupe_key) DO NOTHING RETURNING id";

  String ENSURE_CHAT = "INSERT INTO telegram_chats (chat_id) VALUES ($1) ON CONFLICT (chat_id) DO NOTHING";

  /** The chat's window, locked; expired by the clock, not by the transaction's start (which may have waited for locks). */
  String LOCK_WINDOW = "SELECT window_count, open_digest_id, "
    + "(window_start IS NULL OR window_start + make_interval(secs => $2::double precision) <= clock_timestamp()) AS expired, "
    + "extract(epoch FROM window_start)::bigint AS window_epoch "
    + "FROM telegram_chats WHERE chat_id = $1 FOR UPDATE";

  String OPEN_WINDOW = "UPDATE telegram_chats SET window_start = clock_timestamp(), window_count = 1, open_digest_id = NULL WHERE chat_id = $1";

  String COUNT_IN_WINDOW = "UPDATE telegram_chats SET window_count = window_count + 1 WHERE chat_id = $1";

  String INSERT_DIGEST = "INSERT INTO telegram_outbox (dedupe_key, chat_id, kind, next_attempt_at) "
    + "SELECT 'digest:' || chat_id || ':' || $2, chat_id, 'digest', window_start + make_interval(secs => $3::double precision) "
    + "FROM telegram_chats WHERE chat_id = $1 RETURNING id";

  String SET_OPEN_DIGEST = "UPDATE telegram_chats SET open_digest_id = $2 WHERE chat_id = $1";

  /**
   * Whether digest $1 can still take an alert, locked until the commit: it is waiting, and no sender has claimed it
   * (a claimed digest's text is already made; one sent or failed is over). The claim skips it while it is locked.
   */
  String LOCK_OPEN_DIGEST = "SELECT 1 FROM telegram_outbox WHERE id = $1 AND status = 'pending' "
    + "AND (claimed_until IS NULL OR claimed_until < clock_timestamp()) FOR UPDATE";

  String HOLD = "UPDATE telegram_outbox SET status = 'held', digest_id = $2 WHERE id = $1";

  String CLAIM = "UPDATE telegram_outbox SET claimed_by = $1, attempts = attempts + 1, "
    + "claimed_until = now() + make_interval(secs => $3::double precision) "
    + "WHERE id IN (SELECT t.id FROM telegram_outbox t "
    + "  WHERE t.status = 'pending' AND t.next_attempt_at <= now() "
    + "  AND (t.claimed_until IS NULL OR t.claimed_until < now()) "
    + "  AND t.id = (SELECT y.id FROM telegram_outbox y "
    + "    WHERE y.chat_id = t.chat_id AND y.status = 'pending' AND y.next_attempt_at <= now() "
    + "    ORDER BY y.urgent DESC, y.id LIMIT 1) "
    + "  AND NOT EXISTS (SELECT 1 FROM telegram_chats c WHERE c.chat_id = t.chat_id AND c.next_send_at > now()) "
    + "  AND NOT EXISTS (SELECT 1 FROM telegram_pause p WHERE p.paused_until > now()) "
    + "  ORDER BY t.urgent DESC, t.id LIMIT GREATEST(0, $2 - (SELECT count(*) FROM telegram_outbox r "
    + "    WHERE r.sent_at > now() - interval '1 second' OR (r.status = 'pending' AND r.claimed_until > now()))) "
    + "  FOR UPDATE SKIP LOCKED) "
    + "RETURNING id, chat_id, kind, text, attempts, read_token";

  String DIGEST_ITEMS = "SELECT digest_id, summary, dedupe_key LIKE 'created:%' AS new_complaint FROM telegram_outbox "
    + "WHERE digest_id = ANY($1) ORDER BY id";

  String MARK_SENT = "UPDATE telegram_outbox SET status = 'sent', message_id = $2, sent_at = now(), "
    + "claimed_by = NULL, claimed_until = NULL, last_error = NULL "
    + "WHERE (id = $1 AND status = 'pending') OR (digest_id = $1 AND status = 'held') RETURNING chat_id";

  String MARK_FAILED = "UPDATE telegram_outbox SET status = 'failed', last_error = $2, claimed_by = NULL, claimed_until = NULL "
    + "WHERE (id = $1 AND status = 'pending') OR (digest_id = $1 AND status = 'held')";

  String RESCHEDULE = "UPDATE telegram_outbox SET last_error = $2, claimed_by = NULL, claimed_until = NULL, "
    + "next_attempt_at = now() + make_interval(secs => $3::double precision) WHERE id = $1 AND status = 'pending' "
    + "RETURNING chat_id";

  String PACE_CHAT = "INSERT INTO telegram_chats (chat_id, next_send_at) "
    + "VALUES ($1, now() + make_interval(secs => $2::double precision)) ON CONFLICT (chat_id) "
    + "DO UPDATE SET next_send_at = GREATEST(telegram_chats.next_send_at, EXCLUDED.next_send_at)";

  String PAUSE_ALL = "INSERT INTO telegram_pause (id, paused_until) VALUES (1, now() + make_interval(secs => $1::double precision)) "
    + "ON CONFLICT (id) DO UPDATE SET paused_until = GREATEST(telegram_pause.paused_until, EXCLUDED.paused_until)";

  String LIST = "SELECT id, chat_id, kind, complaint_id, status, attempts, next_attempt_at, message_id, last_error, "
    + "digest_id, created_at, sent_at FROM telegram_outbox WHERE ($1::text IS NULL OR status = $1) "
    + "ORDER BY id DESC LIMIT $2";
}
