// @vitest-environment happy-dom
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia } from 'pinia';
import { afterEach, describe, expect, it } from 'vitest';
import { h } from 'vue';
import { createMemoryHistory, createRouter, RouterView } from 'vue-router';
import type { AdminEvent } from '../../src-shared/contract/index.ts';
import type { StorageStatus } from '../../src-shared/schemas/storage-status.ts';
import { adminApiKey, type AdminApi } from '../api/index.ts';
import { createSessionToken } from '../api/session-token.ts';
import { createAppI18n } from '../i18n/index.ts';
import { navigationPages } from '../router/routes.ts';
import GatewayStatusCard from '../views/dashboard/modules/gateway-status-card.vue';
import AppLayout from './app-layout.vue';

const ok: StorageStatus = {
  state: 'ok',
  problem: null,
  message: null,
  since: null,
  failedWrites: 0,
  lastWriteAt: '2026-02-03T04:00:00.000Z',
  pendingRows: 0,
  droppedRows: 0,
};
const full: StorageStatus = {
  ...ok,
  state: 'failing',
  problem: 'full',
  message:
    'Request logs cannot be written: the disk holding the database is full. Requests are still served.',
  since: '2026-02-03T04:05:00.000Z',
  failedWrites: 3,
  pendingRows: 120,
  droppedRows: 7,
};

/** A gateway whose events the test pushes, and whose `system.status` says `storage`. */
function fakeGateway(storage: StorageStatus) {
  let listener: ((event: AdminEvent) => void) | undefined;
  const api = {
    transport: 'ipc',
    client: { system: { status: async () => ({ version: '1.0.0', databaseBytes: 4096, storage }) } },
    events: {
      subscribe(next: (event: AdminEvent) => void, options?: { onConnectionChange?: (up: boolean) => void }) {
        listener = next;
        options?.onConnectionChange?.(true);
        return () => (listener = undefined);
      },
    },
    session: createSessionToken(undefined),
    onSessionEnded: () => () => undefined,
  } as unknown as AdminApi;
  return {
    api,
    async push(data: StorageStatus) {
      listener!({ name: 'storageChanged', data });
      await flushPromises();
    },
  };
}

/** The app's shell with a page that shows the dashboard's status card. */
async function mountApp(api: AdminApi, language: 'en' | 'zh-CN' = 'en') {
  const page = { render: () => h(GatewayStatusCard) };
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/login', name: 'login', component: page },
      {
        path: '/',
        component: AppLayout,
        children: navigationPages.map((entry) => ({ path: entry.path, name: entry.name, component: page })),
      },
    ],
  });
  await router.push('/');
  const wrapper = mount(RouterView, {
    global: { plugins: [createPinia(), createAppI18n(language), router], provide: { [adminApiKey]: api } },
    attachTo: document.body,
  });
  await flushPromises();
  return wrapper;
}

const banner = () => {
  const found = document.querySelectorAll('[data-testid="storage-banner"]');
  expect(found.length).toBeLessThanOrEqual(1);
  return found[0] ?? null;
};
const storageTag = () => document.querySelector('[data-testid="gateway-storage"]')?.textContent?.trim();

afterEach(() => {
  document.body.innerHTML = '';
});

describe('storage problems in the app', () => {
  it('shows a warning on every page while request logs cannot be written, gone when they can', async () => {
    const gateway = fakeGateway(ok);
    const wrapper = await mountApp(gateway.api);
    expect(banner()).toBeNull();
    expect(storageTag()).toBe('Written to the database');

    await gateway.push(full);
    expect(banner()?.getAttribute('role')).toBe('alert');
    expect(banner()?.textContent?.trim()).toBe(
      'Request logs cannot be written: the disk holding the database is full. Requests are still served; logs resume when space returns.',
    );
    expect(storageTag()).toBe('Not written: the disk holding the database is full');
    expect(document.querySelector('[data-testid="gateway-storage-detail"]')?.textContent).toContain(
      '120 waiting, 7 dropped',
    );

    await gateway.push({ ...full, problem: 'read-only' });
    expect(banner()?.textContent).toContain('the database file or its folder is read-only');
    expect(banner()?.textContent).toContain('logs resume once the database can be written again');

    await gateway.push({ ...ok, droppedRows: 7 });
    expect(banner()).toBeNull();
    expect(storageTag()).toBe('Written to the database');
    expect(document.querySelector('[data-testid="gateway-storage-detail"]')).toBeNull();
    wrapper.unmount();
  });

  it('shows a problem that began before the page opened (read from the status), in Chinese too', async () => {
    const gateway = fakeGateway(full);
    const wrapper = await mountApp(gateway.api, 'zh-CN');
    expect(banner()?.textContent?.trim()).toBe(
      '请求日志无法写入：数据库所在的磁盘已满。请求仍在正常处理；磁盘空间恢复后日志会继续写入。',
    );
    await gateway.push(ok);
    expect(banner()).toBeNull();
    wrapper.unmount();
  });
});
