-- The daily digest: a user who switches it on gets one message a day, at a whole hour of their own time zone
-- (users.time_zone, UTC without one), on email or their linked Telegram chat, listing what is still unread.
ALTER TABLE notification_preferences
  ADD COLUMN digest_enabled  boolean NOT NULL DEFAULT false,
  ADD COLUMN digest_channel  text    NOT NULL DEFAULT 'email' CHECK (digest_channel IN ('email', 'telegram')),
  ADD COLUMN digest_hour     int     NOT NULL DEFAULT 8 CHECK (digest_hour BETWEEN 0 AND 23);
CREATE INDEX notification_preferences_digest_idx ON notification_preferences (user_id) WHERE digest_enabled;

ALTER TABLE email_outbox
  DROP CONSTRAINT email_outbox_template_check,
  ADD CONSTRAINT email_outbox_template_check CHECK (template IN ('notification', 'verification', 'digest'));

-- When a day's digest is due: that local date at the hour, in the zone. A local hour that a change to summer time
-- skips counts from the first instant after the gap; an hour that the change back repeats counts from its second
-- occurrence (standard time). Either way the day has one digest.
CREATE FUNCTION digest_due_at(local_date date, hour int, zone text) RETURNS timestamptz LANGUAGE sql STABLE AS $$
  SELECT (local_date + make_time(hour, 0, 0)) AT TIME ZONE COALESCE(zone, 'UTC')
$$;

-- One row per user and local date whose digest was handled, written in the transaction that queued it: the primary
-- key is what makes a day's digest happen once however many nodes look at it. status: queued (outbox_id in the
-- channel's outbox), skipped (outcome says why: nothing unread, no verified address, no linked chat).
CREATE TABLE digest_runs (
  user_id         bigint      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  local_date      date        NOT NULL,
  channel         text        NOT NULL CHECK (channel IN ('email', 'telegram')),
  status          text        NOT NULL CHECK (status IN ('queued', 'skipped')),
  outcome         text,
  unread          int         NOT NULL DEFAULT 0,
  outbox_id       bigint,
  created_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, local_date)
);
CREATE INDEX digest_runs_created_idx ON digest_runs (created_at);
