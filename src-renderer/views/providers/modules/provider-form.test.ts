// @vitest-environment happy-dom
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia } from 'pinia';
import { NDialogProvider, NMessageProvider } from 'naive-ui';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { defineComponent, h } from 'vue';
import { ContractCallError } from '../../../../src-shared/contract/index.ts';
import { adminApiKey, type AdminApi } from '../../../api/index.ts';
import { createSessionToken } from '../../../api/session-token.ts';
import { createAppI18n } from '../../../i18n/index.ts';
import ProviderForm from './provider-form.vue';

const openAiPreset = {
  id: 'openai',
  name: 'OpenAI',
  protocol: 'openai',
  baseUrl: 'https://api.openai.com/v1',
  baseUrlNeedsEdit: false,
  keyRequired: true,
  keyFormatHint: 'sk-proj-...',
  keyUrl: 'https://platform.openai.com/api-keys',
  docsUrl: 'https://platform.openai.com/docs',
  responsesApi: true,
  streamOptions: true,
  modelList: true,
  quirks: {},
};

function fakeApi(create: (input: unknown) => Promise<unknown>) {
  return {
    transport: 'http',
    client: { presets: { list: async () => ({ data: [openAiPreset] }) }, providers: { create } },
    events: { subscribe: () => () => undefined },
    session: createSessionToken(undefined),
    onSessionEnded: () => () => undefined,
  } as unknown as AdminApi;
}

async function mountForm(api: AdminApi) {
  const saved = vi.fn();
  const wrapper = mount(
    defineComponent({
      render: () => h(NDialogProvider, () => h(NMessageProvider, () => h(ProviderForm, { onSaved: saved }))),
    }),
    {
      global: { plugins: [createPinia(), createAppI18n('en')], provide: { [adminApiKey]: api } },
      attachTo: document.body,
    },
  );
  await flushPromises();
  return { wrapper, saved };
}

const itemOf = (wrapper: ReturnType<typeof mount>, id: string) =>
  wrapper.find(`#${id}`).element.closest('.n-form-item')!;

afterEach(() => {
  document.body.innerHTML = '';
});

describe('the provider form', () => {
  it('checks the fields with the contract schema before sending anything', async () => {
    const create = vi.fn();
    const { wrapper } = await mountForm(fakeApi(create));
    await wrapper.find('#provider-base-url').setValue('not a url');
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    expect(create).not.toHaveBeenCalled();
    expect(itemOf(wrapper, 'provider-name').textContent).toContain('Required');
    expect(itemOf(wrapper, 'provider-base-url').textContent).toContain('Enter a URL such as');
    expect(wrapper.find('[role="alert"]').text()).toBe('Please correct the highlighted fields.');
    wrapper.unmount();
  });

  it('sends the typed keys and advanced fields, and shows the gateway’s field error next to its field', async () => {
    const create = vi
      .fn()
      .mockRejectedValueOnce(
        new ContractCallError({
          status: 409,
          code: 'conflict',
          message: 'A provider named "Mine" already exists',
          details: [{ path: 'name', message: 'Taken' }],
        }),
      )
      .mockImplementationOnce(async ({ body }: { body: Record<string, unknown> }) => ({
        id: 'prv_1',
        ...body,
        apiKeyHint: '0001',
        apiKeyCount: 2,
        createdAt: '2026-01-01T00:00:00.000Z',
        updatedAt: '2026-01-01T00:00:00.000Z',
      }));
    const { wrapper, saved } = await mountForm(fakeApi(create));
    await wrapper.find('#provider-name').setValue('Mine');
    await wrapper.find('#provider-base-url').setValue('http://127.0.0.1:9/v1');
    await wrapper.find('#provider-key-0').setValue('sk-test-0001');
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    expect(itemOf(wrapper, 'provider-name').textContent).toContain('Taken');
    expect(wrapper.find('[role="alert"]').text()).toBe('A provider named "Mine" already exists');

    await wrapper.find('#provider-name').setValue('Mine 2');
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    expect(create).toHaveBeenLastCalledWith({
      body: expect.objectContaining({
        name: 'Mine 2',
        protocol: 'openai',
        baseUrl: 'http://127.0.0.1:9/v1',
        enabled: true,
        apiKeys: ['sk-test-0001'],
      }),
    });
    const body = create.mock.lastCall![0].body;
    expect(body).not.toHaveProperty('proxyUrl', '');
    expect(body.timeouts).toBeUndefined();
    expect(saved).toHaveBeenCalledTimes(1);
    wrapper.unmount();
  });
});
