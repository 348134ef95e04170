-- Usage rollups and request-log indexes for the dashboard (issue 5).
-- One rollup row per (granularity, bucket, key, model, provider). '' stands for
-- "none" in the key columns (a request refused before a key or model was known),
-- so the primary key stays usable for upserts. Minute rows are pruned after a
-- couple of days, hour rows after a few months; day rows are kept (budgets read
-- them for month and total spend).
CREATE TABLE usage_rollups (
  granularity TEXT NOT NULL CHECK (granularity IN ('minute', 'hour', 'day')),
  bucket_start INTEGER NOT NULL,
  key_id TEXT NOT NULL,
  model_name TEXT NOT NULL,
  provider_id TEXT NOT NULL,
  key_name TEXT,
  provider_name TEXT,
  requests INTEGER NOT NULL,
  errors INTEGER NOT NULL,
  input_tokens INTEGER NOT NULL,
  output_tokens INTEGER NOT NULL,
  cache_read_tokens INTEGER NOT NULL,
  cache_write_tokens INTEGER NOT NULL,
  reasoning_tokens INTEGER NOT NULL,
  cost_usd REAL NOT NULL,
  latency_ms_sum REAL NOT NULL,
  -- JSON array of counts per latency bucket (usage/latency-histogram.ts), merged on upsert.
  latency_histogram TEXT NOT NULL,
  PRIMARY KEY (granularity, bucket_start, key_id, model_name, provider_id)
) WITHOUT ROWID;
CREATE INDEX usage_rollups_key ON usage_rollups (granularity, key_id, bucket_start);

-- Status filters page newest-first within one status.
DROP INDEX request_logs_status;
CREATE INDEX request_logs_status_started ON request_logs (status, started_at);
-- "Errors only" and the text search in errors scan only failed requests.
CREATE INDEX request_logs_errors_started ON request_logs (started_at) WHERE status >= 400;
