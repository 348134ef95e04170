// @vitest-environment happy-dom
import { flushPromises, mount } from '@vue/test-utils';
import { NDialogProvider, NMessageProvider } from 'naive-ui';
import { createPinia } from 'pinia';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { defineComponent, h } from 'vue';
import { ContractCallError } from '../../../../src-shared/contract/index.ts';
import { configBackupKind } from '../../../../src-shared/schemas/config-backup.ts';
import { adminApiKey, type AdminApi } from '../../../api/index.ts';
import { createSessionToken } from '../../../api/session-token.ts';
import { createAppI18n } from '../../../i18n/index.ts';
import BackupsCard from './backups-card.vue';

/** A backup file as the gateway writes it (only what the card reads matters here). */
function backupFile(encrypted: boolean) {
  return {
    kind: configBackupKind,
    version: 1,
    exportedAt: '2026-02-03T04:05:06.000Z',
    appVersion: '1.4.0',
    secrets: encrypted
      ? {
          kdf: 'scrypt',
          N: 32768,
          r: 8,
          p: 1,
          salt: 'c2FsdA==',
          cipher: 'aes-256-gcm',
          iv: 'aXY=',
          tag: 'dGFn',
          data: 'ZGF0YQ==',
        }
      : null,
    config: { providers: [{ id: 'p1', name: 'openai' }] },
  };
}

type Backups = Record<
  'exportConfig' | 'importConfig' | 'database',
  (input: { body: any }) => Promise<unknown>
>;

function fakeApi(backups: Partial<Backups>) {
  return {
    transport: 'http',
    client: { backups },
    events: { subscribe: () => () => undefined },
    session: createSessionToken(undefined),
    onSessionEnded: () => () => undefined,
  } as unknown as AdminApi;
}

async function mountCard(api: AdminApi) {
  const wrapper = mount(
    defineComponent({ render: () => h(NDialogProvider, () => h(NMessageProvider, () => h(BackupsCard))) }),
    {
      global: { plugins: [createPinia(), createAppI18n('en')], provide: { [adminApiKey]: api } },
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

const button = (name: string) =>
  [...document.querySelectorAll('button')].find(
    (candidate) => candidate.textContent?.trim() === name || candidate.getAttribute('aria-label') === name,
  );

const submitFormOf = async (id: string) => {
  document.getElementById(id)!.closest('form')!.dispatchEvent(new Event('submit'));
  await flushPromises();
};

/** Pick `text` as the file `name` in the card's file input, as the browser's file chooser would. */
async function pickFile(name: string, text: string): Promise<void> {
  const input = document.querySelector<HTMLInputElement>('[data-testid="backup-file-input"]')!;
  const file = new File([text], name, { type: 'application/json' });
  Object.defineProperty(input, 'files', { value: [file], configurable: true });
  input.dispatchEvent(new Event('change'));
  await flushPromises();
  // File.text() resolves on a later turn in happy-dom.
  await new Promise((resolve) => setTimeout(resolve, 0));
  await flushPromises();
}

afterEach(() => {
  document.body.innerHTML = '';
  vi.restoreAllMocks();
});

describe('the backups card', () => {
  it('exports with a checked passphrase and downloads the backup as a dated JSON file', async () => {
    const backup = backupFile(true);
    const exportConfig = vi.fn(async () => backup);
    const wrapper = await mountCard(fakeApi({ exportConfig }));
    const blobs: Blob[] = [];
    vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
      blobs.push(blob as Blob);
      return 'blob:backup';
    });
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined);
    const downloads: { href: string; download: string }[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      downloads.push({ href: this.href, download: this.download });
    });

    await wrapper.find('#backup-export-passphrase').setValue('short');
    await wrapper.find('#backup-export-repeat').setValue('short');
    await submitFormOf('backup-export-passphrase');
    expect(feedbackOf('backup-export-passphrase')).toBe('At least 8 characters');
    expect(exportConfig).not.toHaveBeenCalled();

    await wrapper.find('#backup-export-passphrase').setValue('a long passphrase');
    await submitFormOf('backup-export-passphrase');
    expect(feedbackOf('backup-export-repeat')).toBe('The passphrases differ');
    expect(exportConfig).not.toHaveBeenCalled();

    await wrapper.find('#backup-export-repeat').setValue('a long passphrase');
    await submitFormOf('backup-export-passphrase');
    expect(exportConfig).toHaveBeenCalledWith({ body: { passphrase: 'a long passphrase' } });
    const today = new Date();
    const day = `${today.getFullYear()}-${String(today.getMonth() + 1).padStart(2, '0')}-${String(today.getDate()).padStart(2, '0')}`;
    expect(downloads).toEqual([{ href: 'blob:backup', download: `llm-gateway-config-${day}.json` }]);
    expect(JSON.parse(await blobs[0]!.text())).toEqual(backup);
    expect(document.body.textContent).toContain(
      `llm-gateway-config-${day}.json downloaded (provider keys encrypted)`,
    );
    // The passphrase does not stay in the form.
    expect((wrapper.find('#backup-export-passphrase').element as HTMLInputElement).value).toBe('');
    wrapper.unmount();
  });

  it('exports without a passphrase (keys left out) when both fields are empty', async () => {
    const exportConfig = vi.fn(async () => backupFile(false));
    const wrapper = await mountCard(fakeApi({ exportConfig }));
    vi.spyOn(URL, 'createObjectURL').mockReturnValue('blob:plain');
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined);
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);
    await submitFormOf('backup-export-passphrase');
    expect(exportConfig).toHaveBeenCalledWith({ body: {} });
    expect(document.body.textContent).toContain('downloaded (without provider keys)');
    wrapper.unmount();
  });

  it('imports an encrypted file only with its passphrase and after confirming, then shows what it holds', async () => {
    const importConfig = vi.fn(async () => ({
      providers: 2,
      models: 5,
      virtualModels: 1,
      virtualKeys: 3,
      healthTargets: 0,
      secrets: 'imported' as const,
      providersWithoutKeys: ['ollama'],
    }));
    const wrapper = await mountCard(fakeApi({ importConfig }));
    const text = JSON.stringify(backupFile(true));
    await pickFile('team.json', text);
    expect(document.querySelector('[data-testid="backup-file-name"]')?.textContent).toBe('team.json');
    expect(document.body.textContent).toContain('Its provider keys are encrypted');

    await submitFormOf('backup-import-passphrase');
    expect(feedbackOf('backup-import-passphrase')).toBe('Required');
    expect(document.body.textContent).not.toContain('Replace the whole configuration?');

    await wrapper.find('#backup-import-passphrase').setValue('a long passphrase');
    await submitFormOf('backup-import-passphrase');
    expect(document.body.textContent).toContain('Replace the whole configuration?');
    expect(document.body.textContent).toContain('those in “team.json”');
    expect(importConfig).not.toHaveBeenCalled();

    button('Replace')!.click();
    await flushPromises();
    expect(importConfig).toHaveBeenCalledWith({ body: { backup: text, passphrase: 'a long passphrase' } });
    const result = document.querySelector('[data-testid="import-result"]')!.textContent!;
    expect(result).toContain('Providers: 2');
    expect(result).toContain('Models: 5');
    expect(result).toContain('Virtual keys: 3');
    expect(result).toContain('Provider keys and alert secrets came from the file.');
    expect(document.querySelector('[data-testid="providers-without-keys"]')?.textContent).toContain(
      'No API key now for: ollama.',
    );
    wrapper.unmount();
  });

  it('shows the gateway’s refusal in words and changes nothing it was not asked to', async () => {
    const importConfig = vi.fn(async () => {
      throw new ContractCallError({
        status: 400,
        code: 'wrong_passphrase',
        message: 'The passphrase does not open this backup (or the file was changed)',
      });
    });
    const wrapper = await mountCard(fakeApi({ importConfig }));
    await pickFile('team.json', JSON.stringify(backupFile(true)));
    await wrapper.find('#backup-import-passphrase').setValue('not the one');
    await submitFormOf('backup-import-passphrase');
    button('Cancel')!.click();
    await flushPromises();
    expect(importConfig).not.toHaveBeenCalled();

    await submitFormOf('backup-import-passphrase');
    button('Replace')!.click();
    await flushPromises();
    expect(importConfig).toHaveBeenCalledTimes(1);
    const alert = document.querySelector('[data-testid="import-error"]')!;
    expect(alert.getAttribute('role')).toBe('alert');
    expect(alert.textContent).toContain('The passphrase does not open this backup (or the file was changed)');
    expect(document.querySelector('[data-testid="import-result"]')).toBeNull();
    wrapper.unmount();
  });

  it('says a file that is not a backup is not one, and offers no import for it', async () => {
    const importConfig = vi.fn();
    const wrapper = await mountCard(fakeApi({ importConfig }));
    await pickFile('notes.json', '{"hello": "world"}');
    expect(document.body.textContent).toContain('“notes.json” is not an LLM Gateway configuration backup');
    expect(button('Import configuration')).toBeUndefined();
    await pickFile('broken.json', '{"kind": "llm-gateway.config-backup", ');
    expect(document.body.textContent).toContain('“broken.json” is not an LLM Gateway configuration backup');

    // A plain file (no keys) needs no passphrase.
    await pickFile('plain.json', JSON.stringify(backupFile(false)));
    expect(document.body.textContent).toContain('It carries no provider keys');
    expect(document.getElementById('backup-import-passphrase')).toBeNull();
    expect(document.body.textContent).toContain('Exported');
    expect(document.body.textContent).toContain('by version 1.4.0');
    wrapper.unmount();
  });

  it('backs up the database under a checked name and shows the path written, with a copy button', async () => {
    const database = vi
      .fn()
      .mockRejectedValueOnce(
        new ContractCallError({
          status: 409,
          code: 'conflict',
          message: 'A backup named "before-upgrade.db" already exists',
        }),
      )
      .mockResolvedValue({
        path: '/srv/gateway/backups/before-upgrade-2.db',
        bytes: 2_097_152,
        createdAt: '2026-02-03T04:05:06.000Z',
        durationMs: 42,
      });
    const wrapper = await mountCard(fakeApi({ database }));
    await wrapper.find('#backup-database-file').setValue('../etc/passwd.db');
    await submitFormOf('backup-database-file');
    expect(feedbackOf('backup-database-file')).toContain('ending in .db, .sqlite or .sqlite3');
    expect(database).not.toHaveBeenCalled();

    await wrapper.find('#backup-database-file').setValue('before-upgrade.db');
    await submitFormOf('backup-database-file');
    expect(database).toHaveBeenCalledWith({ body: { fileName: 'before-upgrade.db' } });
    expect(document.body.textContent).toContain('A backup named "before-upgrade.db" already exists');

    await wrapper.find('#backup-database-file').setValue('before-upgrade-2.db');
    await submitFormOf('backup-database-file');
    expect(document.querySelector('[data-testid="database-backup-path"]')?.textContent).toBe(
      '/srv/gateway/backups/before-upgrade-2.db',
    );
    expect(document.querySelector('[data-testid="database-backup"]')?.textContent).toContain('2 MB in 42 ms');
    expect(document.body.textContent).toContain('To restore it: stop the gateway');

    const writeText = vi.fn(async () => undefined);
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    button('Copy the path')!.click();
    await flushPromises();
    expect(writeText).toHaveBeenCalledWith('/srv/gateway/backups/before-upgrade-2.db');

    // No name: the gateway picks one. A full disk is said in the gateway's words, not as an internal error.
    database.mockRejectedValueOnce(
      new ContractCallError({
        status: 503,
        code: 'storage_unavailable',
        message:
          'The database could not be written: the disk holding the database is full. /v1 requests are still served.',
      }),
    );
    await submitFormOf('backup-database-file');
    expect(database).toHaveBeenLastCalledWith({ body: {} });
    expect(document.body.textContent).toContain('the disk holding the database is full');
    wrapper.unmount();
  });
});
