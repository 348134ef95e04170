import ElectronStore from 'electron-store';
import { parseInput } from '../../src-gateway/lib/admin-error.ts';
import type { Logger } from '../../src-gateway/lib/logger.ts';
import {
  preferencesPatchSchema,
  type Preferences,
  type PreferencesPatch,
} from '../../src-shared/desktop/preferences.ts';
import { migratePreferences } from './migrate-preferences.ts';

export interface PreferencesStore {
  get(): Preferences;
  /** Validate and store a patch (400 naming the field when invalid); answers every preference. */
  update(patch: unknown): Preferences;
  /** Called after each change with the new and the previous preferences. */
  onChange(listener: (next: Preferences, previous: Preferences) => void): () => void;
  /** The file they are kept in. */
  readonly path: string;
}

/**
 * The preferences file (`preferences.json` in the user-data folder, or `directory`), read through
 * electron-store (atomic writes) and migrated at open: the stored layout is brought up to date and
 * written back when it changed.
 */
export function openPreferences(options: { logger: Logger; directory?: string }): PreferencesStore {
  const store = new ElectronStore<Record<string, unknown>>({
    name: 'preferences',
    // A file that is not JSON at all is set aside by electron-store and started afresh.
    clearInvalidConfig: true,
    ...(options.directory ? { cwd: options.directory } : {}),
  });
  const migrated = migratePreferences(store.store);
  if (migrated.replaced.length > 0)
    options.logger.warn(
      { fields: migrated.replaced, path: store.path },
      'invalid preferences replaced by their defaults',
    );
  if (migrated.changed) store.store = migrated.stored;
  let current = migrated.preferences;
  const listeners = new Set<(next: Preferences, previous: Preferences) => void>();

  return {
    path: store.path,
    get: () => current,
    update(raw) {
      const patch: PreferencesPatch = parseInput(preferencesPatchSchema, raw);
      const previous = current;
      current = { ...current, ...patch };
      store.set(patch);
      for (const listener of listeners) listener(current, previous);
      return current;
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
