import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyLaunchAtLogin, autostartEntry } from './apply-launch-at-login.ts';

let configDirectory: string;
beforeEach(() => {
  configDirectory = mkdtempSync(path.join(tmpdir(), 'autostart-'));
});
afterEach(() => rmSync(configDirectory, { recursive: true, force: true }));

function recordingApp() {
  const settings: unknown[] = [];
  return { settings, setLoginItemSettings: (value: unknown) => void settings.push(value) };
}

describe('launch at login', () => {
  it('macOS and Windows: the system login item, started hidden', () => {
    for (const platform of ['darwin', 'win32'] as const) {
      const app = recordingApp();
      expect(applyLaunchAtLogin({ enabled: true, platform, app, configDirectory, executable: '/x' })).toBe(
        'login-item',
      );
      applyLaunchAtLogin({ enabled: false, platform, app, configDirectory, executable: '/x' });
      expect(app.settings).toEqual([
        { openAtLogin: true, args: ['--hidden'] },
        { openAtLogin: false, args: ['--hidden'] },
      ]);
    }
  });

  it('Linux: an XDG autostart entry, removed again when switched off', () => {
    const app = recordingApp();
    const file = path.join(configDirectory, 'autostart', 'llm-gateway.desktop');
    const executable = '/home/ada/Apps/LLM Gateway.AppImage';
    expect(applyLaunchAtLogin({ enabled: true, platform: 'linux', app, configDirectory, executable })).toBe(
      'autostart-file',
    );
    expect(readFileSync(file, 'utf8')).toContain('Exec="/home/ada/Apps/LLM Gateway.AppImage" --hidden');
    applyLaunchAtLogin({ enabled: false, platform: 'linux', app, configDirectory, executable });
    expect(existsSync(file)).toBe(false);
    expect(app.settings).toEqual([]);
    // Switching off twice is fine.
    applyLaunchAtLogin({ enabled: false, platform: 'linux', app, configDirectory, executable });
  });

  it('quotes what the shell would otherwise read', () => {
    expect(autostartEntry('/opt/llm-gateway/llm-gateway')).toContain(
      'Exec=/opt/llm-gateway/llm-gateway --hidden',
    );
    expect(autostartEntry('/tmp/a"b$c')).toContain('Exec="/tmp/a\\"b\\$c" --hidden');
  });
});
