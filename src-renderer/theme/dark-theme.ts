import type { GlobalTheme } from 'naive-ui';
import { shallowRef } from 'vue';

/**
 * Naive UI's dark theme, loaded the first time it is needed: it holds every component's dark
 * styles, and a light first visit (the login page) should not wait for them.
 */
export const darkTheme = shallowRef<GlobalTheme>();

let loading: Promise<void> | undefined;
export function loadDarkTheme(): Promise<void> {
  loading ??= import('naive-ui/es/themes/dark').then((module) => {
    darkTheme.value = module.darkTheme;
  });
  return loading;
}
