// @vitest-environment happy-dom
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { nextTick } from 'vue';
import { defaultLanguage, readPreferences, usePreferencesStore } from './preferences.ts';

beforeEach(() => {
  localStorage.clear();
  setActivePinia(createPinia());
});

describe('the preferences store', () => {
  it('keeps theme and language in localStorage for the next visit', async () => {
    const preferences = usePreferencesStore();
    preferences.theme = 'dark';
    preferences.language = 'zh-CN';
    await nextTick();
    setActivePinia(createPinia());
    const next = usePreferencesStore();
    expect([next.theme, next.language]).toEqual(['dark', 'zh-CN']);
  });

  it('ignores saved values it does not know, and picks Chinese for a Chinese browser', () => {
    localStorage.setItem('llm-gateway.preferences', JSON.stringify({ theme: 'neon', language: 'fr' }));
    expect(readPreferences(localStorage)).toEqual({});
    localStorage.setItem('llm-gateway.preferences', '{not json');
    expect(readPreferences(localStorage)).toEqual({});
    expect(defaultLanguage(['zh-TW', 'en'])).toBe('zh-CN');
    expect(defaultLanguage(['de-DE'])).toBe('en');
    expect(usePreferencesStore().theme).toBe('system');
  });
});
