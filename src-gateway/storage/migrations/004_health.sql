-- Persistent monitoring (issue 7): what to check, and what each check found.
-- Run times are epoch milliseconds (range scans on an integer index); runs
-- are pruned by retention and go with their target.

CREATE TABLE health_targets (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  type TEXT NOT NULL,
  target_id TEXT NOT NULL,
  enabled INTEGER NOT NULL,
  interval_seconds INTEGER NOT NULL,
  prompt TEXT NOT NULL,
  timeout_ms INTEGER,
  retries INTEGER,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX health_targets_target ON health_targets (type, target_id);

CREATE TABLE health_runs (
  id TEXT PRIMARY KEY,
  target_id TEXT NOT NULL REFERENCES health_targets (id) ON DELETE CASCADE,
  started_at INTEGER NOT NULL,
  success INTEGER NOT NULL,
  latency_ms INTEGER,
  ttft_ms INTEGER,
  error_type TEXT,
  error_message TEXT,
  attempts INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX health_runs_target_started ON health_runs (target_id, started_at);
CREATE INDEX health_runs_started ON health_runs (started_at);
