import type { Pinia } from 'pinia';
import { createRouter, createWebHistory, type Router } from 'vue-router';
import { useAuthStore } from '../stores/auth.ts';
import { useFirstRunStore } from '../stores/first-run.ts';
import { appRoutes } from './routes.ts';

declare module 'vue-router' {
  interface RouteMeta {
    /** Reachable without a login (the login page). */
    public?: boolean;
    /** The i18n key of the page's title (the document title). */
    titleKey?: string;
  }
}

/**
 * The app's router, on real paths everywhere: the gateway answers any page path with the app, and
 * so does the desktop window's `app://renderer` protocol, so the tray can open
 * `/connect?client=codex` directly. Pages need a login in the browser: without one, the login
 * page, which comes back to the page asked for.
 */
export function createAppRouter(options: { pinia: Pinia }): Router {
  const router = createRouter({
    history: createWebHistory('/'),
    routes: appRoutes,
  });
  router.beforeEach((to) => {
    const auth = useAuthStore(options.pinia);
    if (!auth.needsLogin) return to.name === 'login' ? { name: 'dashboard' } : true;
    // The login page asks whether this is the first run: asked now, it travels while the page's
    // code loads instead of after (the first paint waits for it).
    if (to.name === 'login' && auth.needsSetup === undefined) auth.loadStatus().catch(() => undefined);
    if (to.meta.public || auth.signedIn) return true;
    return { name: 'login', query: to.fullPath === '/' ? {} : { redirect: to.fullPath } };
  });
  // While nothing is set up (no provider or no key), the dashboard leads to the first-run guide.
  router.beforeEach(async (to) => {
    if (to.name !== 'dashboard' || !useAuthStore(options.pinia).signedIn) return true;
    return (await useFirstRunStore(options.pinia).shouldGuide()) ? { name: 'welcome' } : true;
  });
  return router;
}
