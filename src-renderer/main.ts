import { createPinia } from 'pinia';
import { createApp } from 'vue';
import App from './App.vue';
import { adminApiKey, createAdminApi, findDesktopBridge } from './api/index.ts';
import { createAppI18n } from './i18n/index.ts';
import { createAppRouter } from './router/index.ts';
import { usePreferencesStore } from './stores/preferences.ts';
import { loadDarkTheme } from './theme/dark-theme.ts';

// The composition root of the renderer: the one AdminApi (IPC in the desktop window, HTTP in a
// browser), stores, i18n and the router.
const api = createAdminApi({
  bridge: findDesktopBridge(window),
  baseUrl: '',
  storage: window.sessionStorage,
});
const app = createApp(App);
const pinia = createPinia();
app.provide(adminApiKey, api);
app.use(pinia);
const preferences = app.runWithContext(() => usePreferencesStore(pinia));
app.use(createAppI18n(preferences.language));
const router = createAppRouter({ pinia });
app.use(router);

// A refused session (401 from any call): back to the login, then back here.
api.onSessionEnded(() => {
  const current = router.currentRoute.value;
  if (current.name !== 'login')
    void router.replace({
      name: 'login',
      query: current.fullPath === '/' ? {} : { redirect: current.fullPath },
    });
});

// A dark first screen waits for the dark theme (loaded apart: a light one never needs it), so it
// does not flash light.
const prefersDark =
  preferences.theme === 'dark' ||
  (preferences.theme === 'system' && window.matchMedia('(prefers-color-scheme: dark)').matches);
void (prefersDark ? loadDarkTheme().catch(() => undefined) : Promise.resolve()).then(() => app.mount('#app'));
