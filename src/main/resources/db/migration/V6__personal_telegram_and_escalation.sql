-- Personal Telegram: a user links their own chat with a one-time code (kept only as its SHA-256) sent as /start <code>.
CREATE TABLE telegram_link_codes (
  code_hash       text        PRIMARY KEY,
  user_id         bigint      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  expires_at      timestamptz NOT NULL,
  used_at         timestamptz,
  created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX telegram_link_codes_user_idx ON telegram_link_codes (user_id);

-- A personal message about a notification carries a "Mark read" button whose callback data is read_token: random,
-- single-message, and honoured only from the chat it was sent to while that chat is still linked to user_id.
-- cancelled: the notification was read or deleted before its message left.
ALTER TABLE telegram_outbox
  ADD COLUMN notification_id bigint,
  ADD COLUMN user_id         bigint,
  ADD COLUMN read_token      text UNIQUE,
  DROP CONSTRAINT telegram_outbox_status_check,
  ADD CONSTRAINT telegram_outbox_status_check CHECK (status IN ('pending', 'held', 'sent', 'failed', 'cancelled'));
CREATE INDEX telegram_outbox_notification_idx ON telegram_outbox (notification_id) WHERE notification_id IS NOT NULL;

-- The escalation ladder in force (HERALD_ESCALATION), one row, written by every node at start:
-- {"<type>|*": {"<priority>": [{"channel": "telegram|email", "after_ms": n, "unless_online": bool}, ...]}}.
CREATE TABLE escalation_config (
  id              int         PRIMARY KEY CHECK (id = 1),
  ladder          jsonb       NOT NULL,
  updated_at      timestamptz NOT NULL DEFAULT now()
);

-- The steps of a notification's ladder: its type's own entry for the priority, else the "*" entry.
CREATE FUNCTION escalation_ladder_for(n_type text, n_priority text) RETURNS jsonb LANGUAGE sql STABLE AS $$
  SELECT COALESCE(c.ladder #> ARRAY[n_type, n_priority], c.ladder #> ARRAY['*', n_priority], '[]'::jsonb)
  FROM (SELECT 1) one LEFT JOIN escalation_config c ON c.id = 1
$$;

-- How long the user's quiet hours still last (zero outside them, or without any).
CREATE FUNCTION quiet_hours_left(p_user bigint) RETURNS interval LANGUAGE sql STABLE AS $$
  SELECT COALESCE((
    SELECT CASE
      WHEN p.quiet_start IS NULL OR p.quiet_start = p.quiet_end THEN interval '0'
      WHEN (p.quiet_start < p.quiet_end AND q.local >= p.quiet_start AND q.local < p.quiet_end)
        OR (p.quiet_start > p.quiet_end AND (q.local >= p.quiet_start OR q.local < p.quiet_end))
        THEN CASE WHEN p.quiet_end > q.local THEN p.quiet_end - q.local ELSE p.quiet_end - q.local + interval '24 hours' END
      ELSE interval '0' END
    FROM notification_preferences p
    CROSS JOIN LATERAL (SELECT (now() AT TIME ZONE COALESCE(p.quiet_zone, 'UTC'))::time AS local) q
    WHERE p.user_id = p_user), interval '0')
$$;

-- One row per step of a notification's ladder, due at created_at + after_ms. status: pending (to run), queued (its
-- message is in the channel's outbox, outbox_id), skipped (outcome says why: user online, no linked chat, ...),
-- cancelled (the notification was read or deleted first).
CREATE TABLE escalation_steps (
  id              bigserial   PRIMARY KEY,
  notification_id bigint      NOT NULL REFERENCES notifications (id) ON DELETE CASCADE,
  user_id         bigint      NOT NULL,
  step            int         NOT NULL,
  channel         text        NOT NULL CHECK (channel IN ('telegram', 'email')),
  unless_online   boolean     NOT NULL DEFAULT false,
  critical        boolean     NOT NULL DEFAULT false,
  due_at          timestamptz NOT NULL,
  status          text        NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'queued', 'skipped', 'cancelled')),
  claimed_by      text,
  claimed_until   timestamptz,
  outcome         text,
  outbox_id       bigint,
  created_at      timestamptz NOT NULL DEFAULT now(),
  done_at         timestamptz,
  UNIQUE (notification_id, step)
);
CREATE INDEX escalation_steps_due_idx ON escalation_steps (due_at, id) WHERE status = 'pending';

CREATE FUNCTION escalation_steps_for_notifications() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO escalation_steps (notification_id, user_id, step, channel, unless_online, critical, due_at)
  SELECT n.id, n.user_id, s.ordinality, s.value ->> 'channel', COALESCE((s.value ->> 'unless_online')::boolean, false),
         pr.priority = 'critical', n.created_at + make_interval(secs => (s.value ->> 'after_ms')::double precision / 1000)
  FROM new_notifications n
  CROSS JOIN LATERAL (SELECT COALESCE(n.data ->> 'priority', 'normal') AS priority) pr
  CROSS JOIN LATERAL jsonb_array_elements(escalation_ladder_for(n.type, pr.priority)) WITH ORDINALITY s(value, ordinality)
  ON CONFLICT (notification_id, step) DO NOTHING;
  RETURN NULL;
END
$$;

CREATE TRIGGER notifications_escalation_steps AFTER INSERT ON notifications
  REFERENCING NEW TABLE AS new_notifications
  FOR EACH STATEMENT EXECUTE FUNCTION escalation_steps_for_notifications();

-- Read or deleted on any channel: the steps still to come are cancelled, and so are personal messages not yet sent.
CREATE FUNCTION escalation_cancel_on_read() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE escalation_steps s SET status = 'cancelled', outcome = 'read', done_at = now(), claimed_by = NULL, claimed_until = NULL
  FROM changed c
  WHERE s.notification_id = c.id AND s.status = 'pending' AND (c.read_at IS NOT NULL OR c.deleted_at IS NOT NULL);
  UPDATE telegram_outbox o SET status = 'cancelled', claimed_by = NULL, claimed_until = NULL
  FROM changed c
  WHERE o.notification_id = c.id AND o.status = 'pending' AND (c.read_at IS NOT NULL OR c.deleted_at IS NOT NULL)
    AND (o.claimed_until IS NULL OR o.claimed_until < now());
  RETURN NULL;
END
$$;

CREATE TRIGGER notifications_escalation_cancel AFTER UPDATE ON notifications
  REFERENCING NEW TABLE AS changed
  FOR EACH STATEMENT EXECUTE FUNCTION escalation_cancel_on_read();

-- The immediate mail of V5 now leaves out notifications whose ladder has an email step: the ladder mails them.
CREATE OR REPLACE FUNCTION email_outbox_for_notifications() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO email_outbox (dedupe_key, user_id, notification_id, to_address, domain, template, params, next_attempt_at)
  SELECT 'notification:' || n.id, n.user_id, n.id, u.email, lower(split_part(u.email, '@', 2)), 'notification',
         jsonb_build_object('type', n.type, 'title', n.title, 'message', n.message, 'link', n.link),
         now() + CASE WHEN n.data ->> 'priority' = 'critical' THEN interval '0' ELSE quiet_hours_left(n.user_id) END
  FROM new_notifications n
  JOIN users u ON u.id = n.user_id
  LEFT JOIN notification_preferences p ON p.user_id = n.user_id
  WHERE u.email IS NOT NULL AND u.email_verified_at IS NOT NULL AND NOT u.disabled
    AND COALESCE((p.channels -> n.type ->> 'email')::boolean, false)
    AND NOT escalation_ladder_for(n.type, COALESCE(n.data ->> 'priority', 'normal')) @> '[{"channel": "email"}]'::jsonb
  ON CONFLICT (dedupe_key) DO NOTHING;
  RETURN NULL;
END
$$;
