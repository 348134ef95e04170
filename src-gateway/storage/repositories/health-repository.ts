import type BetterSqlite3 from 'better-sqlite3';
import { z } from 'zod';
import {
  healthRunSchema,
  healthTargetSchema,
  type HealthTarget,
} from '../../../src-shared/schemas/health-target.ts';
import { createSqliteCrud, createTableMapper, type CrudRepository } from './table-mapper.ts';

/** A stored check result: the admin API's run, its start time in epoch milliseconds. */
export const healthRunRecordSchema = healthRunSchema.extend({ startedAt: z.number().int() });
export type HealthRunRecord = z.infer<typeof healthRunRecordSchema>;

export interface HealthRepository {
  targets: CrudRepository<HealthTarget> & {
    findByName(name: string): Promise<HealthTarget | undefined>;
    /** Targets checking this model or virtual model (delete guards). */
    listReferencing(type: HealthTarget['type'], targetId: string): Promise<HealthTarget[]>;
  };
  runs: {
    insert(run: HealthRunRecord): Promise<void>;
    /** Runs of one target started at or after `since`, oldest first. */
    listSince(targetId: string, since: number): Promise<HealthRunRecord[]>;
    /** One page of a target's runs since `since`, newest first, and the total. */
    page(
      targetId: string,
      since: number,
      offset: number,
      limit: number,
    ): Promise<{ runs: HealthRunRecord[]; total: number }>;
    /** Delete runs started before `before`; answers how many went. */
    prune(before: number): Promise<number>;
  };
}

/** How health target rows map to records (the configuration backup reads and replaces them with it too). */
export const healthTargetTable = createTableMapper<HealthTarget>({
  table: 'health_targets',
  schema: healthTargetSchema,
  columns: {
    id: 'text',
    name: 'text',
    type: 'text',
    targetId: 'text',
    enabled: 'boolean',
    intervalSeconds: 'integer',
    prompt: 'text',
    timeoutMs: 'integer',
    retries: 'integer',
    createdAt: 'text',
    updatedAt: 'text',
  },
});

const runMapper = createTableMapper<HealthRunRecord>({
  table: 'health_runs',
  schema: healthRunRecordSchema,
  columns: {
    id: 'text',
    targetId: 'text',
    startedAt: 'integer',
    success: 'boolean',
    latencyMs: 'integer',
    ttftMs: 'integer',
    errorType: 'text',
    errorMessage: 'text',
    attempts: 'integer',
  },
  nullable: ['latencyMs', 'ttftMs', 'errorType', 'errorMessage'],
});

export function createSqliteHealthRepository(db: BetterSqlite3.Database): HealthRepository {
  const crud = createSqliteCrud(db, healthTargetTable);
  const referencing = db.prepare(
    'SELECT * FROM health_targets WHERE type = ? AND target_id = ? ORDER BY name',
  );
  const insertRun = db.prepare(runMapper.insertSql);
  const since = db.prepare(
    'SELECT * FROM health_runs WHERE target_id = ? AND started_at >= ? ORDER BY started_at, id',
  );
  const pageRuns = db.prepare(
    'SELECT * FROM health_runs WHERE target_id = ? AND started_at >= ? ORDER BY started_at DESC, id DESC LIMIT ? OFFSET ?',
  );
  const countRuns = db
    .prepare('SELECT COUNT(*) FROM health_runs WHERE target_id = ? AND started_at >= ?')
    .pluck();
  const prune = db.prepare('DELETE FROM health_runs WHERE started_at < ?');
  const toRun = (row: unknown) => runMapper.fromRow(row as Record<string, unknown>);
  const toTarget = (row: unknown) => healthTargetTable.fromRow(row as Record<string, unknown>);
  return {
    targets: {
      ...crud,
      async findByName(name) {
        return crud.findOne('name', name);
      },
      async listReferencing(type, targetId) {
        return referencing.all(type, targetId).map(toTarget);
      },
    },
    runs: {
      async insert(run) {
        insertRun.run(runMapper.toRow(run));
      },
      async listSince(targetId, from) {
        return since.all(targetId, from).map(toRun);
      },
      async page(targetId, from, offset, limit) {
        const runs = pageRuns.all(targetId, from, limit, offset).map(toRun);
        return { runs, total: countRuns.get(targetId, from) as number };
      },
      async prune(before) {
        return prune.run(before).changes;
      },
    },
  };
}
