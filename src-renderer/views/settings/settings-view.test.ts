// @vitest-environment happy-dom
import { flushPromises, mount } from '@vue/test-utils';
import { NDialogProvider, NMessageProvider } from 'naive-ui';
import { createPinia } from 'pinia';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { defineComponent, h } from 'vue';
import { createMemoryHistory, createRouter } from 'vue-router';
import { ContractCallError } from '../../../src-shared/contract/index.ts';
import { settingsSchema } from '../../../src-shared/schemas/settings.ts';
import { adminApiKey, type AdminApi } from '../../api/index.ts';
import { createSessionToken } from '../../api/session-token.ts';
import { createAppI18n } from '../../i18n/index.ts';
import SettingsView from './index.vue';

/** A gateway's settings client: what the page reads, and the writes the test scripts. */
function fakeApi(writes: {
  update?: (input: { body: unknown }) => Promise<unknown>;
  create?: (input: unknown) => Promise<unknown>;
}) {
  const settings = settingsSchema.parse({});
  return {
    transport: 'http',
    client: {
      settings: { get: async () => settings, update: writes.update ?? (async () => settings) },
      monitoring: {
        status: async () => ({
          enabled: false,
          statusPagePath: '/status',
          lanStatus: { enabled: false, port: 3001, url: null },
        }),
      },
      system: {
        status: async () => ({
          version: '0.1.0',
          host: '127.0.0.1',
          port: 3000,
          url: 'http://127.0.0.1:3000',
          lanUrl: null,
          startedAt: null,
          uptimeSeconds: null,
          databaseBytes: 4096,
        }),
      },
      catalog: { status: async () => ({ url: settings.catalog.url, entryCount: 0, source: 'none' }) },
      apiTokens: {
        list: async () => ({
          data: [{ id: 't1', name: 'backup', tokenHint: 'abcd', createdAt: '2026-01-01T00:00:00.000Z' }],
        }),
        create: writes.create ?? (async () => undefined),
        revoke: vi.fn(async () => undefined),
      },
      auth: { changePassword: async () => ({ token: 'new', expiresAt: '2030-01-01T00:00:00.000Z' }) },
    },
    events: { subscribe: () => () => undefined },
    session: createSessionToken(undefined),
    onSessionEnded: () => () => undefined,
  } as unknown as AdminApi;
}

async function mountSettings(api: AdminApi) {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/', component: SettingsView },
      { path: '/login', name: 'login', component: SettingsView },
    ],
  });
  await router.push('/');
  const wrapper = mount(
    defineComponent({ render: () => h(NDialogProvider, () => h(NMessageProvider, () => h(SettingsView))) }),
    {
      global: { plugins: [createPinia(), createAppI18n('en'), router], provide: { [adminApiKey]: api } },
      attachTo: document.body,
    },
  );
  await flushPromises();
  return wrapper;
}

const feedbackOf = (id: string) =>
  document
    .getElementById(id)
    ?.closest('.n-form-item')
    ?.querySelector('.n-form-item-feedback-wrapper')
    ?.textContent?.trim();

afterEach(() => {
  document.body.innerHTML = '';
});

describe('the settings page', () => {
  it('shows where the gateway listens and its API tokens', async () => {
    const wrapper = await mountSettings(fakeApi({}));
    expect(wrapper.find('[data-testid="bind-address"]').text()).toBe('127.0.0.1');
    expect(wrapper.find('[data-testid="listen-port"]').text()).toBe('3000');
    expect(wrapper.find('[data-testid="api-tokens"]').text()).toContain('gw_…abcd');
    wrapper.unmount();
  });

  it('checks the log settings with the contract’s rules, and puts the gateway’s refusal next to its field', async () => {
    const update = vi.fn().mockRejectedValueOnce(
      new ContractCallError({
        status: 400,
        code: 'invalid_request',
        message: 'logging.maxRows: Too big',
        details: [{ path: 'logging.maxRows', message: 'At most 100000000' }],
      }),
    );
    const wrapper = await mountSettings(fakeApi({ update }));
    await wrapper.find('#settings-retention').setValue('0');
    await wrapper.find('#settings-retention').trigger('blur');
    await wrapper.find('#settings-retention').element.closest('form')!.dispatchEvent(new Event('submit'));
    await flushPromises();
    expect(feedbackOf('settings-retention')).toBe('At least 1');
    expect(update).not.toHaveBeenCalled();

    await wrapper.find('#settings-retention').setValue('14');
    await wrapper.find('#settings-retention').trigger('blur');
    await wrapper.find('#settings-retention').element.closest('form')!.dispatchEvent(new Event('submit'));
    await flushPromises();
    expect(update).toHaveBeenCalledWith({
      body: { logging: { retentionDays: 14, maxRows: 1_000_000, bodyMaxBytes: 65_536 } },
    });
    expect(feedbackOf('settings-max-rows')).toBe('At most 100000000');
    expect(document.body.textContent).toContain('logging.maxRows: Too big');
    wrapper.unmount();
  });

  it('shows a created API token once, with a warning, and asks before revoking one', async () => {
    const create = vi.fn(async () => ({
      id: 't2',
      name: 'ci',
      tokenHint: 'wxyz',
      createdAt: '2026-01-01T00:00:00.000Z',
      token: 'gw_secret_wxyz',
    }));
    const api = fakeApi({ create });
    const wrapper = await mountSettings(api);
    const form = wrapper.find('#token-name').element.closest('form')!;
    form.dispatchEvent(new Event('submit'));
    await flushPromises();
    expect(feedbackOf('token-name')).toBe('Required');
    expect(create).not.toHaveBeenCalled();

    await wrapper.find('#token-name').setValue('ci');
    form.dispatchEvent(new Event('submit'));
    await flushPromises();
    expect(create).toHaveBeenCalledWith({ body: { name: 'ci' } });
    expect(document.querySelector('[data-testid="created-token"]')?.textContent).toBe('gw_secret_wxyz');
    expect(document.body.textContent).toContain('it is shown only once');

    const revokeButton = [...document.querySelectorAll('button')].find(
      (button) => button.getAttribute('aria-label') === 'Revoke backup',
    )!;
    revokeButton.click();
    await flushPromises();
    expect(document.body.textContent).toContain('Revoke backup?');
    expect(api.client.apiTokens.revoke).not.toHaveBeenCalled();
    wrapper.unmount();
  });
});
