import type BetterSqlite3 from 'better-sqlite3';

export interface GeneratedLogOptions {
  rows: number;
  /** Newest row time, epoch ms. */
  now: number;
  /** Rows spread evenly over this many days before `now`. */
  days: number;
  keys?: number;
  models?: number;
  providers?: number;
  /** Row ids are `<idPrefix><n>`; change it to add more rows to a table. Default `req_gen_`. */
  idPrefix?: string;
  /** Drop the indexes and build them again after the insert (faster for big tables). Default true. */
  rebuildIndexes?: boolean;
}

/**
 * Fill `request_logs` with `rows` synthetic, deterministic rows in one SQL
 * statement (a million in seconds): keys `vk_gen_<n>`, models `model-<n>`,
 * providers `prv_gen_<n>`, one request in 37 a failure with a searchable
 * message. By default the table's indexes are dropped and rebuilt around the insert. For tests and the bench only; never called by the gateway.
 */
export function generateRequestLogs(db: BetterSqlite3.Database, options: GeneratedLogOptions): void {
  const span = options.days * 86_400_000;
  // Building the indexes once after the insert is several times faster than updating them per row.
  const indexes = db
    .prepare(
      "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'request_logs' AND sql IS NOT NULL",
    )
    .all() as Array<{ name: string; sql: string }>;
  if (options.rebuildIndexes === false) indexes.length = 0;
  for (const index of indexes) db.exec(`DROP INDEX "${index.name}"`);
  db.prepare(
    `WITH RECURSIVE sequence(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM sequence WHERE n + 1 < @rows)
     INSERT INTO request_logs (id, started_at, key_id, key_name, inbound_protocol, requested_model, model_id,
       model_name, provider_id, provider_name, upstream_model, stream, status, error_code, error_message,
       latency_ms, ttfb_ms, input_tokens, output_tokens, cache_read_tokens, cache_write_tokens,
       reasoning_tokens, cost_usd, attempts, client_ip)
     SELECT @idPrefix || n,
       @now - @span + (n * @span) / @rows,
       'vk_gen_' || (n % @keys), 'key-' || (n % @keys),
       CASE n % 3 WHEN 0 THEN 'openai-chat' WHEN 1 THEN 'openai-responses' ELSE 'anthropic' END,
       'model-' || (n % @models), 'mdl_gen_' || (n % @models), 'model-' || (n % @models),
       'prv_gen_' || (n % @providers), 'provider-' || (n % @providers), 'upstream-' || (n % @models),
       n % 2,
       CASE WHEN n % 37 = 0 THEN (CASE n % 3 WHEN 0 THEN 429 WHEN 1 THEN 500 ELSE 502 END) ELSE 200 END,
       CASE WHEN n % 37 = 0 THEN 'upstream_error' END,
       CASE WHEN n % 37 = 0 THEN 'Provider answered ' || (CASE n % 3 WHEN 0 THEN 'rate limited' WHEN 1 THEN 'internal failure' ELSE 'bad gateway from edge ' || (n % 101) END) END,
       20 + (n * 7919) % 3000, 10 + (n * 104729) % 500,
       100 + (n * 31) % 4000, 10 + (n * 17) % 800, (n * 13) % 100, 0, 0,
       ((100 + (n * 31) % 4000) * 3 + (10 + (n * 17) % 800) * 15) / 1000000.0,
       '[]', '127.0.0.1'
     FROM sequence`,
  ).run({
    // BigInt binds as INTEGER: a JS number binds as REAL and `n % 20.0` would name `vk_gen_3.0`.
    idPrefix: options.idPrefix ?? 'req_gen_',
    rows: BigInt(options.rows),
    now: BigInt(Math.round(options.now)),
    span: BigInt(span),
    keys: BigInt(options.keys ?? 20),
    models: BigInt(options.models ?? 12),
    providers: BigInt(options.providers ?? 5),
  });
  for (const index of indexes) db.exec(index.sql);
}
