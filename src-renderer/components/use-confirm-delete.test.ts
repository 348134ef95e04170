// @vitest-environment happy-dom
/* eslint-disable vue/one-component-per-file -- a test mounts a small host and a probe component side by side */
import { flushPromises, mount } from '@vue/test-utils';
import { NDialogProvider, NMessageProvider } from 'naive-ui';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { defineComponent, h } from 'vue';
import { ContractCallError } from '../../src-shared/contract/index.ts';
import { createAppI18n } from '../i18n/index.ts';
import { useConfirmDelete } from './use-confirm-delete.ts';

/** A page with one delete action, inside the providers App.vue gives every page. */
function mountDeleting(remove: () => Promise<unknown>) {
  const outcome: boolean[] = [];
  const Page = defineComponent({
    setup() {
      const confirmDelete = useConfirmDelete();
      return () =>
        h('button', {
          id: 'delete',
          onClick: async () => outcome.push(await confirmDelete({ name: 'OpenAI', remove })),
        });
    },
  });
  const wrapper = mount(
    defineComponent({ render: () => h(NDialogProvider, () => h(NMessageProvider, () => h(Page))) }),
    { global: { plugins: [createAppI18n('en')] }, attachTo: document.body },
  );
  return { wrapper, outcome };
}

const button = (text: string) =>
  [...document.querySelectorAll('button')].find((candidate) => candidate.textContent?.trim() === text)!;

afterEach(() => {
  document.body.innerHTML = '';
});

describe('useConfirmDelete', () => {
  it('deletes only after the user confirms, and says so', async () => {
    const remove = vi.fn(async () => undefined);
    const { wrapper, outcome } = mountDeleting(remove);
    await wrapper.find('#delete').trigger('click');
    await flushPromises();
    expect(document.body.textContent).toContain('Delete OpenAI?');
    expect(remove).not.toHaveBeenCalled();
    button('Delete').click();
    await flushPromises();
    expect(remove).toHaveBeenCalledTimes(1);
    expect(outcome).toEqual([true]);
    expect(document.body.textContent).toContain('OpenAI deleted');
    wrapper.unmount();
  });

  it('does nothing on cancel, and shows the admin API’s message when the delete is refused', async () => {
    const remove = vi
      .fn()
      .mockRejectedValue(
        new ContractCallError({ status: 409, code: 'conflict', message: 'Model "gpt" uses it' }),
      );
    const { wrapper, outcome } = mountDeleting(remove);
    await wrapper.find('#delete').trigger('click');
    await flushPromises();
    button('Cancel').click();
    await flushPromises();
    expect(outcome).toEqual([false]);
    expect(remove).not.toHaveBeenCalled();

    await wrapper.find('#delete').trigger('click');
    await flushPromises();
    button('Delete').click();
    await flushPromises();
    expect(remove).toHaveBeenCalledTimes(1);
    expect(document.body.textContent).toContain('Model "gpt" uses it');
    wrapper.unmount();
  });
});
