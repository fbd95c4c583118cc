-- A broadcast is written a slice of recipients at a time, each slice in a transaction of its own, so that its first
-- recipients have it while the rest is written and other writes wait for one slice, not for all of it. Its row here
-- lives from the first slice's commit to the last one's: how far it has come, and until when the node writing it
-- holds it. Should that node stop, any node finishes it once the lease has run out.
CREATE TABLE broadcasts (
  id              bigserial PRIMARY KEY,
  draft           jsonb NOT NULL,
  last_user_id    bigint NOT NULL,
  through_user_id bigint NOT NULL DEFAULT 0,
  leased_until    timestamptz NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now()
);

COMMENT ON COLUMN broadcasts.draft IS 'the notification as the writer''s INSERT reads it';
COMMENT ON COLUMN broadcasts.last_user_id IS 'the newest user when it was accepted: users created later are not among its recipients';
COMMENT ON COLUMN broadcasts.through_user_id IS 'every recipient up to this user id has its row';

-- A slice's recipients are a range of user ids within roles: read by range, not by reading the whole role each time.
CREATE INDEX users_role_id_idx ON users (role, id) WHERE NOT disabled;
DROP INDEX users_role_idx;
