import { defineStore } from 'pinia';
import { ref, watch } from 'vue';
import { appLanguages, type AppLanguage } from '../i18n/index.ts';

export const themeChoices = ['light', 'dark', 'system'] as const;
export type ThemeChoice = (typeof themeChoices)[number];

const storageKey = 'llm-gateway.preferences';

/** The browser's language if it is Chinese, else English. */
export function defaultLanguage(
  languages: readonly string[] = globalThis.navigator?.languages ?? [],
): AppLanguage {
  return languages.some((language) => language.toLowerCase().startsWith('zh')) ? 'zh-CN' : 'en';
}

/** What was saved, each value checked: a stale or edited entry falls back to the default. */
export function readPreferences(storage: Storage | undefined): {
  theme?: ThemeChoice;
  language?: AppLanguage;
} {
  try {
    const saved = JSON.parse(storage?.getItem(storageKey) ?? '{}') as Record<string, unknown>;
    return {
      ...(themeChoices.includes(saved.theme as ThemeChoice) ? { theme: saved.theme as ThemeChoice } : {}),
      ...(appLanguages.includes(saved.language as AppLanguage)
        ? { language: saved.language as AppLanguage }
        : {}),
    };
  } catch {
    return {};
  }
}

/** Theme and language, kept in localStorage (they are this browser's, not the gateway's). */
export const usePreferencesStore = defineStore('preferences', () => {
  const storage = globalThis.localStorage as Storage | undefined;
  const saved = readPreferences(storage);
  const theme = ref<ThemeChoice>(saved.theme ?? 'system');
  const language = ref<AppLanguage>(saved.language ?? defaultLanguage());
  watch([theme, language], () => {
    try {
      storage?.setItem(storageKey, JSON.stringify({ theme: theme.value, language: language.value }));
    } catch {
      // A storage that refuses (privacy modes): the choice lasts until the page closes.
    }
  });
  return { theme, language };
});
