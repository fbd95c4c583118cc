-- TRUNCATE users ... CASCADE empties notifications again, as it did while notifications.user_id had its foreign key
-- (dropped in V15; a truncate fires no delete trigger). Under the ordered-ids lock, like the delete trigger of V15,
-- so that no writer is between reading its recipients and committing; CASCADE also empties what refers to
-- notifications (escalation_steps), as the key's cascade did.
CREATE FUNCTION notifications_of_truncated_users() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(7231567012345);
  TRUNCATE notifications CASCADE;
  RETURN NULL;
END
$$;

CREATE TRIGGER users_truncated_notifications AFTER TRUNCATE ON users
  FOR EACH STATEMENT EXECUTE FUNCTION notifications_of_truncated_users();
