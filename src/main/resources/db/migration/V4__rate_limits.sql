-- Request counters shared by every node, one row per bucket and fixed window: login attempts per client address and
-- per username, complaint and notification writes per user. A row whose window has ended starts a new window on its
-- next hit and is purged within a minute otherwise.
CREATE TABLE rate_limits (
  bucket      text        PRIMARY KEY,
  hits        int         NOT NULL,
  window_ends timestamptz NOT NULL
);
CREATE INDEX rate_limits_window_ends_idx ON rate_limits (window_ends);

-- Wrong passwords in a row per username (lower case, also for names no user has) and the lock they earned.
-- A correct login deletes the row; so does the purge once forget_at has passed.
CREATE TABLE login_failures (
  username     text        PRIMARY KEY,
  failures     int         NOT NULL,
  locked_until timestamptz,
  forget_at    timestamptz NOT NULL
);
CREATE INDEX login_failures_forget_at_idx ON login_failures (forget_at);
