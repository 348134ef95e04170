import { parse } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import { ClientSetupError } from './client-setup-error.ts';
import { clientSetupInputSchema } from './client-setup-input.ts';
import { editCodexConfig } from './edit-codex-config.ts';

const options = clientSetupInputSchema.parse({
  client: 'codex',
  homeDir: '/home/me',
  gatewayUrl: 'http://127.0.0.1:3000',
  apiKey: 'sk-gateway-0123456789abcdef',
  model: 'smart',
});
const file = '/home/me/.codex/config.toml';
const edit = (before: string | undefined): string => editCodexConfig(file, before, options).after;

const provider = [
  '[model_providers.llm-gateway]',
  'name = "LLM Gateway"',
  'base_url = "http://127.0.0.1:3000/v1"',
  'wire_api = "responses"',
  'env_key = "LLM_GATEWAY_API_KEY"',
];

/** A config a Codex user might have: comments everywhere, arrays over lines, strings that look like TOML. */
const busyConfig = [
  '# Codex settings',
  'model = "gpt-5-codex"   # changed often',
  "approval_policy = 'on-request'",
  'notify = [',
  '  "notify-send",  # a comment inside an array',
  '  "Codex [done]",',
  ']',
  'instructions = """',
  'model = "not a key"',
  '[not.a.table]',
  '"""',
  'started = 1979-05-27 07:32:00Z',
  'tui = { theme = "dark", "odd key" = "x = y" }',
  '',
  '# the proxy I use at work',
  '[model_providers.work]',
  'name = "Work"',
  'base_url = "https://llm.work.example/v1"',
  'env_http_headers = { "X-Team" = "TEAM_ID" }',
  '',
  '[projects."/home/me/code"]',
  'trust_level = "trusted"',
  '',
  '[[mcp_servers.list]]',
  'command = "npx"',
  '',
].join('\n');

describe('editCodexConfig', () => {
  it('sets the top-level keys in place and adds the provider table, every other byte kept', () => {
    expect(edit(busyConfig)).toBe(
      [
        '# Codex settings',
        'model = "smart"   # changed often',
        "approval_policy = 'on-request'",
        'notify = [',
        '  "notify-send",  # a comment inside an array',
        '  "Codex [done]",',
        ']',
        'instructions = """',
        'model = "not a key"',
        '[not.a.table]',
        '"""',
        'started = 1979-05-27 07:32:00Z',
        'tui = { theme = "dark", "odd key" = "x = y" }',
        'model_provider = "llm-gateway"',
        '',
        '# the proxy I use at work',
        '[model_providers.work]',
        'name = "Work"',
        'base_url = "https://llm.work.example/v1"',
        'env_http_headers = { "X-Team" = "TEAM_ID" }',
        '',
        '[projects."/home/me/code"]',
        'trust_level = "trusted"',
        '',
        '[[mcp_servers.list]]',
        'command = "npx"',
        '',
        ...provider,
        '',
      ].join('\n'),
    );
  });

  it('updates an existing llm-gateway table in place and keeps the keys it does not own', () => {
    const before = [
      'model_provider = "llm-gateway"',
      'model = "old"',
      '',
      '[model_providers.llm-gateway]',
      'name = "My gateway" # renamed by hand',
      'base_url = "http://127.0.0.1:4000/v1"',
      'request_max_retries = 2',
      '',
      '[model_providers.llm-gateway.http_headers]',
      'X-Debug = "1"',
      '',
    ].join('\n');
    expect(edit(before)).toBe(
      [
        'model_provider = "llm-gateway"',
        'model = "smart"',
        '',
        '[model_providers.llm-gateway]',
        'name = "LLM Gateway" # renamed by hand',
        'base_url = "http://127.0.0.1:3000/v1"',
        'request_max_retries = 2',
        'wire_api = "responses"',
        'env_key = "LLM_GATEWAY_API_KEY"',
        '',
        '[model_providers.llm-gateway.http_headers]',
        'X-Debug = "1"',
        '',
      ].join('\n'),
    );
  });

  it('writes a new file, and puts top-level keys before the first table of a file without any', () => {
    expect(edit(undefined)).toBe(
      ['model = "smart"', 'model_provider = "llm-gateway"', '', ...provider, ''].join('\n'),
    );
    expect(edit('[features]\nweb_search = true\n')).toBe(
      [
        'model = "smart"',
        'model_provider = "llm-gateway"',
        '',
        '[features]',
        'web_search = true',
        '',
        ...provider,
        '',
      ].join('\n'),
    );
    // No final newline: one is added before the new table, the last line is otherwise kept.
    expect(edit('model = "x"')).toBe(
      ['model = "smart"', 'model_provider = "llm-gateway"', '', ...provider, ''].join('\n'),
    );
  });

  it('keeps a Windows (CRLF) file CRLF', () => {
    const after = edit('# c\r\nmodel = "x"\r\n\r\n[features]\r\nweb_search = true\r\n');
    expect(after).toBe(
      [
        '# c',
        'model = "smart"',
        'model_provider = "llm-gateway"',
        '',
        '[features]',
        'web_search = true',
        '',
        ...provider,
        '',
      ].join('\r\n'),
    );
  });

  it('escapes a model name so the file stays valid TOML', () => {
    const tricky = { ...options, model: 'a "quoted" \\ name\u007f' };
    const after = editCodexConfig(file, 'model = "x"\n', tricky).after;
    expect(parse(after).model).toBe('a "quoted" \\ name\u007f');
  });

  it('refuses bad TOML, naming the file and the place, without quoting the file', () => {
    const before =
      'model = "x"\n[model_providers.work]\nexperimental_bearer_token = "sk-secret-in-a-broken-file" oops\n';
    let error: unknown;
    try {
      edit(before);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ClientSetupError);
    expect((error as ClientSetupError).code).toBe('malformed-file');
    expect((error as Error).message).toMatch(
      /^\/home\/me\/\.codex\/config\.toml is not valid TOML \(.* at line 3, column \d+\)/,
    );
    expect((error as Error).message).not.toContain('sk-secret');
  });

  it('refuses forms it cannot edit safely instead of guessing', () => {
    for (const before of [
      'model_providers = { llm-gateway = { name = "x" } }\n',
      '[model_providers]\nllm-gateway.base_url = "http://elsewhere/v1"\n',
    ]) {
      expect(() => edit(before)).toThrow(ClientSetupError);
      expect(() => edit(before)).toThrow(/cannot edit safely/);
    }
  });

  it('asks the user to export the key, and updates a bearer token the user chose to keep in the file', () => {
    const plain = editCodexConfig(file, undefined, options);
    expect(plain.environment).toEqual({ LLM_GATEWAY_API_KEY: 'sk-gateway-0123456789abcdef' });
    expect(plain.notes[0]).toMatch(/export LLM_GATEWAY_API_KEY=sk-…cdef/);
    expect(plain.notes.join(' ')).not.toContain('sk-gateway-0123456789abcdef');
    expect(plain.after).not.toContain('sk-gateway');

    const withToken = editCodexConfig(
      file,
      '[model_providers.llm-gateway]\nexperimental_bearer_token = "sk-old-token-777777777"\n',
      options,
    );
    const table = (parse(withToken.after).model_providers as any)['llm-gateway'];
    expect(table.experimental_bearer_token).toBe('sk-gateway-0123456789abcdef');
    expect(withToken.secrets).toEqual(['sk-gateway-0123456789abcdef', 'sk-old-token-777777777']);
  });
});
