import { preferencesSchema, type Preferences } from '../../src-shared/desktop/preferences.ts';

/** One step of the stored layout: from the version before `to`, to `to`. */
export interface PreferencesMigration {
  to: number;
  /** Why the layout changed (kept with the code: a migration is history). */
  why: string;
  migrate(stored: Record<string, unknown>): Record<string, unknown>;
}

/**
 * The stored layout's history. Version 1 is the first; a file without `version` (hand-written, or
 * from before versions) is taken as version 0 and its fields are checked one by one below. To change
 * the layout (rename or reshape a field), append `{ to: 2, why, migrate }`, never edit a step.
 */
export const preferenceMigrations: readonly PreferencesMigration[] = [
  {
    to: 1,
    why: 'versions start: the fields keep their names; each is validated on its own',
    migrate: (stored) => stored,
  },
];

export const currentPreferencesVersion = preferenceMigrations.at(-1)?.to ?? 0;

export interface MigratedPreferences {
  preferences: Preferences;
  /** What to store back: the preferences with their version. */
  stored: Record<string, unknown>;
  /** The stored object differed from `stored` (migrated, defaults added, bad fields replaced). */
  changed: boolean;
  /** Fields whose stored value was invalid and was replaced by the default (for the log). */
  replaced: string[];
}

/**
 * Bring stored preferences up to the current layout: run the missing migrations in order, then
 * validate each field on its own, so one bad value (a hand edit, a downgrade) costs that field its
 * default and never the whole file or the app's start. Unknown fields are dropped.
 */
export function migratePreferences(
  stored: unknown,
  migrations: readonly PreferencesMigration[] = preferenceMigrations,
): MigratedPreferences {
  let current: Record<string, unknown> =
    stored !== null && typeof stored === 'object' && !Array.isArray(stored)
      ? { ...(stored as Record<string, unknown>) }
      : {};
  const storedVersion = typeof current.version === 'number' ? current.version : 0;
  for (const step of migrations) if (step.to > storedVersion) current = step.migrate(current);
  const latest = migrations.at(-1)?.to ?? 0;

  const defaults = preferencesSchema.parse({});
  const preferences: Record<string, unknown> = { ...defaults };
  const replaced: string[] = [];
  for (const [field, schema] of Object.entries(preferencesSchema.shape)) {
    if (current[field] === undefined) continue;
    const result = schema.safeParse(current[field]);
    if (result.success) preferences[field] = result.data;
    else replaced.push(field);
  }
  // A newer app's file keeps its version: going back and forth between versions loses nothing known.
  const version = Math.max(storedVersion, latest);
  const next = { version, ...preferences };
  const changed = JSON.stringify(sortKeys(next)) !== JSON.stringify(sortKeys(stored));
  return { preferences: preferences as Preferences, stored: next, changed, replaced };
}

function sortKeys(value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)),
  );
}
