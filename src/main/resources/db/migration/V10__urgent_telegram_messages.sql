-- A critical complaint's alerts and a critical notification's messages go before whatever else waits for the same
-- chat: each chat sends its oldest urgent message first, then its oldest other one.
ALTER TABLE telegram_outbox ADD COLUMN urgent boolean NOT NULL DEFAULT false;
CREATE INDEX telegram_outbox_next_idx ON telegram_outbox (chat_id, urgent DESC, id) WHERE status = 'pending';
DROP INDEX telegram_outbox_due_idx;
