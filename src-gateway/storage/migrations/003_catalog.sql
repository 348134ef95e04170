-- The model catalog (LiteLLM's price list): the raw JSON as last downloaded,
-- with the validators for conditional requests. One row; the parsed form lives in memory.

CREATE TABLE catalog_cache (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  url TEXT NOT NULL,
  body TEXT NOT NULL,
  etag TEXT,
  last_modified TEXT,
  entry_count INTEGER NOT NULL,
  -- When the body was downloaded, and when the source last confirmed it (200 or 304).
  fetched_at TEXT NOT NULL,
  checked_at TEXT NOT NULL
);
