-- A broadcast sent with an idempotency key claims it in its first slice's transaction, like a targeted notification;
-- its result (the count) is saved when its last slice commits, whichever node writes that. Until then a repeat of the
-- request is told how far the broadcast has come.
ALTER TABLE broadcasts
  ADD COLUMN request_id bigint REFERENCES notification_requests (id) ON DELETE SET NULL,
  ADD COLUMN written    integer NOT NULL DEFAULT 0;

COMMENT ON COLUMN broadcasts.request_id IS 'the producer request that sent it with an idempotency key, if any';
COMMENT ON COLUMN broadcasts.written IS 'notifications its committed slices have written, the last slice''s aside';

CREATE INDEX broadcasts_request_id_idx ON broadcasts (request_id) WHERE request_id IS NOT NULL;

-- Idempotency keys are kept for HERALD_IDEMPOTENCY_KEY_RETENTION_DAYS, then purged with the notification retention.
CREATE INDEX notification_requests_created_at_idx ON notification_requests (created_at);
