import type BetterSqlite3 from 'better-sqlite3';
import type { z } from 'zod';
import { compileRowCheck } from './compile-row-check.ts';

/** How a record field is stored in its column. */
export type ColumnKind = 'text' | 'integer' | 'real' | 'boolean' | 'json';

export interface TableDefinition<T> {
  table: string;
  /** Every stored field of the record; column names are the snake_case of the field names. */
  columns: { [Field in keyof T & string]-?: ColumnKind };
  /** Rows are parsed with this schema on the way out: stored JSON is data, not trusted types. */
  schema: z.ZodType<T>;
  /** Fields whose NULL stays `null` (the others become absent). */
  nullable?: ReadonlyArray<keyof T & string>;
}

/** Raised when an insert or update would break a UNIQUE constraint (a name or hash taken). */
export class UniqueViolationError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'UniqueViolationError';
  }
}

export function columnName(field: string): string {
  return field.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}

export interface TableMapper<T> {
  readonly table: string;
  toRow(record: T): Record<string, unknown>;
  fromRow(row: Record<string, unknown>): T;
  readonly insertSql: string;
  readonly updateSql: string;
}

/**
 * Maps records to rows and back: absent optional fields become NULL, booleans
 * 0/1, nested objects JSON text; NULL columns become absent fields again.
 */
export function createTableMapper<T>(definition: TableDefinition<T>): TableMapper<T> {
  const entries = Object.entries(definition.columns) as Array<[string, ColumnKind]>;
  const names = entries.map(([field]) => columnName(field));
  // Column names computed once: fromRow runs per row, 10,000 times when the config is rebuilt.
  // Read in the schema's key order, the order of zod's output, so that a record read is what
  // zod would return (the fast check below needs it; a virtual key's hash comes last there).
  const shape = Object.keys((definition.schema as { shape?: object }).shape ?? {});
  const position = (field: string) => (shape.includes(field) ? shape.indexOf(field) : shape.length);
  const columns = entries
    .map(([field, kind], index) => ({ field, kind, column: names[index]! }))
    .sort((a, b) => position(a.field) - position(b.field));
  const nullable = new Set<string>(definition.nullable ?? []);
  // Rows the schema would return as they are skip zod (compile-row-check.ts); the others, a bad
  // row among them, are parsed and fail as they always did.
  const isParsedAlready = compileRowCheck(definition.schema);
  return {
    table: definition.table,
    toRow(record) {
      const row: Record<string, unknown> = {};
      for (const [field, kind] of entries) {
        const value = (record as Record<string, unknown>)[field];
        if (value === undefined || value === null) row[field] = null;
        else if (kind === 'boolean') row[field] = value ? 1 : 0;
        else if (kind === 'json') row[field] = JSON.stringify(value);
        else row[field] = value;
      }
      return row;
    },
    fromRow(row) {
      const record: Record<string, unknown> = {};
      for (const { field, kind, column } of columns) {
        const value = row[column];
        if (value === null || value === undefined) {
          if (nullable.has(field)) record[field] = null;
          continue;
        }
        if (kind === 'boolean') record[field] = value === 1 || value === true;
        else if (kind === 'json') record[field] = JSON.parse(String(value));
        else record[field] = value;
      }
      return isParsedAlready?.(record) ? (record as T) : definition.schema.parse(record);
    },
    insertSql: `INSERT INTO ${definition.table} (${names.join(', ')}) VALUES (${entries
      .map(([field]) => `@${field}`)
      .join(', ')})`,
    updateSql: `UPDATE ${definition.table} SET ${entries
      .filter(([field]) => field !== 'id')
      .map(([field]) => `${columnName(field)} = @${field}`)
      .join(', ')} WHERE id = @id`,
  };
}

/** Run a write, turning SQLite's UNIQUE failures into UniqueViolationError. */
export function translateConstraint<R>(table: string, write: () => R): R {
  try {
    return write();
  } catch (error) {
    if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') {
      throw new UniqueViolationError(`A ${table} row with the same unique value exists`, { cause: error });
    }
    throw error;
  }
}

/** Basic operations shared by the configuration tables (all keyed by a text `id`). */
export interface CrudRepository<T extends { id: string }> {
  list(): Promise<T[]>;
  get(id: string): Promise<T | undefined>;
  insert(record: T): Promise<void>;
  /** Replace the whole row; false when the id does not exist. */
  update(record: T): Promise<boolean>;
  delete(id: string): Promise<boolean>;
}

export function createSqliteCrud<T extends { id: string }>(
  db: BetterSqlite3.Database,
  mapper: TableMapper<T>,
  orderBy = 'created_at, id',
): CrudRepository<T> & { findOne(column: string, value: unknown): T | undefined } {
  const listStatement = db.prepare(`SELECT * FROM ${mapper.table} ORDER BY ${orderBy}`);
  const getStatement = db.prepare(`SELECT * FROM ${mapper.table} WHERE id = ?`);
  const insertStatement = db.prepare(mapper.insertSql);
  const updateStatement = db.prepare(mapper.updateSql);
  const deleteStatement = db.prepare(`DELETE FROM ${mapper.table} WHERE id = ?`);
  const findStatements = new Map<string, BetterSqlite3.Statement>();
  const fromRow = (row: unknown) => mapper.fromRow(row as Record<string, unknown>);
  return {
    async list() {
      return listStatement.all().map(fromRow);
    },
    async get(id) {
      const row = getStatement.get(id);
      return row === undefined ? undefined : fromRow(row);
    },
    async insert(record) {
      translateConstraint(mapper.table, () => insertStatement.run(mapper.toRow(record)));
    },
    async update(record) {
      return translateConstraint(mapper.table, () => updateStatement.run(mapper.toRow(record)).changes > 0);
    },
    async delete(id) {
      return deleteStatement.run(id).changes > 0;
    },
    findOne(column, value) {
      // Column names come from our own code, never from input. Prepared once per column:
      // name checks run for every model a bulk import creates.
      let statement = findStatements.get(column);
      if (!statement) {
        statement = db.prepare(`SELECT * FROM ${mapper.table} WHERE ${column} = ?`);
        findStatements.set(column, statement);
      }
      const row = statement.get(value);
      return row === undefined ? undefined : fromRow(row);
    },
  };
}
