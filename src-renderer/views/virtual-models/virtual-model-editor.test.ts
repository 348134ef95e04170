// @vitest-environment happy-dom
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia } from 'pinia';
import { NDialogProvider, NMessageProvider } from 'naive-ui';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { defineComponent, h } from 'vue';
import { ContractCallError } from '../../../src-shared/contract/index.ts';
import type { VirtualModel } from '../../../src-shared/schemas/virtual-model.ts';
import { adminApiKey, type AdminApi } from '../../api/index.ts';
import { createSessionToken } from '../../api/session-token.ts';
import { createAppI18n } from '../../i18n/index.ts';
import { useVirtualModelsStore } from '../../stores/virtual-models.ts';
import VirtualModelEditor from './modules/virtual-model-editor.vue';

const at = '2026-01-01T00:00:00.000Z';
const model = (id: string) => ({
  id,
  providerId: 'p1',
  name: id,
  upstreamModel: id,
  enabled: true,
  createdAt: at,
  updatedAt: at,
});
const saved: VirtualModel = {
  id: 'vm1',
  name: 'smart',
  strategy: 'priority',
  enabled: true,
  targets: [{ modelId: 'gpt' }, { modelId: 'claude' }],
  promptRules: [],
  createdAt: at,
  updatedAt: at,
};

function fakeApi(overrides: {
  update?: (input: unknown) => Promise<unknown>;
  create?: (input: unknown) => Promise<unknown>;
}) {
  const update = vi.fn(
    overrides.update ?? (async (input: { body: object }) => ({ ...saved, ...input.body })),
  );
  const create = vi.fn(
    overrides.create ?? (async (input: { body: object }) => ({ ...saved, id: 'vm2', ...input.body })),
  );
  const settingsUpdate = vi.fn(async (input: { body: { aliases: unknown[] } }) => ({
    aliases: input.body.aliases,
  }));
  const preview = vi.fn(async () => ({
    virtualModel: { id: 'vm1', name: 'smart' },
    protocol: 'openai-chat',
    request: {},
    targets: [],
  }));
  const api = {
    transport: 'http',
    client: {
      virtualModels: { update, create },
      settings: { update: settingsUpdate },
      prompts: { preview },
    },
    events: { subscribe: () => () => undefined },
    session: createSessionToken(undefined),
    onSessionEnded: () => () => undefined,
  } as unknown as AdminApi;
  return { api, update, create, settingsUpdate, preview };
}

function mountEditor(api: AdminApi, virtualModel?: VirtualModel) {
  const pinia = createPinia();
  const Host = defineComponent({
    render: () =>
      h(NDialogProvider, () => h(NMessageProvider, () => h(VirtualModelEditor, { virtualModel }))),
  });
  const wrapper = mount(Host, {
    global: { plugins: [pinia, createAppI18n('en')], provide: { [adminApiKey]: api } },
    attachTo: document.body,
  });
  // The editor created the store while mounting (inside the app, where the AdminApi is provided).
  const store = useVirtualModelsStore(pinia);
  return { wrapper, store };
}

const buttonLabelled = (wrapper: ReturnType<typeof mount>, label: string) =>
  wrapper.find(`button[aria-label="${label}"]`);
const buttonText = (wrapper: ReturnType<typeof mount>, text: string) =>
  wrapper.findAll('button').find((button) => button.text().trim() === text)!;

afterEach(() => {
  document.body.innerHTML = '';
});

describe('the virtual model editor', () => {
  it('checks the name with the contract schema before sending', async () => {
    const { api, create } = fakeApi({});
    const { wrapper } = mountEditor(api);
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    expect(create).not.toHaveBeenCalled();
    expect(wrapper.text()).toContain('Required');
    expect(wrapper.text()).toContain('Please correct the highlighted fields.');
    wrapper.unmount();
  });

  it('reorders targets with the keyboard buttons and saves the order as priorities, with the aliases', async () => {
    const { api, update, settingsUpdate } = fakeApi({});
    const { wrapper, store } = mountEditor(api, saved);
    store.models = [model('gpt'), model('claude')];
    await flushPromises();
    await buttonLabelled(wrapper, 'Move target 2 up').trigger('click');
    await wrapper.find('#vm-alias').setValue('claude-*');
    await buttonText(wrapper, 'Add a pattern').trigger('click');
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    expect(update).toHaveBeenCalledTimes(1);
    expect(update.mock.calls[0]![0]).toMatchObject({
      id: 'vm1',
      body: {
        targets: [
          { modelId: 'claude', priority: 0 },
          { modelId: 'gpt', priority: 1 },
        ],
        paramOverrides: null,
      },
    });
    expect(settingsUpdate).toHaveBeenLastCalledWith({
      body: { aliases: [{ pattern: 'claude-*', target: 'smart' }] },
    });
    wrapper.unmount();
  });

  it('shows invalid override JSON next to its field, and the gateway’s field errors next to theirs', async () => {
    const { api, update } = fakeApi({
      update: async () => {
        throw new ContractCallError({
          status: 400,
          code: 'invalid_request',
          message: 'Invalid virtual model',
          details: [{ path: 'targets.1.modelId', message: 'Model "claude" does not exist' }],
        });
      },
    });
    const { wrapper } = mountEditor(api, saved);
    await flushPromises();
    await wrapper.find('#vm-overrides-defaults').setValue('{temperature: 1}');
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    expect(update).not.toHaveBeenCalled();
    expect(wrapper.text()).toContain('Enter a JSON object, with the field names in double quotes');

    await wrapper.find('#vm-overrides-defaults').setValue('{"temperature": 1}');
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    expect(update).toHaveBeenCalledTimes(1);
    expect(update.mock.calls[0]![0]).toMatchObject({
      body: { paramOverrides: { defaults: { temperature: 1 } } },
    });
    expect(wrapper.text()).toContain('Model "claude" does not exist');
    expect(wrapper.text()).toContain('Invalid virtual model');
    wrapper.unmount();
  });
});
