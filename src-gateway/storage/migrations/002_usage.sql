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
  -- Request counts per latency bucket (usage/latency-histogram.ts bounds), one column
  -- each so upserts and range queries add them up in SQL.
  latency_bucket_0 INTEGER NOT NULL DEFAULT 0,
  latency_bucket_1 INTEGER NOT NULL DEFAULT 0,
  latency_bucket_2 INTEGER NOT NULL DEFAULT 0,
  latency_bucket_3 INTEGER NOT NULL DEFAULT 0,
  latency_bucket_4 INTEGER NOT NULL DEFAULT 0,
  latency_bucket_5 INTEGER NOT NULL DEFAULT 0,
  latency_bucket_6 INTEGER NOT NULL DEFAULT 0,
  latency_bucket_7 INTEGER NOT NULL DEFAULT 0,
  latency_bucket_8 INTEGER NOT NULL DEFAULT 0,
  latency_bucket_9 INTEGER NOT NULL DEFAULT 0,
  latency_bucket_10 INTEGER NOT NULL DEFAULT 0,
  latency_bucket_11 INTEGER NOT NULL DEFAULT 0,
  latency_bucket_12 INTEGER NOT NULL DEFAULT 0,
  latency_bucket_13 INTEGER NOT NULL DEFAULT 0,
  latency_bucket_14 INTEGER NOT NULL DEFAULT 0,
  latency_bucket_15 INTEGER NOT NULL DEFAULT 0,
  latency_bucket_16 INTEGER NOT NULL DEFAULT 0,
  latency_bucket_17 INTEGER NOT NULL DEFAULT 0,
  latency_bucket_18 INTEGER NOT NULL DEFAULT 0,
  latency_bucket_19 INTEGER NOT NULL DEFAULT 0,
  latency_bucket_20 INTEGER NOT NULL DEFAULT 0,
  latency_bucket_21 INTEGER NOT NULL DEFAULT 0,
  latency_bucket_22 INTEGER NOT NULL DEFAULT 0,
  latency_bucket_23 INTEGER NOT NULL DEFAULT 0,
  latency_bucket_24 INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (granularity, bucket_start, key_id, model_name, provider_id)
) WITHOUT ROWID;
CREATE INDEX usage_rollups_key ON usage_rollups (granularity, key_id, bucket_start);

-- Status filters page newest-first within one status.
DROP INDEX request_logs_status;
CREATE INDEX request_logs_status_started ON request_logs (status, started_at);
-- "Errors only" pages failed requests newest first from a small partial index.
CREATE INDEX request_logs_errors_started ON request_logs (started_at) WHERE status >= 400;
-- The text search in errors reads the error columns from this index alone, so a
-- search that matches nothing never reads the (wide) table rows.
CREATE INDEX request_logs_errors_text ON request_logs (started_at, status, error_code, error_message)
  WHERE status >= 400;
