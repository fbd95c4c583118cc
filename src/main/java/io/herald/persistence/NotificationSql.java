package io.herald.persistence;

/** The SQL behind the notification stores. Keyset pages use COALESCE bounds so generic plans keep index ranges. */
final class NotificationSql {

  static final String COLUMNS = "id, user_id, type, title, message, data, link, created_at, read_at";
  private static final long MAX_ID = Long.MAX_VALUE;

  /**
   * Taken in a writer's transaction before it draws notification ids and held until its commit: notification ids
   * then commit in id order, so a client that has seen an id has seen, or will be sent, every smaller one of its own.
   * One lock for all writers (not one per recipient row, which cost a 10,000-recipient broadcast about a second).
   * Deleting users takes it too (V15), so that no notification outlives its user without a foreign key per row.
   */
  static final String ORDERED_IDS_LOCK = "SELECT pg_advisory_xact_lock(7231567012345)";

  /**
   * The rows for a list of drafts in one statement, so that the statement triggers on notifications (email outbox,
   * escalation steps) run once for all of them. $1 is a JSON array of drafts ({@code type, title, message,
   * translations, data, link, excluded, user_ids, roles}). One row per draft and recipient: preferences honoured,
   * disabled users and the excluded actor skipped; title and message are the recipient's locale's entry in the
   * draft's translations, else its own; the priority column is the data's. A draft with {@code after_user_id} and
   * {@code through_user_id} is written only for its recipients in that range of user ids (a slice of a broadcast). Ids are drawn as one block from the
   * sequence (one nextval and one setval, not one nextval per row), in draft order, then recipient id order.
   * Recipients named by id, and every recipient's preferences, are read by key ({@code LATERAL ... LIMIT 1}, a scalar
   * subquery): the prepared statement's generic plan guesses a hundred rows per JSON array, and with joins it would
   * read the whole users and preferences tables for a group of ten targeted writes (WriteCostTest).
   * <p>
   * Each row comes back as its id, recipient, creation time, draft ({@code ord}, from 0) and the recipient's locale
   * (the rest is the draft's: a broadcast's text and data do not come back once per recipient), and the recipient's
   * newest notification before it ({@code previous_id}: the draft before it in this statement, else the newest row
   * the statement found), which sockets check to spot a notification they missed (docs/sockets.md, "Gap-free
   * resume").
   */
  static final String INSERT_DRAFTS = "WITH d AS (SELECT (e.ord - 1)::int AS ord, e.v ->> 'type' AS type, "
    + "e.v ->> 'title' AS title, e.v ->> 'message' AS message, e.v -> 'translations' AS translations, "
    + "e.v -> 'data' AS data, COALESCE(e.v -> 'data' ->> 'priority', 'normal') AS priority, e.v ->> 'link' AS link, "
    + "COALESCE((e.v ->> 'excluded')::bigint, 0) AS excluded, "
    + "e.v -> 'user_ids' AS user_ids, e.v -> 'roles' AS roles, "
    + "COALESCE((e.v ->> 'after_user_id')::bigint, 0) AS after_user_id, "
    + "COALESCE((e.v ->> 'through_user_id')::bigint, 9223372036854775807) AS through_user_id "
    + "FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS e(v, ord)), "
    + "asked AS (SELECT d.ord, u.id AS user_id, u.locale FROM d, jsonb_array_elements_text(d.user_ids) AS x(id) "
    + "CROSS JOIN LATERAL (SELECT u.id, u.locale FROM users u WHERE u.id = x.id::bigint AND NOT u.disabled LIMIT 1) u "
    + "WHERE u.id > d.after_user_id AND u.id <= d.through_user_id "
    + "UNION SELECT d.ord, u.id, u.locale FROM d, jsonb_array_elements_text(d.roles) AS r(role) "
    + "JOIN users u ON u.role = r.role AND NOT u.disabled WHERE u.id > d.after_user_id AND u.id <= d.through_user_id), "
    + "ordered AS MATERIALIZED (SELECT a.ord, a.user_id, a.locale, row_number() OVER (ORDER BY a.ord, a.user_id) AS n "
    + "FROM asked a JOIN d ON d.ord = a.ord WHERE a.user_id <> d.excluded AND (SELECT p.channels -> d.type ->> 'in_app' "
    + "FROM notification_preferences p WHERE p.user_id = a.user_id) IS DISTINCT FROM 'false'), "
    + "block AS (SELECT CASE WHEN count(*) = 0 THEN 0 ELSE setval(pg_get_serial_sequence('notifications', 'id'), "
    + "nextval(pg_get_serial_sequence('notifications', 'id')) + count(*) - 1) - count(*) END AS before FROM ordered), "
    + "recipients AS (SELECT b.before + o.n AS id, o.ord, o.user_id, o.locale FROM ordered o, block b), "
    + "inserted AS (INSERT INTO notifications (id, user_id, type, title, message, data, priority, link) "
    + "SELECT r.id, r.user_id, d.type, COALESCE(d.translations -> r.locale ->> 'title', d.title), "
    + "COALESCE(d.translations -> r.locale ->> 'message', d.message), d.data, d.priority, d.link "
    + "FROM recipients r JOIN d ON d.ord = r.ord ORDER BY r.id RETURNING id, user_id, created_at) "
    + "SELECT i.id, i.user_id, i.created_at, r.ord, r.locale, "
    + "COALESCE(lag(i.id) OVER (PARTITION BY i.user_id ORDER BY i.id), (SELECT max(p.id) FROM notifications p "
    + "WHERE p.user_id = i.user_id AND p.deleted_at IS NULL AND p.id < i.id)) AS previous_id "
    + "FROM inserted i JOIN recipients r ON r.id = i.id ORDER BY i.id";

  /**
   * A broadcast accepted: its draft ($1, as {@link #INSERT_DRAFTS} reads it) and the newest user now (users created
   * later are not among its recipients), leased for $2 seconds to the node that writes it; $3, the producer request
   * whose idempotency key it claimed, or null.
   */
  static final String START_BROADCAST = "INSERT INTO broadcasts (draft, last_user_id, leased_until, request_id) "
    + "SELECT $1::jsonb, COALESCE(max(id), 0), now() + make_interval(secs => $2), $3 FROM users "
    + "RETURNING id, last_user_id";

  /**
   * Claims broadcast $1's next slice: the next $5 active members of its roles ($4) after user id $2 and up to its
   * last user ($3), in id order. Answers where the slice ends ({@code through}, null when no one is left) and how
   * many it holds, or no row when the broadcast is no longer at $2 (another node wrote that slice, or finished it).
   * The lease is renewed for $6 seconds.
   */
  static final String CLAIM_SLICE = "WITH s AS (SELECT max(id) AS through, count(*) AS members FROM (SELECT id FROM users "
    + "WHERE id > $2 AND id <= $3 AND NOT disabled AND role = ANY($4::text[]) ORDER BY id LIMIT $5) u) "
    + "UPDATE broadcasts b SET through_user_id = COALESCE(s.through, b.through_user_id), "
    + "leased_until = now() + make_interval(secs => $6) FROM s WHERE b.id = $1 AND b.through_user_id = $2 "
    + "RETURNING s.through, s.members";

  /** Broadcast $1's slice has written $2 notifications. */
  static final String SLICE_WRITTEN = "UPDATE broadcasts SET written = written + $2 WHERE id = $1";

  /**
   * Broadcast $1's last slice is written, with $2 notifications: its row goes, and its request (when it came with an
   * idempotency key) keeps the broadcast's count as its result.
   */
  static final String FINISH_BROADCAST = "WITH done AS (DELETE FROM broadcasts WHERE id = $1 "
    + "RETURNING request_id, written + $2 AS count) "
    + "UPDATE notification_requests r SET result = jsonb_build_object('count', done.count) FROM done "
    + "WHERE r.id = done.request_id";

  /**
   * A repeated broadcast request (producer $1, key $2): its first request's result, or while that broadcast is being
   * written (no result yet), the notifications its committed slices have written.
   */
  static final String BROADCAST_REQUEST = "SELECT r.result, b.written FROM notification_requests r "
    + "LEFT JOIN broadcasts b ON b.request_id = r.id WHERE r.producer_id = $1 AND r.idempotency_key = $2";

  /** The oldest broadcast whose lease has run out (its node stopped writing it), leased for $1 seconds. */
  static final String RESUME_BROADCAST = "UPDATE broadcasts SET leased_until = now() + make_interval(secs => $1) "
    + "WHERE id = (SELECT id FROM broadcasts WHERE leased_until < now() ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED) "
    + "RETURNING id, draft, last_user_id, through_user_id";

  static final String NEWEST_FIRST = page(false, "DESC");
  static final String UNREAD_NEWEST_FIRST = page(true, "DESC");
  static final String OLDEST_FIRST = page(false, "ASC");
  static final String UNREAD_OLDEST_FIRST = page(true, "ASC");

  static final String ONE = "SELECT " + COLUMNS + " FROM notifications WHERE id = $1 AND user_id = $2 AND deleted_at IS NULL";
  static final String UNREAD_COUNT = "SELECT count(*) AS count FROM notifications "
    + "WHERE user_id = $1 AND deleted_at IS NULL AND read_at IS NULL";
  static final String MARK_READ = "UPDATE notifications SET read_at = COALESCE(read_at, now()) "
    + "WHERE id = $1 AND user_id = $2 AND deleted_at IS NULL RETURNING " + COLUMNS;
  static final String MARK_ALL_READ = "UPDATE notifications SET read_at = now() "
    + "WHERE user_id = $1 AND deleted_at IS NULL AND read_at IS NULL";
  static final String DELETE = "UPDATE notifications SET deleted_at = now() "
    + "WHERE id = $1 AND user_id = $2 AND deleted_at IS NULL RETURNING id";
  static final String PURGE_MARK = "SELECT purged_up_to_id FROM notification_purge_marks WHERE user_id = $1";

  static final String CLAIM_KEY = "INSERT INTO notification_requests (producer_id, idempotency_key) VALUES ($1, $2) "
    + "ON CONFLICT (producer_id, idempotency_key) DO NOTHING RETURNING id";
  static final String FIRST_RESULT = "SELECT result FROM notification_requests WHERE producer_id = $1 AND idempotency_key = $2";
  static final String SAVE_RESULT = "UPDATE notification_requests SET result = $2::jsonb WHERE id = $1";
  /** Up to $2 idempotency keys claimed before $1, but not one whose broadcast is still being written. */
  static final String PURGE_KEYS_BATCH = "WITH gone AS (DELETE FROM notification_requests WHERE id IN ("
    + "SELECT id FROM notification_requests r WHERE created_at < $1 "
    + "AND NOT EXISTS (SELECT 1 FROM broadcasts b WHERE b.request_id = r.id) LIMIT $2) RETURNING 1) "
    + "SELECT count(*) AS deleted FROM gone";

  static final String PURGE_BATCH = "WITH doomed AS (SELECT id FROM notifications "
    + "WHERE created_at < $1 AND (read_at IS NOT NULL OR deleted_at IS NOT NULL) LIMIT $2 FOR UPDATE SKIP LOCKED), "
    + "gone AS (DELETE FROM notifications n USING doomed d WHERE n.id = d.id RETURNING n.user_id, n.id, n.deleted_at), "
    + "marks AS (INSERT INTO notification_purge_marks (user_id, purged_up_to_id) "
    + "SELECT user_id, max(id) FROM gone WHERE deleted_at IS NULL GROUP BY user_id "
    + "ON CONFLICT (user_id) DO UPDATE SET purged_up_to_id = "
    + "GREATEST(notification_purge_marks.purged_up_to_id, EXCLUDED.purged_up_to_id)) "
    + "SELECT count(*) AS deleted FROM gone";

  static final String PREFERENCES = "SELECT channels, quiet_start, quiet_end, quiet_zone, digest_enabled, digest_channel, "
    + "digest_hour FROM notification_preferences WHERE user_id = $1";
  static final String SAVE_PREFERENCES = "INSERT INTO notification_preferences (user_id, channels, quiet_start, quiet_end, quiet_zone, "
    + "digest_enabled, digest_channel, digest_hour) "
    + "VALUES ($1, $2::jsonb, $3, $4, $5, $6, $7, $8) ON CONFLICT (user_id) DO UPDATE SET channels = EXCLUDED.channels, "
    + "quiet_start = EXCLUDED.quiet_start, quiet_end = EXCLUDED.quiet_end, quiet_zone = EXCLUDED.quiet_zone, "
    + "digest_enabled = EXCLUDED.digest_enabled, digest_channel = EXCLUDED.digest_channel, digest_hour = EXCLUDED.digest_hour, "
    + "updated_at = now()";

  private NotificationSql() {
  }

  private static String page(boolean unreadOnly, String direction) {
    return "SELECT " + COLUMNS + " FROM notifications WHERE user_id = $1 AND deleted_at IS NULL "
      + (unreadOnly ? "AND read_at IS NULL " : "")
      + "AND id < COALESCE($2::bigint, " + MAX_ID + ") AND id > COALESCE($3::bigint, 0) "
      + "ORDER BY id " + direction + " LIMIT $4";
  }
}
