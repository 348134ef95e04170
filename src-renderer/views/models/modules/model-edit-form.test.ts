// @vitest-environment happy-dom
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia } from 'pinia';
import { NMessageProvider } from 'naive-ui';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { defineComponent, h } from 'vue';
import { ContractCallError } from '../../../../src-shared/contract/index.ts';
import type { Model } from '../../../../src-shared/schemas/model.ts';
import { adminApiKey, type AdminApi } from '../../../api/index.ts';
import { createSessionToken } from '../../../api/session-token.ts';
import { createAppI18n } from '../../../i18n/index.ts';
import ModelEditForm from './model-edit-form.vue';

const model: Model = {
  id: 'mdl_1',
  providerId: 'prv_1',
  name: 'gpt-4o',
  upstreamModel: 'gpt-4o-2024-08-06',
  enabled: true,
  inputCostPerToken: 0.0000025,
  outputCostPerToken: 0.00001,
  contextWindow: 128000,
  capabilities: { tools: true },
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
};

function fakeApi(update: (input: never) => Promise<unknown>) {
  return {
    transport: 'http',
    client: { models: { update } },
    events: { subscribe: () => () => undefined },
    session: createSessionToken(undefined),
    onSessionEnded: () => () => undefined,
  } as unknown as AdminApi;
}

function mountForm(api: AdminApi) {
  const saved = vi.fn();
  const wrapper = mount(
    defineComponent({ render: () => h(NMessageProvider, () => h(ModelEditForm, { model, onSaved: saved })) }),
    {
      global: { plugins: [createPinia(), createAppI18n('en')], provide: { [adminApiKey]: api } },
      attachTo: document.body,
    },
  );
  return { wrapper, saved };
}

const itemOf = (wrapper: ReturnType<typeof mount>, id: string) =>
  wrapper.find(`#${id}`).element.closest('.n-form-item')!;

afterEach(() => {
  document.body.innerHTML = '';
});

describe('the model edit form', () => {
  it('shows prices per million tokens and sends them per token; an emptied number clears it', async () => {
    const update = vi.fn(async ({ body }: { body: Record<string, unknown> }) => ({ ...model, ...body }));
    const { wrapper, saved } = mountForm(fakeApi(update));
    expect((wrapper.find('#model-edit-inputCostPerToken').element as HTMLInputElement).value).toBe('2.5');
    expect((wrapper.find('#model-edit-outputCostPerToken').element as HTMLInputElement).value).toBe('10');

    const input = wrapper.find('#model-edit-inputCostPerToken');
    await input.setValue('3');
    await input.trigger('blur');
    const context = wrapper.find('#model-edit-context');
    await context.setValue('');
    await context.trigger('blur');
    // The second capability, Vision, switched on like a user clicks it.
    await wrapper.findAll('[role="checkbox"]').at(1)!.trigger('click');
    await wrapper.find('form').trigger('submit');
    await flushPromises();

    expect(update).toHaveBeenCalledTimes(1);
    const { id, body } = update.mock.lastCall![0] as unknown as { id: string; body: Record<string, unknown> };
    expect(id).toBe('mdl_1');
    expect(body.inputCostPerToken).toBeCloseTo(0.000003, 12);
    expect(body.outputCostPerToken).toBeCloseTo(0.00001, 12);
    expect(body.contextWindow).toBeNull();
    expect(body.cacheReadCostPerToken).toBeNull();
    expect(body.capabilities).toEqual({ tools: true, vision: true });
    expect(saved).toHaveBeenCalledTimes(1);
    wrapper.unmount();
  });

  it('refuses a bad value before sending, and shows the gateway’s field error next to its field', async () => {
    const update = vi.fn().mockRejectedValueOnce(
      new ContractCallError({
        status: 409,
        code: 'conflict',
        message: 'A model named "taken" already exists for this provider',
        details: [{ path: 'name', message: 'Taken' }],
      }),
    );
    const { wrapper } = mountForm(fakeApi(update));
    await wrapper.find('#model-edit-name').setValue('');
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    expect(update).not.toHaveBeenCalled();
    expect(itemOf(wrapper, 'model-edit-name').textContent).toContain('Required');

    await wrapper.find('#model-edit-name').setValue('taken');
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    expect(update).toHaveBeenCalledTimes(1);
    expect(itemOf(wrapper, 'model-edit-name').textContent).toContain('Taken');
    expect(wrapper.find('[role="alert"]').text()).toBe(
      'A model named "taken" already exists for this provider',
    );
    wrapper.unmount();
  });
});
