-- Initial schema. Timestamps of configuration rows are ISO-8601 UTC text;
-- request log times are epoch milliseconds (range scans on an integer index).
-- Secrets never land here: provider keys are references into the secret store,
-- virtual keys and API tokens are SHA-256 hashes, passwords are scrypt hashes.

CREATE TABLE admins (
  id TEXT PRIMARY KEY,
  username TEXT NOT NULL UNIQUE COLLATE NOCASE,
  password_hash TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE api_tokens (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  token_hint TEXT NOT NULL,
  admin_id TEXT NOT NULL REFERENCES admins (id) ON DELETE CASCADE,
  expires_at TEXT,
  last_used_at TEXT,
  created_at TEXT NOT NULL
);

CREATE TABLE providers (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  protocol TEXT NOT NULL,
  base_url TEXT NOT NULL,
  enabled INTEGER NOT NULL,
  preset TEXT,
  headers TEXT,
  responses_api INTEGER,
  proxy_url TEXT,
  timeouts TEXT,
  quirks TEXT,
  relay_isolation TEXT,
  -- JSON array of secret-store references, e.g. ["provider:prv_x:0"]
  api_key_refs TEXT NOT NULL DEFAULT '[]',
  api_key_hint TEXT,
  api_key_count INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE models (
  id TEXT PRIMARY KEY,
  provider_id TEXT NOT NULL REFERENCES providers (id) ON DELETE RESTRICT,
  name TEXT NOT NULL UNIQUE,
  upstream_model TEXT NOT NULL,
  enabled INTEGER NOT NULL,
  input_cost_per_token REAL,
  output_cost_per_token REAL,
  cache_read_cost_per_token REAL,
  cache_write_cost_per_token REAL,
  context_window INTEGER,
  max_output_tokens INTEGER,
  capabilities TEXT,
  catalog_id TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX models_provider_id ON models (provider_id);

CREATE TABLE virtual_models (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  strategy TEXT NOT NULL,
  targets TEXT NOT NULL DEFAULT '[]',
  prompt_rules TEXT NOT NULL DEFAULT '[]',
  enabled INTEGER NOT NULL,
  param_overrides TEXT,
  max_attempts INTEGER,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE virtual_keys (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  key_hash TEXT NOT NULL UNIQUE,
  key_hint TEXT NOT NULL,
  enabled INTEGER NOT NULL,
  allowed_models TEXT NOT NULL DEFAULT '[]',
  rpm INTEGER,
  tpm INTEGER,
  max_concurrency INTEGER,
  budget_usd REAL,
  budget_period TEXT,
  expires_at TEXT,
  allowed_ips TEXT,
  log_bodies INTEGER,
  default_model TEXT,
  is_monitoring INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE settings (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  data TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE request_logs (
  id TEXT PRIMARY KEY,
  started_at INTEGER NOT NULL,
  key_id TEXT,
  key_name TEXT,
  inbound_protocol TEXT NOT NULL,
  requested_model TEXT,
  virtual_model_id TEXT,
  model_id TEXT,
  model_name TEXT,
  provider_id TEXT,
  provider_name TEXT,
  upstream_model TEXT,
  stream INTEGER NOT NULL,
  status INTEGER NOT NULL,
  error_code TEXT,
  error_message TEXT,
  latency_ms INTEGER NOT NULL,
  ttfb_ms INTEGER,
  input_tokens INTEGER NOT NULL,
  output_tokens INTEGER NOT NULL,
  cache_read_tokens INTEGER NOT NULL,
  cache_write_tokens INTEGER NOT NULL,
  reasoning_tokens INTEGER NOT NULL,
  cost_usd REAL NOT NULL,
  attempts TEXT NOT NULL DEFAULT '[]',
  client_ip TEXT,
  request_body TEXT,
  response_body TEXT
);
CREATE INDEX request_logs_started_at ON request_logs (started_at);
CREATE INDEX request_logs_key_started ON request_logs (key_id, started_at);
CREATE INDEX request_logs_model_started ON request_logs (model_name, started_at);
CREATE INDEX request_logs_provider_started ON request_logs (provider_id, started_at);
CREATE INDEX request_logs_status ON request_logs (status);
