-- A notification's user is no longer checked by a foreign key. The key checked every new row again and locked its
-- recipient's users row (FOR KEY SHARE), about a quarter of a 10,000-recipient broadcast's insert, while every writer
-- already reads each recipient from users, by key, in the statement that inserts the row, and holds the
-- notifications' ordered-ids lock (pg_advisory_xact_lock(7231567012345), NotificationSql.ORDERED_IDS_LOCK) until it
-- commits. Deleting users now takes that lock too, then deletes their notifications, as the key's ON DELETE CASCADE
-- did. In READ COMMITTED (each statement of the trigger sees what committed before it):
--   - a user deleted while a notification for them is being written waits for that writer, then deletes the row;
--   - a writer that takes the lock after a delete committed no longer finds the user, and writes nothing for them.
ALTER TABLE notifications DROP CONSTRAINT notifications_user_id_fkey;

CREATE FUNCTION notifications_of_deleted_users() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(7231567012345);
  DELETE FROM notifications n USING deleted_users d WHERE n.user_id = d.id;
  RETURN NULL;
END
$$;

CREATE TRIGGER users_deleted_notifications AFTER DELETE ON users REFERENCING OLD TABLE AS deleted_users
  FOR EACH STATEMENT EXECUTE FUNCTION notifications_of_deleted_users();
