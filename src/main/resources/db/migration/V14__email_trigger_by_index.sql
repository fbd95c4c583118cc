-- The email outbox trigger looks each new row's preferences and user up by key, and the escalation ladder once per
-- kind. It joined the whole users and notification_preferences tables before (a hash join planned once per
-- connection), so a group of ten notifications read every user: its cost grew with the number of users, not with
-- the rows written, and the ladder was looked up for every row.
CREATE OR REPLACE FUNCTION email_outbox_for_notifications() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO email_outbox (dedupe_key, user_id, notification_id, to_address, domain, template, params, next_attempt_at,
                            urgent)
  WITH kinds AS MATERIALIZED (SELECT DISTINCT type, priority FROM new_notifications),
       mailed AS MATERIALIZED (SELECT type, priority FROM kinds
                               WHERE NOT escalation_ladder_for(type, priority) @> '[{"channel": "email"}]'::jsonb)
  SELECT 'notification:' || n.id, n.user_id, n.id, u.email, lower(split_part(u.email, '@', 2)), 'notification',
         jsonb_build_object('type', n.type, 'title', n.title, 'message', n.message, 'link', n.link),
         now() + CASE WHEN n.priority = 'critical' THEN interval '0' ELSE quiet_hours_left(n.user_id) END,
         n.priority = 'critical'
  FROM mailed k
  JOIN new_notifications n ON n.type = k.type AND n.priority = k.priority
  -- LIMIT 1 keeps each lookup a probe of the primary key, whatever the planner guesses of the new rows' number
  CROSS JOIN LATERAL (SELECT 1 FROM notification_preferences p
                      WHERE p.user_id = n.user_id AND (p.channels -> n.type ->> 'email')::boolean LIMIT 1) p
  CROSS JOIN LATERAL (SELECT u.email FROM users u
                      WHERE u.id = n.user_id AND u.email IS NOT NULL AND u.email_verified_at IS NOT NULL
                        AND NOT u.disabled LIMIT 1) u
  ON CONFLICT (dedupe_key) DO NOTHING;
  RETURN NULL;
END
$$;
