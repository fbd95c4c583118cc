-- A user's own address, language and time zone. An address counts for mail only once email_verified_at is set
-- (by the user's confirmation, or at once when an admin sets it).
ALTER TABLE users
  ADD COLUMN email             text,
  ADD COLUMN email_verified_at timestamptz,
  ADD COLUMN locale            text NOT NULL DEFAULT 'en' CHECK (locale IN ('en', 'el')),
  ADD COLUMN time_zone         text,
  ADD CONSTRAINT users_email_verified_check CHECK (email IS NOT NULL OR email_verified_at IS NULL);

-- Every mail is a row before it is sent. dedupe_key makes enqueueing idempotent across nodes.
-- template names the mail's layout (notification, verification); params are the parts it is rendered from.
-- status: pending (to send), sent, failed (for good, last_error holds the server's reply), cancelled (the
-- notification was read or deleted before its mail left).
CREATE TABLE email_outbox (
  id              bigserial   PRIMARY KEY,
  dedupe_key      text        NOT NULL UNIQUE,
  user_id         bigint      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  notification_id bigint,
  to_address      text        NOT NULL,
  domain          text        NOT NULL,
  template        text        NOT NULL CHECK (template IN ('notification', 'verification')),
  params          jsonb       NOT NULL DEFAULT '{}'::jsonb,
  status          text        NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed', 'cancelled')),
  attempts        int         NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  claimed_by      text,
  claimed_until   timestamptz,
  last_error      text,
  created_at      timestamptz NOT NULL DEFAULT now(),
  sent_at         timestamptz
);
CREATE INDEX email_outbox_due_idx ON email_outbox (domain, id) WHERE status = 'pending';
CREATE INDEX email_outbox_notification_idx ON email_outbox (notification_id) WHERE notification_id IS NOT NULL;
CREATE INDEX email_outbox_status_idx ON email_outbox (status, id DESC);

-- Pacing per destination domain, shared by all nodes: the next mail to a domain leaves no earlier than next_send_at.
CREATE TABLE email_domains (
  domain          text        PRIMARY KEY,
  next_send_at    timestamptz NOT NULL DEFAULT '-infinity'
);

-- A notification is queued for email, in the transaction that wrote it, when its user has a verified address,
-- is not disabled, and has the email switch on for its type (the default is off). During the user's quiet hours
-- the mail is due when they end, unless the notification is critical. Set-based: one INSERT per statement,
-- however many rows a broadcast wrote.
CREATE FUNCTION email_outbox_for_notifications() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO email_outbox (dedupe_key, user_id, notification_id, to_address, domain, template, params, next_attempt_at)
  SELECT 'notification:' || n.id, n.user_id, n.id, u.email, lower(split_part(u.email, '@', 2)), 'notification',
         jsonb_build_object('type', n.type, 'title', n.title, 'message', n.message, 'link', n.link),
         now() + CASE
           WHEN n.data ->> 'priority' = 'critical' OR p.quiet_start IS NULL OR p.quiet_start = p.quiet_end THEN interval '0'
           WHEN (p.quiet_start < p.quiet_end AND q.local >= p.quiet_start AND q.local < p.quiet_end)
             OR (p.quiet_start > p.quiet_end AND (q.local >= p.quiet_start OR q.local < p.quiet_end))
             THEN CASE WHEN p.quiet_end > q.local THEN p.quiet_end - q.local
                       ELSE p.quiet_end - q.local + interval '24 hours' END
           ELSE interval '0' END
  FROM new_notifications n
  JOIN users u ON u.id = n.user_id
  LEFT JOIN notification_preferences p ON p.user_id = n.user_id
  CROSS JOIN LATERAL (SELECT (now() AT TIME ZONE COALESCE(p.quiet_zone, 'UTC'))::time AS local) q
  WHERE u.email IS NOT NULL AND u.email_verified_at IS NOT NULL AND NOT u.disabled
    AND COALESCE((p.channels -> n.type ->> 'email')::boolean, false)
  ON CONFLICT (dedupe_key) DO NOTHING;
  RETURN NULL;
END
$$;

CREATE TRIGGER notifications_email_outbox AFTER INSERT ON notifications
  REFERENCING NEW TABLE AS new_notifications
  FOR EACH STATEMENT EXECUTE FUNCTION email_outbox_for_notifications();
