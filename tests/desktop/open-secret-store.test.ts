import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createEncryptedFileSecretStore } from '../../src-gateway/secrets/encrypted-file-secret-store.ts';
import { loadSecretKey } from '../../src-gateway/secrets/load-secret-key.ts';
import type { SecretStore } from '../../src-gateway/secrets/secret-store.ts';
import { createNapiKeyring, openSecretStore, type Keyring } from '../../src-main/secrets/index.ts';
import { readFileSecretReferences } from '../../src-main/secrets/read-file-secret-references.ts';
import {
  createLockedKeyringHome,
  isolatedEnvironment,
  keyringSessionUnavailable,
  startKeyringSession,
  type KeyringSession,
  withKeyringDaemon,
} from './support/keyring-session.ts';
import { capturingLogger, failingAfter, uniqueService } from './support/keyring-test-kit.ts';

/**
 * openSecretStore against a real gnome-keyring (a private D-Bus session, see
 * support/keyring-session.ts) and, for "no keychain" and "locked", in child
 * processes whose environment has no usable Secret Service (libdbus reads the
 * session address once per process, so each needs a process of its own).
 */
const unavailable = keyringSessionUnavailable();
if (unavailable) console.warn(`\n*** SKIPPING the real keychain tests: ${unavailable} ***\n`);

const repository = path.resolve(import.meta.dirname, '../..');
const tsxLoader = pathToFileURL(path.join(repository, 'node_modules/tsx/dist/loader.mjs')).href;
const childScript = path.join(import.meta.dirname, 'support/open-secret-store-child.ts');

const directories: string[] = [];
function tempDirectory(prefix: string): string {
  const directory = mkdtempSync(path.join(tmpdir(), prefix));
  directories.push(directory);
  return directory;
}
afterEach(() => {
  for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true });
});

/** A data folder as the headless gateway leaves it: secret.key and secrets.enc (src-gateway/cli.ts). */
async function headlessDataFolder(secrets: Record<string, string>): Promise<string> {
  const dataDir = tempDirectory('desktop-data-');
  const file = openHeadlessFile(dataDir);
  for (const [reference, value] of Object.entries(secrets)) await file.set(reference, value);
  return dataDir;
}

function openHeadlessFile(dataDir: string): SecretStore {
  const key = loadSecretKey({ keyFilePath: path.join(dataDir, 'secret.key') });
  return createEncryptedFileSecretStore({ filePath: path.join(dataDir, 'secrets.enc'), key });
}

async function readAll(
  store: SecretStore,
  references: string[],
): Promise<Record<string, string | undefined>> {
  const values: Record<string, string | undefined> = {};
  for (const reference of references) values[reference] = await store.get(reference);
  return values;
}

async function inKeychain(keyring: Keyring, service: string, references: string[]): Promise<string[]> {
  const found: string[] = [];
  for (const reference of references)
    if ((await keyring.get(service, reference)) !== undefined) found.push(reference);
  return found;
}

const secrets = {
  'provider:openai:0': 'sk-openai-0000000000000000',
  'provider:openai:1': 'sk-openai-1111111111111111',
  'provider:anthropic:0': 'sk-ant-é✓🔑-2222',
  'provider:vertex:0': JSON.stringify({ type: 'service_account', key: 'x'.repeat(3000) }),
  'provider:proxy:proxy': 'http://user:pa55word@proxy.local:8080',
};
const references = Object.keys(secrets);

it.runIf(process.env.CI && unavailable)('CI has gnome-keyring and dbus for the keychain tests', () => {
  expect(unavailable).toBeUndefined();
});

describe.skipIf(unavailable !== undefined)(
  'openSecretStore with a working keychain (real gnome-keyring)',
  () => {
    let session: KeyringSession;
    const keyring = createNapiKeyring();
    beforeAll(async () => {
      session = await startKeyringSession();
      session.useInThisProcess();
    });
    afterAll(async () => {
      await session?.stop();
    });

    it('uses the keychain on a fresh data folder and writes no secret file or key', async () => {
      const dataDir = tempDirectory('desktop-data-');
      const service = uniqueService();
      const { logger } = capturingLogger();
      const opened = await openSecretStore({ dataDir, service, logger });
      expect(opened.kind).toBe('keychain');
      expect(opened.warning).toBeUndefined();
      await opened.store.set('provider:a:0', 'sk-in-keychain');
      expect(await keyring.get(service, 'provider:a:0')).toBe('sk-in-keychain');
      expect(existsSync(path.join(dataDir, 'secrets.enc'))).toBe(false);
      expect(existsSync(path.join(dataDir, 'secret.key'))).toBe(false);
      // The probe cleans up after itself.
      expect(await keyring.get(service, 'llm-gateway:keychain-probe')).toBeUndefined();
    });

    it('moves every secret of a headless data folder into the keychain and empties the file', async () => {
      const dataDir = await headlessDataFolder(secrets);
      const service = uniqueService();
      const { logger, lines } = capturingLogger();
      const opened = await openSecretStore({ dataDir, service, logger });
      expect(opened.kind).toBe('keychain');
      expect(opened.warning).toBeUndefined();
      expect(await readAll(opened.store, references)).toEqual(secrets);
      expect(await inKeychain(keyring, service, references)).toEqual(references);
      expect(readFileSecretReferences(path.join(dataDir, 'secrets.enc'))).toEqual([]);
      expect(await readAll(openHeadlessFile(dataDir), references)).toEqual(
        Object.fromEntries(references.map((reference) => [reference, undefined])),
      );
      const log = lines.join('');
      expect(log).toMatch(/"moved":5/);
      for (const value of Object.values(secrets)) expect(log).not.toContain(value);
    });

    for (const [crash, method] of [
      ['before a secret reaches the keychain', 'set'],
      ['after a secret reached the keychain, before the file let go of it', 'get'],
    ] as const) {
      it(`loses nothing when the move is interrupted ${crash}, and finishes at the next start`, async () => {
        const dataDir = await headlessDataFolder(secrets);
        const service = uniqueService();
        const filePath = path.join(dataDir, 'secrets.enc');
        const failing = failingAfter(keyring, method, 2);

        const first = await openSecretStore({
          dataDir,
          service,
          logger: capturingLogger().logger,
          keyring: failing.keyring,
        });
        expect(first.kind).toBe('keychain');
        expect(first.warning).toMatch(
          /^3 of 5 provider keys could not be moved .*injected .* failure.*next start/,
        );
        // Two moved, three left in the file (on a late failure, also in the keychain: the file still wins).
        expect(readFileSecretReferences(filePath)).toEqual(references.slice(2));
        expect(await inKeychain(keyring, service, references)).toEqual(
          method === 'set' ? references.slice(0, 2) : references,
        );
        // The store the app got finds each secret where it is.
        failing.heal();
        expect(await readAll(first.store, references)).toEqual(secrets);

        const second = await openSecretStore({ dataDir, service, logger: capturingLogger().logger });
        expect(second.kind).toBe('keychain');
        expect(second.warning).toBeUndefined();
        expect(await readAll(second.store, references)).toEqual(secrets);
        expect(await inKeychain(keyring, service, references)).toEqual(references);
        expect(readFileSecretReferences(filePath)).toEqual([]);
      });
    }

    it('leaves secrets it cannot decrypt in the file, says so, and moves them once given the right key', async () => {
      // A folder the headless gateway ran on with GATEWAY_SECRET_KEY: no secret.key beside secrets.enc.
      const dataDir = tempDirectory('desktop-data-');
      const key = randomBytes(32);
      const file = createEncryptedFileSecretStore({ filePath: path.join(dataDir, 'secrets.enc'), key });
      for (const [reference, value] of Object.entries(secrets)) await file.set(reference, value);
      const service = uniqueService();

      const withoutKey = await openSecretStore({ dataDir, service, logger: capturingLogger().logger });
      expect(withoutKey.kind).toBe('keychain');
      expect(withoutKey.warning).toMatch(/^5 of 5 provider keys could not be moved .*Cannot decrypt secret/);
      await expect(withoutKey.store.get('provider:openai:0')).rejects.toThrow(/wrong secret key/);
      expect(await inKeychain(keyring, service, references)).toEqual([]);

      const withKey = await openSecretStore({
        dataDir,
        service,
        logger: capturingLogger().logger,
        secretKey: key.toString('base64'),
      });
      expect(withKey.warning).toBeUndefined();
      expect(await readAll(withKey.store, references)).toEqual(secrets);
      expect(readFileSecretReferences(path.join(dataDir, 'secrets.enc'))).toEqual([]);
    });

    it('refuses a damaged secret file with a message naming it', async () => {
      const dataDir = tempDirectory('desktop-data-');
      writeFileSync(path.join(dataDir, 'secrets.enc'), '{"version": 1, "entries": {"provider:a:0": ');
      await expect(
        openSecretStore({ dataDir, service: uniqueService(), logger: capturingLogger().logger }),
      ).rejects.toThrow(new RegExp(`secrets\\.enc`));
    });

    it('takes the file value when a secret is in both (the file is the truth until it lets go)', async () => {
      const dataDir = await headlessDataFolder({ 'provider:a:0': 'sk-from-file' });
      const service = uniqueService();
      await keyring.set(service, 'provider:a:0', 'sk-stale-in-keychain');
      const opened = await openSecretStore({ dataDir, service, logger: capturingLogger().logger });
      expect(await opened.store.get('provider:a:0')).toBe('sk-from-file');
      expect(await keyring.get(service, 'provider:a:0')).toBe('sk-from-file');
    });

    it('writes to the keychain and deletes everywhere while secrets are still in the file', async () => {
      const dataDir = await headlessDataFolder(secrets);
      const service = uniqueService();
      const filePath = path.join(dataDir, 'secrets.enc');
      const failing = failingAfter(keyring, 'set', 0);
      const opened = await openSecretStore({
        dataDir,
        service,
        logger: capturingLogger().logger,
        keyring: failing.keyring,
      });
      expect(readFileSecretReferences(filePath)).toEqual(references);
      failing.heal();

      await opened.store.set('provider:openai:0', 'sk-replaced');
      expect(await opened.store.get('provider:openai:0')).toBe('sk-replaced');
      expect(await keyring.get(service, 'provider:openai:0')).toBe('sk-replaced');
      await opened.store.delete('provider:openai:1');
      expect(await opened.store.get('provider:openai:1')).toBeUndefined();
      expect(readFileSecretReferences(filePath)).toEqual(references.slice(2));

      const next = await openSecretStore({ dataDir, service, logger: capturingLogger().logger });
      expect(await readAll(next.store, references)).toEqual({
        ...secrets,
        'provider:openai:0': 'sk-replaced',
        'provider:openai:1': undefined,
      });
      expect(readFileSecretReferences(filePath)).toEqual([]);
    });
  },
);

/**
 * Runs the child script in `env`; with `keyring: 'started, not unlocked'` inside a D-Bus session of
 * its own whose gnome-keyring is started without a password (no display, so no prompt can answer).
 */
function runChild(
  env: NodeJS.ProcessEnv,
  dataDir: string,
  keyring: 'none' | 'started, not unlocked',
): Promise<{ kind: string; warning?: string; readBack?: string; logs: string[] }> {
  const node = [
    process.execPath,
    '--import',
    tsxLoader,
    childScript,
    dataDir,
    uniqueService(),
    'provider:a:0',
    'sk-child-secret-123',
  ];
  const startKeyring = withKeyringDaemon('"$@"', { unlock: false });
  const [command, ...args] =
    keyring === 'none' ? node : ['dbus-run-session', '--', 'sh', '-c', startKeyring, 'sh', ...node];
  return new Promise((resolve, reject) => {
    const child = spawn(command!, args, { env, cwd: repository, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      const line = stdout.trim().split('\n').at(-1) ?? '';
      if (code !== 0 || !line.startsWith('{'))
        reject(new Error(`child exited ${code}: ${stdout}\n${stderr}`));
      else resolve(JSON.parse(line));
    });
  });
}

describe.skipIf(unavailable !== undefined)('openSecretStore without a usable keychain', () => {
  async function expectEncryptedFileFallback(
    result: Awaited<ReturnType<typeof runChild>>,
    dataDir: string,
    reason: RegExp,
  ): Promise<void> {
    expect(result.kind).toBe('file');
    expect(result.warning).toMatch(/^The system keychain is not available \(/);
    expect(result.warning).toMatch(reason);
    expect(result.warning).toMatch(/encrypted file/);
    expect(result.readBack).toBe('sk-child-secret-123');
    const filePath = path.join(dataDir, 'secrets.enc');
    expect(readFileSync(filePath, 'utf8')).not.toContain('sk-child-secret-123');
    expect(await openHeadlessFile(dataDir).get('provider:a:0')).toBe('sk-child-secret-123');
    expect(result.logs.join('')).toMatch(/system keychain unavailable/);
    expect(result.logs.join('')).not.toContain('sk-child-secret-123');
  }

  it('falls back to the encrypted file, with a warning, when there is no session bus', async () => {
    const home = tempDirectory('no-bus-home-');
    const dataDir = tempDirectory('desktop-data-');
    const env = {
      ...isolatedEnvironment(home),
      DBUS_SESSION_BUS_ADDRESS: `unix:path=${path.join(home, 'no-bus')}`,
    };
    const result = await runChild(env, dataDir, 'none');
    await expectEncryptedFileFallback(result, dataDir, /Failed to connect to socket/);
  });

  it('falls back when the Secret Service has no keyring yet (never set up)', async () => {
    const dataDir = tempDirectory('desktop-data-');
    const result = await runChild(
      isolatedEnvironment(tempDirectory('empty-home-')),
      dataDir,
      'started, not unlocked',
    );
    await expectEncryptedFileFallback(result, dataDir, /no result found/);
  });

  it('falls back when the keyring is locked and its unlock prompt cannot be answered', async () => {
    const dataDir = tempDirectory('desktop-data-');
    const env = await createLockedKeyringHome(tempDirectory('locked-home-'));
    const result = await runChild(env, dataDir, 'started, not unlocked');
    await expectEncryptedFileFallback(result, dataDir, /unlock prompt was dismissed/);
  });
});
