import { describe, expect, it } from 'vitest';
import { preferencesPatchSchema, preferencesSchema } from '../../src-shared/desktop/preferences.ts';
import {
  currentPreferencesVersion,
  migratePreferences,
  type PreferencesMigration,
} from './migrate-preferences.ts';

const defaults = preferencesSchema.parse({});

describe('the preferences schema', () => {
  it('has a default for everything', () => {
    expect(defaults).toEqual({
      port: 3000,
      bindAddress: '127.0.0.1',
      launchAtLogin: false,
      startMinimized: false,
      language: 'system',
      theme: 'system',
      updateChannel: 'stable',
      checkForUpdates: true,
    });
  });

  it('refuses what is not a preference value', () => {
    for (const bad of [
      { port: 0 },
      { port: 65536 },
      { port: 3000.5 },
      { bindAddress: 'example.com' },
      { language: 'fr' },
      { theme: 'blue' },
      { updateChannel: 'nightly' },
      { checkForUpdates: 'yes' },
    ])
      expect(preferencesSchema.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    expect(preferencesSchema.parse({ bindAddress: '0.0.0.0' }).bindAddress).toBe('0.0.0.0');
    expect(preferencesSchema.parse({ bindAddress: '::1' }).bindAddress).toBe('::1');
  });

  it('a patch fills in nothing and knows no other field', () => {
    expect(preferencesPatchSchema.parse({ theme: 'dark' })).toEqual({ theme: 'dark' });
    expect(preferencesPatchSchema.safeParse({ lanSharing: true }).success).toBe(false);
  });
});

describe('migrating stored preferences', () => {
  it('a first start: defaults, stamped with the current version', () => {
    const migrated = migratePreferences({});
    expect(migrated.preferences).toEqual(defaults);
    expect(migrated.stored).toEqual({ version: currentPreferencesVersion, ...defaults });
    expect(migrated.changed).toBe(true);
  });

  it('an unversioned file keeps its valid fields; a bad one gets its default and is named', () => {
    const migrated = migratePreferences({ port: 8080, theme: 'neon', language: 'zh-CN', leftover: 1 });
    expect(migrated.preferences).toEqual({ ...defaults, port: 8080, language: 'zh-CN' });
    expect(migrated.replaced).toEqual(['theme']);
    expect(migrated.stored).not.toHaveProperty('leftover');
  });

  it('a current file is left alone', () => {
    const stored = { version: currentPreferencesVersion, ...defaults, port: 4000 };
    const migrated = migratePreferences(stored);
    expect(migrated.changed).toBe(false);
    expect(migrated.preferences.port).toBe(4000);
  });

  it('not an object at all (a hand edit gone wrong): defaults', () => {
    for (const stored of [null, 'port=3000', [1, 2], 42])
      expect(migratePreferences(stored).preferences).toEqual(defaults);
  });

  it('runs only the steps after the stored version, in order', () => {
    const migrations: PreferencesMigration[] = [
      { to: 1, why: 'start', migrate: (stored) => stored },
      {
        to: 2,
        why: 'the port was stored as text',
        migrate: ({ portText, ...rest }) => ({ ...rest, port: Number(portText) }),
      },
      {
        to: 3,
        why: 'a dark-mode flag became the theme',
        migrate: ({ darkMode, ...rest }) => ({ ...rest, theme: darkMode ? 'dark' : 'light' }),
      },
    ];
    const fromOne = migratePreferences({ version: 1, portText: '4123', darkMode: true }, migrations);
    expect(fromOne.preferences).toMatchObject({ port: 4123, theme: 'dark' });
    expect(fromOne.stored).toMatchObject({ version: 3 });
    expect(fromOne.stored).not.toHaveProperty('portText');
    // Already at 2: only step 3 runs (a `portText` left over is not read again).
    const fromTwo = migratePreferences(
      { version: 2, port: 5000, portText: '1', darkMode: false },
      migrations,
    );
    expect(fromTwo.preferences).toMatchObject({ port: 5000, theme: 'light' });
  });

  it('a file from a newer app keeps its version and what this one knows', () => {
    const migrated = migratePreferences({
      version: currentPreferencesVersion + 5,
      port: 3999,
      futureField: 'x',
    });
    expect(migrated.stored).toMatchObject({ version: currentPreferencesVersion + 5, port: 3999 });
  });
});
