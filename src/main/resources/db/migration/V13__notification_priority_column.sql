-- A notification's priority in a column of its own (data keeps its "priority" field for clients): the statement
-- triggers read it for every new row. The escalation trigger now really looks the ladder up once per kind
-- (its filter on the ladder was pushed down to every row: about 60 ms of a 10,000-row broadcast), and stops at once
-- when no kind among the new rows has one.
ALTER TABLE notifications ADD COLUMN priority text NOT NULL DEFAULT 'normal' CHECK (priority IN ('normal', 'critical'));
UPDATE notifications SET priority = 'critical' WHERE data ->> 'priority' = 'critical';

CREATE OR REPLACE FUNCTION escalation_steps_for_notifications() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  laddered boolean;
BEGIN
  -- the ladder is looked up once per kind: a filter on it in a WHERE would be pushed down to every row
  SELECT bool_or(escalation_ladder_for(k.type, k.priority) <> '[]'::jsonb) INTO laddered
  FROM (SELECT DISTINCT type, priority FROM new_notifications) k;
  IF NOT COALESCE(laddered, false) THEN
    RETURN NULL;
  END IF;
  INSERT INTO escalation_steps (notification_id, user_id, step, channel, unless_online, critical, due_at)
  WITH kinds AS MATERIALIZED (SELECT DISTINCT type, priority FROM new_notifications),
       ladders AS MATERIALIZED (SELECT type, priority, escalation_ladder_for(type, priority) AS steps FROM kinds)
  SELECT n.id, n.user_id, s.ordinality, s.value ->> 'channel', COALESCE((s.value ->> 'unless_online')::boolean, false),
         l.priority = 'critical', n.created_at + make_interval(secs => (s.value ->> 'after_ms')::double precision / 1000)
  FROM ladders l
  JOIN new_notifications n ON n.type = l.type AND n.priority = l.priority
  CROSS JOIN LATERAL jsonb_array_elements(l.steps) WITH ORDINALITY s(value, ordinality)
  WHERE l.steps <> '[]'::jsonb
  ON CONFLICT (notification_id, step) DO NOTHING;
  RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION email_outbox_for_notifications() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO email_outbox (dedupe_key, user_id, notification_id, to_address, domain, template, params, next_attempt_at,
                           urgent)
  SELECT 'notification:' || n.id, n.user_id, n.id, u.email, lower(split_part(u.email, '@', 2)), 'notification',
         jsonb_build_object('type', n.type, 'title', n.title, 'message', n.message, 'link', n.link),
         now() + CASE WHEN n.priority = 'critical' THEN interval '0' ELSE quiet_hours_left(n.user_id) END,
         n.priority = 'critical'
  FROM new_notifications n
  JOIN users u ON u.id = n.user_id
  LEFT JOIN notification_preferences p ON p.user_id = n.user_id
  WHERE u.email IS NOT NULL AND u.email_verified_at IS NOT NULL AND NOT u.disabled
    AND COALESCE((p.channels -> n.type ->> 'email')::boolean, false)
    AND NOT escalation_ladder_for(n.type, n.priority) @> '[{"channel": "email"}]'::jsonb
  ON CONFLICT (dedupe_key) DO NOTHING;
  RETURN NULL;
END
$$;
