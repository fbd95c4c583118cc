CREATE TABLE users (
  id              bigserial PRIMARY KEY,
  username        text        NOT NULL,
  display_name    text,
  password_hash   text,
  role            text        NOT NULL CHECK (role IN ('admin', 'porter', 'student', 'service')),
  disabled        boolean     NOT NULL DEFAULT false,
  created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_username_key ON users (lower(username));
CREATE INDEX users_role_idx ON users (role) WHERE NOT disabled;

CREATE TABLE complaints (
  id              bigserial PRIMARY KEY,
  description     text        NOT NULL,
  category        text        NOT NULL,
  hostel          text        NOT NULL,
  room            text,
  severity        text        NOT NULL CHECK (severity IN ('low', 'medium', 'high', 'critical')),
  status          text        NOT NULL DEFAULT 'open'
                              CHECK (status IN ('open', 'in_progress', 'resolved', 'rejected')),
  source          text        NOT NULL DEFAULT 'api' CHECK (source IN ('api', 'dashboard', 'telegram')),
  reporter_id     bigint      NOT NULL REFERENCES users (id),
  assignee_id     bigint      REFERENCES users (id),
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX complaints_reporter_idx ON complaints (reporter_id, id DESC);
CREATE INDEX complaints_assignee_idx ON complaints (assignee_id, id DESC);
CREATE INDEX complaints_status_idx ON complaints (status, id DESC);

CREATE TABLE complaint_history (
  id              bigserial PRIMARY KEY,
  complaint_id    bigint      NOT NULL REFERENCES complaints (id) ON DELETE CASCADE,
  actor_id        bigint      REFERENCES users (id),
  action          text        NOT NULL CHECK (action IN ('created', 'status_changed', 'assigned')),
  old_value       text,
  new_value       text,
  note            text,
  created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX complaint_history_complaint_idx ON complaint_history (complaint_id, id);
