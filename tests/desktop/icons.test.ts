import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { icons } from '../../scripts/generate-icons.mjs';
import type { GatewayStatus } from '../../src-main/gateway/create-gateway-supervisor.ts';
import { trayIconFile } from '../../src-main/tray/tray-icon-file.ts';

const resources = path.resolve(import.meta.dirname, '../../resources');

/** Width and height from a PNG's IHDR chunk. */
function pngSize(file: string): [number, number] {
  const bytes = readFileSync(file);
  expect(bytes.subarray(1, 4).toString('latin1'), file).toBe('PNG');
  return [bytes.readUInt32BE(16), bytes.readUInt32BE(20)];
}

describe('the icons in resources/', () => {
  it('are what scripts/generate-icons.mjs draws (edit the script, then npm run build:icons)', () => {
    const drawn = icons();
    for (const [name, bytes] of Object.entries(drawn))
      expect(readFileSync(path.join(resources, name)).equals(bytes), name).toBe(true);
    expect(Object.keys(drawn)).toHaveLength(13);
  }, 60_000);

  it('cover every tray state on every platform, at 1x and 2x', () => {
    const statuses: GatewayStatus[] = ['starting', 'running', 'paused', 'error', 'stopped'];
    for (const platform of ['darwin', 'win32', 'linux'] as const)
      for (const status of statuses) {
        const file = path.join(resources, 'tray', trayIconFile(status, platform));
        expect(pngSize(file), file).toEqual([16, 16]);
        expect(pngSize(file.replace(/\.png$/, '@2x.png')), file).toEqual([32, 32]);
      }
  });

  it('the app icon is large enough for every installer (macOS wants 512 px or more)', () => {
    expect(pngSize(path.join(resources, 'icon.png'))).toEqual([1024, 1024]);
    expect(existsSync(path.join(resources, 'tray', 'tray-runningTemplate@2x.png'))).toBe(true);
  });
});
