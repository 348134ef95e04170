import type { RouteRecordRaw } from 'vue-router';

/** A page of the sidebar: its route name, path below `/`, i18n label key and lazy view. */
export interface NavigationPage {
  name: string;
  path: string;
  label: string;
  view: () => Promise<unknown>;
}

/** The sidebar's pages, in its order. Every view is its own chunk (lazy import). */
export const navigationPages: NavigationPage[] = [
  { name: 'dashboard', path: '', label: 'nav.dashboard', view: () => import('../views/dashboard/index.vue') },
  {
    name: 'connect',
    path: 'connect',
    label: 'nav.connect',
    view: () => import('../views/connect/index.vue'),
  },
  {
    name: 'providers',
    path: 'providers',
    label: 'nav.providers',
    view: () => import('../views/providers/index.vue'),
  },
  { name: 'models', path: 'models', label: 'nav.models', view: () => import('../views/models/index.vue') },
  {
    name: 'virtual-models',
    path: 'virtual-models',
    label: 'nav.virtualModels',
    view: () => import('../views/virtual-models/index.vue'),
  },
  {
    name: 'virtual-keys',
    path: 'virtual-keys',
    label: 'nav.virtualKeys',
    view: () => import('../views/virtual-keys/index.vue'),
  },
  { name: 'logs', path: 'logs', label: 'nav.logs', view: () => import('../views/logs/index.vue') },
  { name: 'health', path: 'health', label: 'nav.health', view: () => import('../views/health/index.vue') },
  {
    name: 'settings',
    path: 'settings',
    label: 'nav.settings',
    view: () => import('../views/settings/index.vue'),
  },
];

/** The app's routes: the login outside the layout (public), every page inside it. */
export const appRoutes: RouteRecordRaw[] = [
  {
    path: '/login',
    name: 'login',
    component: () => import('../views/login/index.vue'),
    meta: { public: true, titleKey: 'login.title' },
  },
  {
    path: '/',
    component: () => import('../layouts/app-layout.vue'),
    children: [
      ...navigationPages.map((page): RouteRecordRaw => ({
        path: page.path,
        name: page.name,
        component: page.view,
        meta: { titleKey: page.label },
      })),
      // The first-run guide (not in the sidebar): the dashboard leads here until set up.
      {
        path: 'welcome',
        name: 'welcome',
        component: () => import('../views/welcome/index.vue'),
        meta: { titleKey: 'welcome.title' },
      },
      {
        path: ':unknown(.*)*',
        name: 'not-found',
        component: () => import('../views/not-found/index.vue'),
        meta: { titleKey: 'notFound.title' },
      },
    ],
  },
];
