import type BetterSqlite3 from 'better-sqlite3';
import type { UsageRollup } from '../usage-rollup.ts';
import { emptyHistogram } from '../../lib/latency-histogram.ts';

/** The rollup key and label columns, in `usage_rollups` order (migration 002). */
export const rollupIdentityColumns = [
  'granularity',
  'bucket_start',
  'key_id',
  'model_name',
  'provider_id',
  'key_name',
  'provider_name',
] as const;
/** The counters an upsert adds to a row. */
export const rollupCounterColumns = [
  'requests',
  'errors',
  'input_tokens',
  'output_tokens',
  'cache_read_tokens',
  'cache_write_tokens',
  'reasoning_tokens',
  'cost_usd',
  'latency_ms_sum',
] as const;
/** One column per latency bucket (migration 002). */
export const rollupBucketColumns = emptyHistogram().map((_count, index) => `latency_bucket_${index}`);

const camel = (column: string) =>
  column.replace(/_([a-z])/g, (_match, letter: string) => letter.toUpperCase());
const fields = [...rollupIdentityColumns, ...rollupCounterColumns].map(camel) as Array<keyof UsageRollup>;

/**
 * Prepare the upsert of rollup increments (counters and histograms are added
 * to the stored row) and return a function that runs it for each row. It opens
 * no transaction of its own: the caller runs it inside one, so rollups can
 * commit together with the request-log rows they count.
 */
export function prepareRollupUpsert(db: BetterSqlite3.Database): (rows: readonly UsageRollup[]) => void {
  const columns = [...rollupIdentityColumns, ...rollupCounterColumns, ...rollupBucketColumns];
  const summed = [...rollupCounterColumns, ...rollupBucketColumns];
  const upsert = db.prepare(
    `INSERT INTO usage_rollups (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})
     ON CONFLICT (granularity, bucket_start, key_id, model_name, provider_id) DO UPDATE SET
       key_name = coalesce(excluded.key_name, key_name),
       provider_name = coalesce(excluded.provider_name, provider_name),
       ${summed.map((column) => `${column} = ${column} + excluded.${column}`).join(',\n       ')}`,
  );
  // Positional values, one array reused: the upsert now runs with every log slice, not once a second.
  const values = new Array<unknown>(columns.length);
  return (rows) => {
    for (const row of rows) {
      for (let index = 0; index < fields.length; index++) values[index] = row[fields[index]!];
      for (let index = 0; index < rollupBucketColumns.length; index++)
        values[fields.length + index] = row.latencyHistogram[index] ?? 0;
      upsert.run(values);
    }
  };
}
