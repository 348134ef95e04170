import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSilentLogger } from '../../src-gateway/lib/logger.ts';
import { fakeElectron, resetFakeElectron } from '../../tests/support/fake-electron.ts';
import { currentPreferencesVersion } from './migrate-preferences.ts';
import { openPreferences } from './open-preferences.ts';

let directory: string;
beforeEach(() => {
  resetFakeElectron();
  directory = mkdtempSync(path.join(tmpdir(), 'preferences-'));
  fakeElectron.app.paths.userData = directory;
});
afterEach(() => rmSync(directory, { recursive: true, force: true }));

const file = () => path.join(directory, 'preferences.json');
const open = () => openPreferences({ logger: createSilentLogger(), directory });

describe('the preferences file (electron-store)', () => {
  it('is created with the defaults and the version on first start', () => {
    const preferences = open();
    expect(preferences.path).toBe(file());
    expect(preferences.get().port).toBe(3000);
    expect(JSON.parse(readFileSync(file(), 'utf8'))).toMatchObject({
      version: currentPreferencesVersion,
      port: 3000,
    });
  });

  it('keeps a change across a restart and tells who listens', () => {
    const first = open();
    const seen: Array<[number, number]> = [];
    first.onChange((next, previous) => seen.push([next.port, previous.port]));
    expect(first.update({ port: 4321, theme: 'dark' })).toMatchObject({ port: 4321, theme: 'dark' });
    expect(seen).toEqual([[4321, 3000]]);
    expect(open().get()).toMatchObject({ port: 4321, theme: 'dark' });
  });

  it('refuses an invalid change with the field named and stores nothing', () => {
    const preferences = open();
    expect(() => preferences.update({ port: 'eighty' })).toThrow(/port/);
    expect(() => preferences.update({ unknown: true })).toThrow();
    expect(open().get().port).toBe(3000);
  });

  it('migrates an old file at open and writes it back', () => {
    writeFileSync(file(), JSON.stringify({ port: 8080, theme: 'neon' }));
    expect(open().get()).toMatchObject({ port: 8080, theme: 'system' });
    expect(JSON.parse(readFileSync(file(), 'utf8'))).toEqual(
      expect.objectContaining({ version: currentPreferencesVersion, port: 8080, theme: 'system' }),
    );
  });

  it('a file that is not JSON starts afresh instead of stopping the app', () => {
    writeFileSync(file(), '{ this is not json');
    expect(open().get().port).toBe(3000);
  });
});
