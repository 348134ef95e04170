import { describe, expect, it } from 'vitest';
import { ClientSetupError } from './client-setup-error.ts';
import { clientSetupInputSchema } from './client-setup-input.ts';
import { editClaudeCodeSettings } from './edit-claude-code-settings.ts';

const options = clientSetupInputSchema.parse({
  client: 'claude-code',
  homeDir: '/home/me',
  gatewayUrl: 'http://127.0.0.1:3000/',
  apiKey: 'sk-gateway-0123456789abcdef',
  model: 'smart',
});
const file = '/home/me/.claude/settings.json';
const edit = (before: string | undefined): string => editClaudeCodeSettings(file, before, options).after;

/**
 * The lines of `before` that do not hold a key the setup writes appear in `after`, byte for byte and
 * in order; the one change allowed is the comma JSON needs after what was the last member.
 */
function expectOtherLinesKept(before: string, after: string): void {
  const ours = /"(ANTHROPIC_[A-Z_]+|model)"|^\s*\}?,?\s*$/;
  const kept = before.split('\n').filter((line) => !ours.test(line));
  const afterLines = after.split('\n');
  let cursor = 0;
  for (const line of kept) {
    const found = afterLines.findIndex(
      (candidate, index) => index >= cursor && (candidate === line || candidate === `${line},`),
    );
    expect(found, `line kept: ${JSON.stringify(line)}`).toBeGreaterThanOrEqual(0);
    cursor = found + 1;
  }
}

describe('editClaudeCodeSettings', () => {
  it('adds env and model to a file without them, touching nothing else', () => {
    const before = [
      '{',
      '  "$schema": "https://json.schemastore.org/claude-code-settings.json",',
      '  "permissions": {',
      '    "allow": ["Bash(npm test:*)", "Read(~/.zshrc)"],',
      '    "deny": []',
      '  },',
      '  "hooks": {"PostToolUse": [{"matcher": "Edit", "hooks": [{"type": "command", "command": "npx prettier --write"}]}]},',
      '  "includeCoAuthoredBy": false',
      '}',
      '',
    ].join('\n');
    expect(edit(before)).toBe(
      [
        '{',
        '  "$schema": "https://json.schemastore.org/claude-code-settings.json",',
        '  "permissions": {',
        '    "allow": ["Bash(npm test:*)", "Read(~/.zshrc)"],',
        '    "deny": []',
        '  },',
        '  "hooks": {"PostToolUse": [{"matcher": "Edit", "hooks": [{"type": "command", "command": "npx prettier --write"}]}]},',
        '  "includeCoAuthoredBy": false,',
        '  "env": {',
        '    "ANTHROPIC_BASE_URL": "http://127.0.0.1:3000",',
        '    "ANTHROPIC_AUTH_TOKEN": "sk-gateway-0123456789abcdef",',
        '    "ANTHROPIC_DEFAULT_OPUS_MODEL": "smart",',
        '    "ANTHROPIC_DEFAULT_SONNET_MODEL": "smart",',
        '    "ANTHROPIC_DEFAULT_HAIKU_MODEL": "smart"',
        '  },',
        '  "model": "smart"',
        '}',
        '',
      ].join('\n'),
    );
    expectOtherLinesKept(before, edit(before));
  });

  it('replaces existing values in place and keeps the other env variables and keys', () => {
    const before = [
      '{',
      '    "model": "opus",',
      '    "env": {',
      '        "DISABLE_TELEMETRY": "1",',
      '        "ANTHROPIC_BASE_URL": "https://api.example.com",',
      '        "ANTHROPIC_MODEL": "claude-opus-4-1",',
      '        "ANTHROPIC_AUTH_TOKEN": "sk-old-token-9999999999",',
      '        "BASH_DEFAULT_TIMEOUT_MS": "60000"',
      '    },',
      '    "cleanupPeriodDays": 30',
      '}',
    ].join('\n');
    const after = edit(before);
    expect(after).toBe(
      [
        '{',
        '    "model": "smart",',
        '    "env": {',
        '        "DISABLE_TELEMETRY": "1",',
        '        "ANTHROPIC_BASE_URL": "http://127.0.0.1:3000",',
        // ANTHROPIC_MODEL would override "model": it is updated because the file already had it.
        '        "ANTHROPIC_MODEL": "smart",',
        '        "ANTHROPIC_AUTH_TOKEN": "sk-gateway-0123456789abcdef",',
        '        "BASH_DEFAULT_TIMEOUT_MS": "60000",',
        '        "ANTHROPIC_DEFAULT_OPUS_MODEL": "smart",',
        '        "ANTHROPIC_DEFAULT_SONNET_MODEL": "smart",',
        '        "ANTHROPIC_DEFAULT_HAIKU_MODEL": "smart"',
        '    },',
        '    "cleanupPeriodDays": 30',
        '}',
      ].join('\n'),
    );
    expectOtherLinesKept(before, after);
  });

  it('keeps a Windows (CRLF) file CRLF, and tab indentation', () => {
    const before = '{\r\n\t"env": {\r\n\t\t"FOO": "bar"\r\n\t}\r\n}\r\n';
    const after = edit(before);
    expect(after).toBe(
      '{\r\n\t"env": {\r\n\t\t"FOO": "bar",\r\n' +
        '\t\t"ANTHROPIC_BASE_URL": "http://127.0.0.1:3000",\r\n' +
        '\t\t"ANTHROPIC_AUTH_TOKEN": "sk-gateway-0123456789abcdef",\r\n' +
        '\t\t"ANTHROPIC_DEFAULT_OPUS_MODEL": "smart",\r\n' +
        '\t\t"ANTHROPIC_DEFAULT_SONNET_MODEL": "smart",\r\n' +
        '\t\t"ANTHROPIC_DEFAULT_HAIKU_MODEL": "smart"\r\n' +
        '\t},\r\n\t"model": "smart"\r\n}\r\n',
    );
    expect(after.replace(/\r\n/g, '')).not.toContain('\n');
  });

  it('creates the file content from nothing, from a blank file and from {}', () => {
    const expected =
      '{\n  "env": {\n    "ANTHROPIC_BASE_URL": "http://127.0.0.1:3000",\n' +
      '    "ANTHROPIC_AUTH_TOKEN": "sk-gateway-0123456789abcdef",\n' +
      '    "ANTHROPIC_DEFAULT_OPUS_MODEL": "smart",\n    "ANTHROPIC_DEFAULT_SONNET_MODEL": "smart",\n' +
      '    "ANTHROPIC_DEFAULT_HAIKU_MODEL": "smart"\n  },\n  "model": "smart"\n}\n';
    expect(edit(undefined)).toBe(expected);
    expect(edit('  \n')).toBe(expected);
    expect(edit('{}\n')).toBe(expected);
    expect(JSON.parse(edit('{"a":1}'))).toEqual({ a: 1, env: JSON.parse(expected).env, model: 'smart' });
    // A one-line file stays one line, in its own spacing.
    expect(edit('{"a":1}')).toMatch(/^\{"a":1,"env":\{"ANTHROPIC_BASE_URL":"http:\/\/127\.0\.0\.1:3000",/);
    expect(edit('{"a": 1, "b": 2}')).toMatch(/^\{"a": 1, "b": 2, "env": \{"ANTHROPIC_BASE_URL":"http/);
  });

  it('keeps a byte-order mark and a file without a final newline', () => {
    const after = edit('\uFEFF{\n  "a": 1\n}');
    expect(after.startsWith('\uFEFF{\n  "a": 1,\n  "env"')).toBe(true);
    expect(after.endsWith('"model": "smart"\n}')).toBe(true);
  });

  it('refuses bad JSON, naming the file and the place, without quoting the file', () => {
    const before = '{\n  "env": {\n    "ANTHROPIC_AUTH_TOKEN": "sk-secret-in-a-broken-file" oops\n  }\n}\n';
    let error: unknown;
    try {
      edit(before);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ClientSetupError);
    expect((error as ClientSetupError).code).toBe('malformed-file');
    expect((error as Error).message).toMatch(
      /^\/home\/me\/\.claude\/settings\.json is not valid JSON \(.*line 3, column/,
    );
    expect((error as Error).message).toMatch(/left as it is/);
    expect((error as Error).message).not.toContain('sk-secret');
  });

  it('refuses a file that is not an object, or whose env is not one', () => {
    expect(() => edit('[1, 2]')).toThrow(/must hold a JSON object/);
    expect(() => edit('{"env": "x"}')).toThrow(/"env" in .* must be an object/);
  });

  it('notes an ANTHROPIC_API_KEY it leaves alone, and lists the keys to mask', () => {
    const result = editClaudeCodeSettings(
      file,
      '{"env": {"ANTHROPIC_API_KEY": "sk-ant-api-key-1111111", "ANTHROPIC_AUTH_TOKEN": "sk-old-2222222222"}}',
      options,
    );
    expect(result.notes).toEqual([expect.stringMatching(/^ANTHROPIC_API_KEY is also set in this file/)]);
    expect(result.secrets).toEqual([
      'sk-gateway-0123456789abcdef',
      'sk-old-2222222222',
      'sk-ant-api-key-1111111',
    ]);
    expect(JSON.parse(result.after).env.ANTHROPIC_API_KEY).toBe('sk-ant-api-key-1111111');
  });
});
