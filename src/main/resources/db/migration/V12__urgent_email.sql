-- A critical notification's mails go before whatever else waits for the same domain (a broadcast mailed to a whole
-- university domain would otherwise hold them for as long as the domain's pacing takes to send it): each domain sends
-- its oldest urgent mail first, then its oldest other one.
ALTER TABLE email_outbox ADD COLUMN urgent boolean NOT NULL DEFAULT false;
CREATE INDEX email_outbox_next_idx ON email_outbox (domain, urgent DESC, id) WHERE status = 'pending';
DROP INDEX email_outbox_due_idx;

-- The immediate mail of a critical notification is urgent.
CREATE OR REPLACE FUNCTION email_outbox_for_notifications() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO email_outbox (dedupe_key, user_id, notification_id, to_address, domain, template, params, next_attempt_at,
                           urgent)
  SELECT 'notification:' || n.id, n.user_id, n.id, u.email, lower(split_part(u.email, '@', 2)), 'notification',
         jsonb_build_object('type', n.type, 'title', n.title, 'message', n.message, 'link', n.link),
         now() + CASE WHEN n.data ->> 'priority' = 'critical' THEN interval '0' ELSE quiet_hours_left(n.user_id) END,
         COALESCE(n.data ->> 'priority' = 'critical', false)
  FROM new_notifications n
  JOIN users u ON u.id = n.user_id
  LEFT JOIN notification_preferences p ON p.user_id = n.user_id
  WHERE u.email IS NOT NULL AND u.email_verified_at IS NOT NULL AND NOT u.disabled
    AND COALESCE((p.channels -> n.type ->> 'email')::boolean, false)
    AND NOT escalation_ladder_for(n.type, COALESCE(n.data ->> 'priority', 'normal')) @> '[{"channel": "email"}]'::jsonb
  ON CONFLICT (dedupe_key) DO NOTHING;
  RETURN NULL;
END
$$;
