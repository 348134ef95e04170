import type { PreferencesStore } from './open-preferences.ts';

/** Act on the preferences that take effect at once (each callback only when its fields changed). */
export function watchPreferences(
  preferences: PreferencesStore,
  on: {
    theme(theme: 'system' | 'light' | 'dark'): void;
    launchAtLogin(enabled: boolean): void;
    updates(): void;
    /** Port or bind address. */
    listen(): void;
    any(): void;
  },
): () => void {
  return preferences.onChange((next, previous) => {
    if (next.theme !== previous.theme) on.theme(next.theme);
    if (next.launchAtLogin !== previous.launchAtLogin) on.launchAtLogin(next.launchAtLogin);
    if (next.checkForUpdates !== previous.checkForUpdates || next.updateChannel !== previous.updateChannel)
      on.updates();
    if (next.port !== previous.port || next.bindAddress !== previous.bindAddress) on.listen();
    on.any();
  });
}
