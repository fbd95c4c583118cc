CREATE TABLE notifications (
  id              bigserial PRIMARY KEY,
  user_id         bigint      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  type            text        NOT NULL
                              CHECK (type IN ('new_complaint', 'status_update', 'assignment_update', 'broadcast', 'system')),
  title           text        NOT NULL,
  message         text        NOT NULL,
  data            jsonb       NOT NULL DEFAULT '{}'::jsonb,
  link            text,
  created_at      timestamptz NOT NULL DEFAULT now(),
  read_at         timestamptz,
  deleted_at      timestamptz
);
-- "my latest" (and keyset pages in both directions)
CREATE INDEX notifications_user_latest_idx ON notifications (user_id, id DESC) WHERE deleted_at IS NULL;
-- "my unread" and "unread count"
CREATE INDEX notifications_user_unread_idx ON notifications (user_id, id DESC) WHERE deleted_at IS NULL AND read_at IS NULL;
-- retention candidates: read or deleted rows by age
CREATE INDEX notifications_retention_idx ON notifications (created_at) WHERE read_at IS NOT NULL OR deleted_at IS NOT NULL;

-- Per-user preferences; a user without a row has the defaults of io.herald.notify.Preferences.
-- channels = {"<type>": {"in_app": bool, "telegram": bool, "email": bool}, ...} (always complete once stored)
CREATE TABLE notification_preferences (
  user_id         bigint      PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  channels        jsonb       NOT NULL,
  quiet_start     time,
  quiet_end       time,
  quiet_zone      text,
  updated_at      timestamptz NOT NULL DEFAULT now(),
  CHECK ((quiet_start IS NULL) = (quiet_end IS NULL) AND (quiet_start IS NULL) = (quiet_zone IS NULL))
);

-- Producer requests with an idempotency key: the unique key makes a concurrent duplicate wait and then see the first.
CREATE TABLE notification_requests (
  id              bigserial PRIMARY KEY,
  producer_id     bigint      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  idempotency_key text        NOT NULL,
  result          jsonb,
  created_at      timestamptz NOT NULL DEFAULT now(),
  UNIQUE (producer_id, idempotency_key)
);

-- Highest notification id retention has removed per user: a replay from below it may have a gap.
CREATE TABLE notification_purge_marks (
  user_id         bigint      PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  purged_up_to_id bigint      NOT NULL
);
