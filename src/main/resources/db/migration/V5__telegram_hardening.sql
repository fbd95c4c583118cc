-- Complaints filed through the bot, counted per chat in fixed windows, shared by all nodes.
CREATE TABLE telegram_complaint_quota (
  chat_id         bigint      PRIMARY KEY,
  window_start    timestamptz NOT NULL,
  used            int         NOT NULL
);
