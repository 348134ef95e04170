// @vitest-environment happy-dom
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia } from 'pinia';
import { describe, expect, it, vi } from 'vitest';
import { defineComponent, h } from 'vue';
import { createMemoryHistory, createRouter } from 'vue-router';
import { ContractCallError } from '../../../src-shared/contract/index.ts';
import { adminApiKey, type AdminApi } from '../../api/index.ts';
import { createSessionToken } from '../../api/session-token.ts';
import { createAppI18n } from '../../i18n/index.ts';
import LoginView from './index.vue';

/** An AdminApi over HTTP whose auth calls the test scripts. */
function fakeApi(auth: Partial<Record<'status' | 'setup' | 'login', (input: unknown) => Promise<unknown>>>) {
  return {
    transport: 'http',
    client: { auth },
    events: { subscribe: () => () => undefined },
    session: createSessionToken(undefined),
    onSessionEnded: () => () => undefined,
  } as unknown as AdminApi;
}

/** Where the login goes next: a page that shows its path. */
const Page = defineComponent({ render: () => h('p', 'page') });

async function mountLogin(api: AdminApi) {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/login', name: 'login', component: LoginView },
      { path: '/', name: 'dashboard', component: Page },
      { path: '/models', name: 'models', component: Page },
    ],
  });
  await router.push('/login?redirect=/models');
  const wrapper = mount(LoginView, {
    global: { plugins: [createPinia(), createAppI18n('en'), router], provide: { [adminApiKey]: api } },
  });
  await flushPromises();
  return { wrapper, router };
}

const setValue = async (
  wrapper: Awaited<ReturnType<typeof mountLogin>>['wrapper'],
  id: string,
  value: string,
) => wrapper.find(`#${id}`).setValue(value);

describe('the login view', () => {
  it('shows the setup form on a first run and checks it with the contract schema before sending', async () => {
    const setup = vi.fn(async () => ({ token: 't', expiresAt: new Date(Date.now() + 60_000).toISOString() }));
    const { wrapper, router } = await mountLogin(
      fakeApi({ status: async () => ({ needsSetup: true }), setup }),
    );
    expect(wrapper.find('h1').text()).toBe('Create the administrator');
    await setValue(wrapper, 'setup-username', '');
    await setValue(wrapper, 'setup-password', 'short');
    await setValue(wrapper, 'setup-confirm', 'short');
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    expect(setup).not.toHaveBeenCalled();
    expect(wrapper.text()).toContain('At least 8 characters');
    expect(wrapper.text()).toContain('Required');
    expect(wrapper.text()).toContain('Please correct the highlighted fields.');

    await setValue(wrapper, 'setup-username', 'root');
    await setValue(wrapper, 'setup-password', 'long-enough-password');
    await setValue(wrapper, 'setup-confirm', 'different-password');
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    expect(wrapper.text()).toContain('The passwords differ');
    expect(setup).not.toHaveBeenCalled();

    await setValue(wrapper, 'setup-confirm', 'long-enough-password');
    await setValue(wrapper, 'setup-code', '1111-2222');
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    expect(setup).toHaveBeenCalledWith({
      body: { username: 'root', password: 'long-enough-password', setupCode: '1111-2222' },
    });
    expect(router.currentRoute.value.fullPath).toBe('/models');
  });

  it('shows the admin API’s message, and its field errors next to their fields', async () => {
    const setup = vi
      .fn()
      .mockRejectedValueOnce(
        new ContractCallError({
          status: 403,
          code: 'forbidden',
          message: 'The setup code is wrong or missing',
        }),
      )
      .mockRejectedValueOnce(
        new ContractCallError({
          status: 400,
          code: 'invalid_request',
          message: 'username: Too long',
          details: [{ path: 'username', message: 'Too long for the gateway' }],
        }),
      );
    const { wrapper } = await mountLogin(fakeApi({ status: async () => ({ needsSetup: true }), setup }));
    await setValue(wrapper, 'setup-password', 'long-enough-password');
    await setValue(wrapper, 'setup-confirm', 'long-enough-password');
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    expect(wrapper.find('[role="alert"]').text()).toBe('The setup code is wrong or missing');
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    const usernameItem = wrapper.find('#setup-username').element.closest('.n-form-item')!;
    expect(usernameItem.textContent).toContain('Too long for the gateway');
  });

  it('logs in when an admin exists, and says so in words when the gateway is unreachable', async () => {
    const login = vi
      .fn()
      .mockRejectedValueOnce(
        new ContractCallError({ status: 0, code: 'network_error', message: 'fetch failed' }),
      )
      .mockResolvedValueOnce({ token: 't', expiresAt: new Date(Date.now() + 60_000).toISOString() });
    const { wrapper, router } = await mountLogin(
      fakeApi({ status: async () => ({ needsSetup: false }), login }),
    );
    expect(wrapper.find('h1').text()).toBe('Log in');
    await setValue(wrapper, 'login-username', 'admin');
    await setValue(wrapper, 'login-password', 'secret');
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    expect(wrapper.find('[role="alert"]').text()).toBe('The gateway cannot be reached. Is it running?');
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    expect(login).toHaveBeenLastCalledWith({ body: { username: 'admin', password: 'secret' } });
    expect(router.currentRoute.value.name).toBe('models');
  });
});
