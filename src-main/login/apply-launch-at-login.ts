import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** The argument a login start passes: the app starts in the tray, without its window. */
export const hiddenStartArgument = '--hidden';

/** What the app needs of Electron's `app` here. */
export interface LoginItemApp {
  setLoginItemSettings(settings: { openAtLogin: boolean; args?: string[] }): void;
}

/**
 * The XDG autostart entry (Linux desktops start what `~/.config/autostart/*.desktop` names).
 * `executable` is the AppImage when run from one (its path, not the temporary mount's).
 */
export function autostartEntry(executable: string): string {
  const quoted = /[\s"'\\$`]/.test(executable) ? `"${executable.replace(/(["\\$`])/g, '\\$1')}"` : executable;
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=LLM Gateway',
    'Comment=Local LLM gateway',
    `Exec=${quoted} ${hiddenStartArgument}`,
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}

/**
 * Start the app at login, or stop doing so. macOS and Windows keep the login item themselves
 * (`app.setLoginItemSettings`, which does nothing on Linux); on Linux an XDG autostart file does
 * the same. Answers how it was done.
 */
export function applyLaunchAtLogin(options: {
  enabled: boolean;
  platform: NodeJS.Platform;
  app: LoginItemApp;
  /** `$XDG_CONFIG_HOME` or `~/.config` (Linux). */
  configDirectory: string;
  executable: string;
}): 'login-item' | 'autostart-file' {
  if (options.platform !== 'linux') {
    // Windows passes `args` at login; macOS does not, and the app asks `wasOpenedAtLogin` instead.
    options.app.setLoginItemSettings({ openAtLogin: options.enabled, args: [hiddenStartArgument] });
    return 'login-item';
  }
  const file = path.join(options.configDirectory, 'autostart', 'llm-gateway.desktop');
  if (options.enabled) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, autostartEntry(options.executable));
  } else {
    rmSync(file, { force: true });
  }
  return 'autostart-file';
}
