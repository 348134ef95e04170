import { useOsTheme } from 'naive-ui';
import { computed, type ComputedRef } from 'vue';
import { usePreferencesStore } from '../stores/preferences.ts';

/** Whether the app shows dark now: the chosen theme, or the system's for "system". */
export function useIsDark(): ComputedRef<boolean> {
  const preferences = usePreferencesStore();
  const os = useOsTheme();
  return computed(() =>
    preferences.theme === 'system' ? os.value === 'dark' : preferences.theme === 'dark',
  );
}
