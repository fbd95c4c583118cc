-- A complaint's deliveries: the notifications Herald wrote about it (data.complaint_id) and the Telegram messages
-- about it that belong to no notification (alerts to admin and hostel chats, the reporter's own chat), found by index.
CREATE INDEX notifications_complaint_idx ON notifications ((data ->> 'complaint_id'), id DESC)
  WHERE data ->> 'complaint_id' IS NOT NULL;
CREATE INDEX telegram_outbox_complaint_idx ON telegram_outbox (complaint_id, id DESC) WHERE complaint_id IS NOT NULL;
