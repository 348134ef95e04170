// @vitest-environment happy-dom
import { flushPromises, mount } from '@vue/test-utils';
import { NDialogProvider, NMessageProvider } from 'naive-ui';
import { createPinia } from 'pinia';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { defineComponent, h } from 'vue';
import { createMemoryHistory, createRouter } from 'vue-router';
import { ContractCallError } from '../../../src-shared/contract/index.ts';
import type { DesktopClient } from '../../../src-shared/desktop/create-desktop-client.ts';
import type { ClientSetupPlan } from '../../../src-shared/desktop/desktop-operations.ts';
import { adminApiKey, type AdminApi } from '../../api/index.ts';
import { createSessionToken } from '../../api/session-token.ts';
import { createAppI18n } from '../../i18n/index.ts';
import ConnectView from './index.vue';

const secret = 'sk-pasted-secret-0123456789abcd';
const createdSecret = 'sk-created-secret-99998888wxyz';
const existingKey = { id: 'k1', name: 'Laptop', keyHint: 'abcd', isMonitoring: false };

/** What the main process answers for Claude Code: its diff has the key masked (src-main/client-setup). */
const claudePlan: ClientSetupPlan = {
  planId: 'plan-1',
  client: 'claude-code',
  path: '/home/ada/.claude/settings.json',
  diff: [
    '--- /home/ada/.claude/settings.json',
    '+++ /home/ada/.claude/settings.json',
    '@@ -1,3 +1,8 @@',
    ' {',
    '-  "theme": "dark"',
    '+  "theme": "dark",',
    '+  "env": {',
    '+    "ANTHROPIC_BASE_URL": "http://127.0.0.1:3000",',
    '+    "ANTHROPIC_AUTH_TOKEN": "sk-…abcd"',
    '+  },',
    '+  "model": "mock-chat"',
    ' }',
    '',
  ].join('\n'),
  notes: [],
  environmentVariables: [],
};

type Fn = (...args: never[]) => unknown;
/** The Connect page's admin calls, and the desktop operations when `desktop` is given (the desktop window). */
function fakeApi(desktop?: { [Name in keyof DesktopClient]?: Fn }) {
  const create = vi.fn(async (input: { body: { name: string } }) => ({
    ...existingKey,
    id: 'k2',
    name: input.body.name,
    keyHint: 'wxyz',
    key: createdSecret,
  }));
  return {
    transport: desktop ? 'ipc' : 'http',
    client: {
      virtualKeys: { list: async () => ({ data: [existingKey] }), create },
      models: { list: async () => ({ data: [{ id: 'm1', name: 'mock-chat', enabled: true }] }) },
      virtualModels: { list: async () => ({ data: [] }) },
    },
    events: { subscribe: () => () => undefined },
    ...(desktop ? { desktop } : {}),
    session: createSessionToken(undefined),
    onSessionEnded: () => () => undefined,
  } as unknown as AdminApi & { client: { virtualKeys: { create: typeof create } } };
}

async function mountConnect(api: AdminApi, path = '/connect') {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [{ path: '/connect', name: 'connect', component: ConnectView }],
  });
  await router.push(path);
  const wrapper = mount(
    defineComponent({ render: () => h(NDialogProvider, () => h(NMessageProvider, () => h(ConnectView))) }),
    {
      global: { plugins: [createPinia(), createAppI18n('en'), router], provide: { [adminApiKey]: api } },
      attachTo: document.body,
    },
  );
  await flushPromises();
  return { wrapper, router };
}

const button = (text: string) =>
  [...document.querySelectorAll('button')].find((candidate) => candidate.textContent?.trim() === text);
const byLabel = (label: string) => document.querySelector<HTMLElement>(`[aria-label="${label}"]`);
const click = async (element: HTMLElement | null | undefined) => {
  expect(element).toBeTruthy();
  element!.click();
  await flushPromises();
};
const slot = () => document.querySelector('[data-slot="desktop-client-setup"]');

async function pasteSecret(wrapper: Awaited<ReturnType<typeof mountConnect>>['wrapper']) {
  await wrapper.find('#connect-secret').setValue(secret);
  await flushPromises();
}

afterEach(() => {
  document.body.innerHTML = '';
});

describe('the Connect page in a browser', () => {
  it('has no one-click setup (the copy-paste recipes remain), and ?client= opens that client’s recipe', async () => {
    const { wrapper } = await mountConnect(fakeApi(), '/connect?client=codex');
    expect(slot()).toBeNull();
    expect(button('Set up Claude Code')).toBeUndefined();
    const codexTab = document.getElementById('snippet-tab-codex')!;
    expect(codexTab.getAttribute('aria-selected')).toBe('true');
    expect(document.activeElement).toBe(codexTab);
    expect(document.querySelector('[data-testid="snippet-codex"]')?.textContent).toContain(
      'wire_api = "responses"',
    );
    wrapper.unmount();
  });
});

describe('the Connect page in the desktop app: one-click client setup', () => {
  it('plans with the page’s key and model, shows the masked diff, applies it, restores after confirming', async () => {
    const plan = vi.fn(async () => claudePlan);
    const apply = vi.fn(async () => ({
      path: claudePlan.path,
      backupPath: `${claudePlan.path}.llm-gateway-backup-20261207T153000Z`,
    }));
    const restore = vi.fn(async () => ({
      path: claudePlan.path,
      restoredFrom: `${claudePlan.path}.llm-gateway-backup-20261207T153000Z`,
      removed: false,
    }));
    const { wrapper } = await mountConnect(
      fakeApi({ 'clientSetup.plan': plan, 'clientSetup.apply': apply, 'clientSetup.restore': restore }),
    );
    expect(slot()).not.toBeNull();
    expect(slot()!.textContent).toContain('Writes ~/.claude/settings.json');
    expect(slot()!.textContent).toContain('Writes ~/.codex/config.toml');
    await pasteSecret(wrapper);

    await click(button('Set up Claude Code'));
    expect(plan).toHaveBeenCalledWith({ client: 'claude-code', apiKey: secret, model: 'mock-chat' });
    const diff = document.querySelector('[data-testid="client-setup-diff-claude-code"]')!;
    expect(diff.getAttribute('aria-label')).toBe(
      'The change to ~/.claude/settings.json, as a diff (the key masked)',
    );
    expect(diff.textContent).toBe(claudePlan.diff);
    expect(diff.querySelectorAll('.client-setup__line--added')).toHaveLength(6);
    expect(diff.querySelectorAll('.client-setup__line--removed')).toHaveLength(1);
    expect(slot()!.textContent).toContain('File: /home/ada/.claude/settings.json');
    expect(slot()!.textContent).toContain('A backup of the current file is kept beside it');
    expect(document.body.textContent).not.toContain(secret);
    expect(document.activeElement?.getAttribute('aria-label')).toBe('The change to ~/.claude/settings.json');

    await click(byLabel('Apply the change to ~/.claude/settings.json'));
    expect(apply).toHaveBeenCalledWith({ planId: 'plan-1' });
    expect(document.querySelector('[data-testid="client-setup-diff-claude-code"]')).toBeNull();
    expect(document.querySelector('[data-testid="client-setup-applied-claude-code"]')?.textContent).toContain(
      'Claude Code is set up: /home/ada/.claude/settings.json was written. The previous file is kept at /home/ada/.claude/settings.json.llm-gateway-backup-20261207T153000Z.',
    );

    await click(byLabel('Restore previous Claude Code settings'));
    expect(document.body.textContent).toContain('Restore the previous Claude Code settings?');
    expect(restore).not.toHaveBeenCalled();
    await click(button('Restore'));
    expect(restore).toHaveBeenCalledWith({ client: 'claude-code' });
    expect(
      document.querySelector('[data-testid="client-setup-restored-claude-code"]')?.textContent,
    ).toContain(
      '/home/ada/.claude/settings.json is back as it was (/home/ada/.claude/settings.json.llm-gateway-backup-20261207T153000Z).',
    );
    expect(document.querySelector('[data-testid="client-setup-applied-claude-code"]')).toBeNull();
    wrapper.unmount();
  });

  it('drops a shown change when the key changes: it was planned for the other one', async () => {
    const { wrapper } = await mountConnect(fakeApi({ 'clientSetup.plan': async () => claudePlan }));
    await pasteSecret(wrapper);
    await click(button('Set up Claude Code'));
    expect(document.querySelector('[data-testid="client-setup-diff-claude-code"]')).not.toBeNull();
    await wrapper.find('#connect-secret').setValue('sk-another-secret-000011112222');
    await flushPromises();
    expect(document.querySelector('[data-testid="client-setup-diff-claude-code"]')).toBeNull();
    expect(byLabel('Apply the change to ~/.claude/settings.json')).toBeNull();
    wrapper.unmount();
  });

  it('restores nothing when the confirmation is cancelled', async () => {
    const restore = vi.fn();
    const { wrapper } = await mountConnect(fakeApi({ 'clientSetup.restore': restore }));
    await click(byLabel('Restore previous Codex CLI settings'));
    expect(document.body.textContent).toContain('Restore the previous Codex CLI settings?');
    await click(button('Cancel'));
    expect(restore).not.toHaveBeenCalled();
    wrapper.unmount();
  });

  it('shows the operation’s refusal in its own words: a malformed file, nothing to restore', async () => {
    const malformed =
      '/home/ada/.codex/config.toml is not valid TOML (line 3, column 7). Fix or move it, then try again; it was left as it is.';
    const plan = vi.fn(async () => {
      throw new ContractCallError({ status: 409, code: 'malformed_file', message: malformed });
    });
    const restore = vi.fn(async () => {
      throw new ContractCallError({
        status: 404,
        code: 'no_backup',
        message: 'There is nothing to restore: this app has kept no backup of /home/ada/.codex/config.toml.',
      });
    });
    const { wrapper } = await mountConnect(
      fakeApi({ 'clientSetup.plan': plan, 'clientSetup.restore': restore }),
    );
    await pasteSecret(wrapper);
    await click(button('Set up Codex CLI'));
    const codex = document.querySelector('[data-testid="client-setup-codex"]')!;
    expect(codex.querySelector('[role="alert"]')?.textContent).toContain(malformed);
    expect(codex.querySelector('[data-testid="client-setup-diff-codex"]')).toBeNull();
    expect(byLabel('Apply the change to ~/.codex/config.toml')).toBeNull();

    await click(byLabel('Restore previous Codex CLI settings'));
    await click(button('Restore'));
    expect(codex.querySelector('[role="alert"]')?.textContent).toContain(
      'There is nothing to restore: this app has kept no backup of /home/ada/.codex/config.toml.',
    );
    wrapper.unmount();
  });

  it('without the key’s secret, creates a key named after the client and sets it up with it', async () => {
    const plan = vi.fn(async (input: { client: string }) => ({
      planId: 'plan-2',
      client: input.client,
      path: '/home/ada/.codex/config.toml',
      diff: '--- /dev/null\n+++ /home/ada/.codex/config.toml\n@@ -0,0 +1,2 @@\n+model = "mock-chat"\n+model_provider = "llm-gateway"\n',
      notes: ['Codex reads the key from the environment variable LLM_GATEWAY_API_KEY.'],
      environmentVariables: ['LLM_GATEWAY_API_KEY'],
    }));
    const api = fakeApi({ 'clientSetup.plan': plan });
    const { wrapper } = await mountConnect(api);
    expect(slot()!.textContent).toContain('let the app create a new key for Codex CLI');

    await click(button('Create a key and set up Codex CLI'));
    expect(api.client.virtualKeys.create).toHaveBeenCalledWith({
      body: expect.objectContaining({ name: 'Codex CLI' }),
    });
    expect(plan).toHaveBeenCalledWith({ client: 'codex', apiKey: createdSecret, model: 'mock-chat' });
    expect(slot()!.textContent).toContain('The file does not exist yet: it will be created.');
    expect(slot()!.textContent).toContain(
      'Codex reads the key from the environment variable LLM_GATEWAY_API_KEY.',
    );
    // The page now uses the new key: the other client's button sets up with it, no second key.
    expect(button('Set up Claude Code')).toBeDefined();

    const writeText = vi.fn(async () => undefined);
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    await click(button('Copy the LLM_GATEWAY_API_KEY line'));
    expect(writeText).toHaveBeenCalledWith(`export LLM_GATEWAY_API_KEY='${createdSecret}'`);
    wrapper.unmount();
  });

  it('?client=codex (the tray’s “Set up Codex”) brings Codex’s setup into focus', async () => {
    const { wrapper, router } = await mountConnect(fakeApi({}), '/connect?client=codex');
    expect(document.activeElement?.textContent?.trim()).toBe('Create a key and set up Codex CLI');
    await router.push('/connect?client=claude-code');
    await flushPromises();
    expect(document.activeElement?.textContent?.trim()).toBe('Create a key and set up Claude Code');
    wrapper.unmount();
  });
});
