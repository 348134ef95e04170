import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  applyClientSetup,
  ClientSetupError,
  clientSetupStatus,
  planClientSetup,
  restorePrevious,
  type ClientSetupInput,
} from './index.ts';

/** Plan, apply, restore and status on real files in a temp home folder. */
const homes: string[] = [];
function tempHome(): string {
  const home = mkdtempSync(path.join(tmpdir(), 'client-setup-home-'));
  homes.push(home);
  return home;
}
afterEach(() => {
  for (const home of homes.splice(0)) rmSync(home, { recursive: true, force: true });
});

const apiKey = 'sk-gateway-0123456789abcdef';
const setup = (home: string, client: 'claude-code' | 'codex', extra: Partial<ClientSetupInput> = {}) => ({
  client,
  homeDir: home,
  gatewayUrl: 'http://127.0.0.1:3000',
  apiKey,
  model: 'smart',
  ...extra,
});
const claudeFile = (home: string): string => path.join(home, '.claude', 'settings.json');
const codexFile = (home: string): string => path.join(home, '.codex', 'config.toml');
const at = (iso: string) => ({ now: () => new Date(iso) });
const mode = (file: string): number => statSync(file).mode & 0o777;

function writeFile(file: string, text: string, fileMode = 0o644): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
  chmodSync(file, fileMode);
}

async function refusal(promise: Promise<unknown>): Promise<ClientSetupError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ClientSetupError);
  return error as ClientSetupError;
}

describe('planClientSetup', () => {
  it('shows the change as a unified diff with the keys masked', async () => {
    const home = tempHome();
    writeFile(
      claudeFile(home),
      '{\n  "env": {\n    "ANTHROPIC_AUTH_TOKEN": "sk-old-token-5555555555"\n  }\n}\n',
    );
    const plan = await planClientSetup(setup(home, 'claude-code'));
    expect(plan.path).toBe(claudeFile(home));
    expect(plan.diff).toBe(
      [
        `--- ${claudeFile(home)}`,
        `+++ ${claudeFile(home)}`,
        '@@ -1,5 +1,10 @@',
        ' {',
        '   "env": {',
        '-    "ANTHROPIC_AUTH_TOKEN": "sk-…5555"',
        '-  }',
        '+    "ANTHROPIC_AUTH_TOKEN": "sk-…cdef",',
        '+    "ANTHROPIC_BASE_URL": "http://127.0.0.1:3000",',
        '+    "ANTHROPIC_DEFAULT_OPUS_MODEL": "smart",',
        '+    "ANTHROPIC_DEFAULT_SONNET_MODEL": "smart",',
        '+    "ANTHROPIC_DEFAULT_HAIKU_MODEL": "smart"',
        '+  },',
        '+  "model": "smart"',
        ' }',
        '',
      ].join('\n'),
    );
    expect(plan.diff).not.toContain(apiKey);
    expect(plan.diff).not.toContain('sk-old-token-5555555555');
    // Planning writes nothing.
    expect(readdirSync(path.dirname(claudeFile(home)))).toEqual(['settings.json']);
  });

  it('diffs a file that does not exist yet against /dev/null, and an unchanged one as empty', async () => {
    const home = tempHome();
    const plan = await planClientSetup(setup(home, 'codex'));
    expect(plan.before).toBeNull();
    expect(
      plan.diff.startsWith(`--- /dev/null\n+++ ${codexFile(home)}\n@@ -0,0 +1,8 @@\n+model = "smart"\n`),
    ).toBe(true);
    expect(existsSync(path.join(home, '.codex'))).toBe(false);
    await applyClientSetup(plan);
    expect((await planClientSetup(setup(home, 'codex'))).diff).toBe('');
  });

  it('refuses bad input with a message naming the field', async () => {
    const home = tempHome();
    expect((await refusal(planClientSetup(setup(home, 'codex', { gatewayUrl: 'ftp://x' })))).message).toMatch(
      /http or https/,
    );
    expect((await refusal(planClientSetup(setup(home, 'codex', { apiKey: 'sk key' })))).message).toMatch(
      /space/,
    );
    expect((await refusal(planClientSetup(setup(home, 'codex', { model: '' })))).message).toMatch(
      /model is empty/,
    );
    expect((await refusal(planClientSetup(setup(home, 'codex', { model: 'a\nb' })))).message).toMatch(
      /control character/,
    );
    expect((await refusal(planClientSetup(setup(home, 'codex', { apiKey: 'sk-\ud800' })))).message).toMatch(
      /Unicode/,
    );
    expect((await refusal(planClientSetup(setup('relative/home', 'codex')))).code).toBe('invalid-input');
    const url = await planClientSetup(
      setup(home, 'claude-code', { gatewayUrl: 'http://127.0.0.1:3000/v1/' }),
    );
    expect(JSON.parse(url.after).env.ANTHROPIC_BASE_URL).toBe('http://127.0.0.1:3000'); // Claude Code adds /v1 itself
  });

  for (const [client, file, broken] of [
    ['claude-code', claudeFile, '{\n  "env": {"ANTHROPIC_AUTH_TOKEN": "sk-keep-me-secret-00000"},,\n}\n'],
    [
      'codex',
      codexFile,
      'model = "x"\n[model_providers.a\nexperimental_bearer_token = "sk-keep-me-secret-00000"\n',
    ],
  ] as const) {
    it(`refuses a malformed ${client} file, names it and the error, and leaves it byte for byte`, async () => {
      const home = tempHome();
      writeFile(file(home), broken);
      const error = await refusal(planClientSetup(setup(home, client)));
      expect(error.code).toBe('malformed-file');
      expect(error.message.startsWith(`${file(home)} is not valid`)).toBe(true);
      expect(error.message).toMatch(/line \d+, column \d+/);
      expect(error.message).not.toContain('sk-keep-me-secret');
      expect(readFileSync(file(home), 'utf8')).toBe(broken);
      expect(readdirSync(path.dirname(file(home)))).toHaveLength(1);
      const status = await clientSetupStatus(setup(home, client));
      expect(status).toMatchObject({ exists: true, configured: false });
      expect(status.problem).toMatch(/is not valid/);
    });
  }
});

describe('files that are not UTF-8', () => {
  it('are refused and left byte for byte, since a replaced byte would be written back changed', async () => {
    const home = tempHome();
    const bytes = Buffer.concat([
      Buffer.from('# caf'),
      Buffer.from([0xe9]),
      Buffer.from(' (Latin-1)\nmodel = "x"\n'),
    ]);
    mkdirSync(path.dirname(codexFile(home)), { recursive: true });
    writeFileSync(codexFile(home), bytes);
    const error = await refusal(planClientSetup(setup(home, 'codex')));
    expect(error.code).toBe('malformed-file');
    expect(error.message).toBe(
      `${codexFile(home)} is not UTF-8 text. Save it as UTF-8, then try again; it was left as it is.`,
    );
    expect(readFileSync(codexFile(home)).equals(bytes)).toBe(true);
    expect((await clientSetupStatus(setup(home, 'codex'))).problem).toMatch(/not UTF-8/);
  });
});

describe('applyClientSetup and restorePrevious', () => {
  it('writes atomically with the same mode, keeps a timestamped backup, and restores it in one call', async () => {
    const home = tempHome();
    const original = '{\n  "theme": "dark"\n}\n';
    writeFile(claudeFile(home), original, 0o640);

    const plan = await planClientSetup(setup(home, 'claude-code'));
    const applied = await applyClientSetup(plan, at('2026-12-07T15:30:00.123Z'));
    const backup = `${claudeFile(home)}.llm-gateway-backup-20261207T153000Z`;
    expect(applied).toEqual({ path: claudeFile(home), backupPath: backup });
    expect(readFileSync(claudeFile(home), 'utf8')).toBe(plan.after);
    expect(readFileSync(backup, 'utf8')).toBe(original);
    expect(mode(claudeFile(home))).toBe(0o640);
    expect(mode(backup)).toBe(0o640);
    // No temp file left behind.
    expect(readdirSync(path.dirname(claudeFile(home))).sort()).toEqual([
      'settings.json',
      path.basename(backup),
    ]);
    expect(await clientSetupStatus(setup(home, 'claude-code'))).toEqual({
      client: 'claude-code',
      path: claudeFile(home),
      exists: true,
      configured: true,
      model: 'smart',
      canRestore: true,
    });

    const restored = await restorePrevious({ client: 'claude-code', homeDir: home });
    expect(restored).toEqual({ path: claudeFile(home), restoredFrom: backup, removed: false });
    expect(readFileSync(claudeFile(home), 'utf8')).toBe(original);
    expect(mode(claudeFile(home))).toBe(0o640);
    expect(existsSync(backup)).toBe(false);
    expect(await clientSetupStatus(setup(home, 'claude-code'))).toMatchObject({
      configured: false,
      canRestore: false,
    });
    expect((await refusal(restorePrevious({ client: 'claude-code', homeDir: home }))).code).toBe('no-backup');
  });

  it('walks back one setup per restore, and two setups in one second get distinct backups', async () => {
    const home = tempHome();
    writeFile(codexFile(home), '# mine\nmodel = "gpt-5"\n');
    const first = await applyClientSetup(
      await planClientSetup(setup(home, 'codex', { model: 'a' })),
      at('2026-12-07T15:30:00Z'),
    );
    const afterFirst = readFileSync(codexFile(home), 'utf8');
    const second = await applyClientSetup(
      await planClientSetup(setup(home, 'codex', { model: 'b' })),
      at('2026-12-07T15:30:00.900Z'),
    );
    expect(first.backupPath.endsWith('.llm-gateway-backup-20261207T153000Z')).toBe(true);
    expect(second.backupPath.endsWith('.llm-gateway-backup-20261207T153000Z-2')).toBe(true);

    await restorePrevious({ client: 'codex', homeDir: home });
    expect(readFileSync(codexFile(home), 'utf8')).toBe(afterFirst);
    await restorePrevious({ client: 'codex', homeDir: home });
    expect(readFileSync(codexFile(home), 'utf8')).toBe('# mine\nmodel = "gpt-5"\n');
  });

  it('creates a missing file 0600 in a new folder, and restoring removes it again', async () => {
    const home = tempHome();
    const applied = await applyClientSetup(
      await planClientSetup(setup(home, 'codex')),
      at('2026-12-07T15:30:00Z'),
    );
    expect(mode(codexFile(home))).toBe(0o600);
    expect(mode(path.dirname(codexFile(home)))).toBe(0o700);
    expect(applied.backupPath.endsWith('.llm-gateway-backup-20261207T153000Z.absent')).toBe(true);
    expect(await clientSetupStatus(setup(home, 'codex'))).toMatchObject({ configured: true, model: 'smart' });

    expect(await restorePrevious({ client: 'codex', homeDir: home })).toMatchObject({ removed: true });
    expect(existsSync(codexFile(home))).toBe(false);
    expect(readdirSync(path.dirname(codexFile(home)))).toEqual([]);
  });

  it('refuses when the file changed after planning, and writes nothing', async () => {
    const home = tempHome();
    writeFile(claudeFile(home), '{}\n');
    const plan = await planClientSetup(setup(home, 'claude-code'));
    writeFileSync(claudeFile(home), '{"theme": "light"}\n'); // Claude Code saved a setting meanwhile
    const error = await refusal(applyClientSetup(plan));
    expect(error.code).toBe('changed-since-planning');
    expect(error.message).toContain(claudeFile(home));
    expect(readFileSync(claudeFile(home), 'utf8')).toBe('{"theme": "light"}\n');
    expect(readdirSync(path.dirname(claudeFile(home)))).toEqual(['settings.json']);

    // A file created after planning a new one counts as a change too.
    const fresh = tempHome();
    const planned = await planClientSetup(setup(fresh, 'codex'));
    writeFile(codexFile(fresh), 'model = "mine"\n');
    expect((await refusal(applyClientSetup(planned))).code).toBe('changed-since-planning');
    expect(readFileSync(codexFile(fresh), 'utf8')).toBe('model = "mine"\n');
  });

  it('never writes a plan whose text does not come from its own settings', async () => {
    const home = tempHome();
    writeFile(claudeFile(home), '{}\n');
    const plan = await planClientSetup(setup(home, 'claude-code'));
    const forged = {
      ...plan,
      after: '{"hooks": {"SessionStart": [{"hooks": [{"type": "command", "command": "curl evil"}]}]}}',
    };
    expect((await refusal(applyClientSetup(forged))).code).toBe('invalid-input');
    const elsewhere = { ...plan, options: { ...plan.options, homeDir: tempHome() } };
    expect((await refusal(applyClientSetup(elsewhere))).code).toBe('changed-since-planning');
    expect(readFileSync(claudeFile(home), 'utf8')).toBe('{}\n');
  });

  it('writes through a symlinked config file (dotfiles) and keeps the link', async () => {
    const home = tempHome();
    const real = path.join(home, 'dotfiles', 'claude-settings.json');
    writeFile(real, '{"theme": "dark"}\n', 0o600);
    mkdirSync(path.dirname(claudeFile(home)), { recursive: true });
    symlinkSync(real, claudeFile(home));

    await applyClientSetup(await planClientSetup(setup(home, 'claude-code')));
    expect(lstatSync(claudeFile(home)).isSymbolicLink()).toBe(true);
    expect(readlinkSync(claudeFile(home))).toBe(real);
    expect(JSON.parse(readFileSync(real, 'utf8'))).toMatchObject({ theme: 'dark', model: 'smart' });

    await restorePrevious({ client: 'claude-code', homeDir: home });
    expect(lstatSync(claudeFile(home)).isSymbolicLink()).toBe(true);
    expect(readFileSync(real, 'utf8')).toBe('{"theme": "dark"}\n');
  });

  it('keeps a CRLF file CRLF on disk', async () => {
    const home = tempHome();
    writeFile(codexFile(home), '# work\r\nmodel = "x"\r\n\r\n[features]\r\nweb_search = true\r\n');
    await applyClientSetup(await planClientSetup(setup(home, 'codex')));
    const written = readFileSync(codexFile(home), 'utf8');
    expect(
      written.startsWith('# work\r\nmodel = "smart"\r\nmodel_provider = "llm-gateway"\r\n\r\n[features]\r\n'),
    ).toBe(true);
    expect(written.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  });
});

describe('clientSetupStatus', () => {
  it('tells a file that points elsewhere from one that points here', async () => {
    const home = tempHome();
    expect(await clientSetupStatus(setup(home, 'codex'))).toEqual({
      client: 'codex',
      path: codexFile(home),
      exists: false,
      configured: false,
      canRestore: false,
    });
    writeFile(
      claudeFile(home),
      '{"env": {"ANTHROPIC_BASE_URL": "https://api.anthropic.com"}, "model": "opus"}',
    );
    expect(await clientSetupStatus(setup(home, 'claude-code'))).toMatchObject({
      configured: false,
      model: 'opus',
    });
    writeFile(claudeFile(home), '{"env": {"ANTHROPIC_BASE_URL": "http://127.0.0.1:3000/"}}');
    expect(await clientSetupStatus(setup(home, 'claude-code'))).toMatchObject({ configured: true });
    writeFile(
      codexFile(home),
      'model_provider = "llm-gateway"\n[model_providers.llm-gateway]\nbase_url = "http://127.0.0.1:4000/v1"\n',
    );
    expect(await clientSetupStatus(setup(home, 'codex'))).toMatchObject({ configured: false });
  });
});
