-- Alert settings: one row, the JSON the config API shows.
CREATE TABLE telegram_config (
  id              int         PRIMARY KEY CHECK (id = 1),
  settings        jsonb       NOT NULL,
  updated_at      timestamptz NOT NULL DEFAULT now()
);

-- Every message to Telegram is a row before it is sent. dedupe_key makes enqueueing idempotent across nodes.
-- status: pending (to send), held (over the rate limit, folded into digest_id), sent, failed.
CREATE TABLE telegram_outbox (
  id              bigserial   PRIMARY KEY,
  dedupe_key      text        NOT NULL UNIQUE,
  chat_id         bigint      NOT NULL,
  kind            text        NOT NULL CHECK (kind IN ('alert', 'digest', 'personal', 'reply')),
  complaint_id    bigint,
  summary         text,
  text            text        NOT NULL DEFAULT '',
  status          text        NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'held', 'sent', 'failed')),
  digest_id       bigint      REFERENCES telegram_outbox (id),
  attempts        int         NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  claimed_by      text,
  claimed_until   timestamptz,
  message_id      bigint,
  last_error      text,
  created_at      timestamptz NOT NULL DEFAULT now(),
  sent_at         timestamptz
);
CREATE INDEX telegram_outbox_due_idx ON telegram_outbox (chat_id, id) WHERE status = 'pending';
CREATE INDEX telegram_outbox_status_idx ON telegram_outbox (status, id DESC);
CREATE INDEX telegram_outbox_sent_idx ON telegram_outbox (sent_at) WHERE sent_at IS NOT NULL;
CREATE INDEX telegram_outbox_digest_idx ON telegram_outbox (digest_id) WHERE digest_id IS NOT NULL;

-- Per chat: the alert rate-limit window and Telegram's own pacing (next_send_at), shared by all nodes.
CREATE TABLE telegram_chats (
  chat_id         bigint      PRIMARY KEY,
  window_start    timestamptz,
  window_count    int         NOT NULL DEFAULT 0,
  open_digest_id  bigint      REFERENCES telegram_outbox (id),
  next_send_at    timestamptz NOT NULL DEFAULT '-infinity'
);

-- A bot-wide pause after a 429 that all nodes honour.
CREATE TABLE telegram_pause (
  id              int         PRIMARY KEY CHECK (id = 1),
  paused_until    timestamptz NOT NULL
);

CREATE TABLE telegram_links (
  chat_id         bigint      PRIMARY KEY,
  user_id         bigint      NOT NULL UNIQUE REFERENCES users (id),
  telegram_user_id bigint     NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE telegram_conversations (
  chat_id         bigint      PRIMARY KEY,
  state           jsonb       NOT NULL,
  updated_at      timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE telegram_updates (
  update_id       bigint      PRIMARY KEY,
  processed_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE telegram_poll_offset (
  id              int         PRIMARY KEY CHECK (id = 1),
  next_offset     bigint      NOT NULL
);
