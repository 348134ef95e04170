import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyPasteSnippets, type ClientSnippet } from '../../src-shared/client-snippets.ts';
import { startMockUpstream, type MockUpstream } from '../support/mock-upstream.ts';
import { startTestGateway, type TestGateway } from '../support/start-test-gateway.ts';

/**
 * The "Connect a client" snippets, run for real where this machine can: the curl
 * commands through a shell and the JavaScript SDK snippets through Node, against a
 * real gateway on 127.0.0.1 with a mock upstream. The rest are parsed.
 */
const repository = path.resolve(import.meta.dirname, '../..');
const hasPython = spawnSync('python3', ['--version']).status === 0;

let upstream: MockUpstream;
let harness: TestGateway;
let snippets: ClientSnippet[];
let key: string;

beforeAll(async () => {
  upstream = await startMockUpstream({ defaultReply: { kind: 'text', text: 'Hello from the snippet test' } });
  harness = await startTestGateway();
  await harness.addModel({ upstreamUrl: upstream.url, name: 'smart' });
  key = await harness.addKey({ name: 'snippets' });
  snippets = copyPasteSnippets({ gatewayUrl: `${harness.url}/v1/`, apiKey: key, model: 'smart' });
});
afterAll(async () => {
  await harness?.stop();
  await upstream?.close();
});

const snippet = (id: string): ClientSnippet => {
  const found = snippets.find((candidate) => candidate.id === id);
  if (!found) throw new Error(`no snippet ${id}`);
  return found;
};

/** A child process, awaited without blocking: the gateway answering it runs in this process. */
function run(
  command: string,
  args: string[],
  input?: string,
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: repository, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
    // A child that exits before reading its input: its status and stderr say why, not an EPIPE.
    child.stdin.on('error', () => undefined);
    child.stdin.end(input ?? '');
  });
}

describe('copyPasteSnippets', () => {
  it('covers the other clients, each with the URL, key and model', async () => {
    expect(snippets.map((entry) => entry.id)).toEqual([
      'cline',
      'continue',
      'cursor',
      'opencode',
      'curl-openai',
      'curl-anthropic',
      'openai-python',
      'openai-js',
      'anthropic-python',
      'anthropic-js',
    ]);
    for (const entry of snippets) {
      expect(entry.text, entry.id).toContain(key);
      expect(entry.text, entry.id).toContain('smart');
      expect(entry.text, entry.id).toContain(harness.url);
      expect(entry.text, entry.id).not.toContain('/v1/v1');
    }
    expect(snippet('cline').text).toContain(`Base URL: ${harness.url}/v1\n`);
    expect(snippet('cursor').note).toMatch(/cannot reach 127\.0\.0\.1/);
  });

  for (const id of ['curl-openai', 'curl-anthropic']) {
    it(`${id} answers through the gateway when pasted into a shell`, async () => {
      const result = await run('sh', ['-c', `${snippet(id).text} --silent --show-error`]);
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      expect(result.stdout).toContain('Hello from the snippet test');
    });
  }

  for (const id of ['openai-js', 'anthropic-js']) {
    it(`${id} runs as written with the installed SDK and prints the answer`, async () => {
      const result = await run(process.execPath, ['--input-type=module', '-e', snippet(id).text]);
      expect(result.stderr).toBe('');
      expect(result.stdout.trim()).toBe('Hello from the snippet test');
    });
  }

  it.runIf(hasPython)('the Python snippets are valid Python', async () => {
    for (const id of ['openai-python', 'anthropic-python']) {
      const result = await run(
        'python3',
        ['-c', 'import ast, sys; ast.parse(sys.stdin.read())'],
        snippet(id).text,
      );
      expect(result.stderr, id).toBe('');
      expect(result.status, id).toBe(0);
    }
    expect(snippet('anthropic-python').text).toContain(`base_url="${harness.url}"`);
  });

  it('opencode gets a valid config naming the provider and model', async () => {
    const config = JSON.parse(snippet('opencode').text);
    expect(config.provider['llm-gateway'].options).toEqual({ baseURL: `${harness.url}/v1`, apiKey: key });
    expect(config.provider['llm-gateway'].models).toEqual({ smart: { name: 'smart' } });
    expect(config.model).toBe('llm-gateway/smart');
  });

  it('Continue gets its YAML with each value quoted', async () => {
    expect(snippet('continue').text).toBe(
      [
        'models:',
        '  - name: LLM Gateway',
        '    provider: openai',
        '    model: "smart"',
        `    apiBase: "${harness.url}/v1"`,
        `    apiKey: "${key}"`,
        '    roles: [chat, edit, apply]',
      ].join('\n'),
    );
  });

  it('quotes values for the shell and for code, whatever they hold', async () => {
    const odd = copyPasteSnippets({
      gatewayUrl: 'http://127.0.0.1:3000',
      apiKey: "sk-it's",
      model: 'say "hi" $HOME',
    });
    const printed = await run('sh', [
      '-c',
      `curl() { printf '%s\\n' "$@"; }\n${odd.find((entry) => entry.id === 'curl-openai')!.text}`,
    ]);
    expect(printed.stdout.split('\n')).toEqual([
      'http://127.0.0.1:3000/v1/chat/completions',
      '-H',
      "Authorization: Bearer sk-it's",
      '-H',
      'Content-Type: application/json',
      '-d',
      JSON.stringify({ model: 'say "hi" $HOME', messages: [{ role: 'user', content: 'Hello' }] }),
      '',
    ]);
    const js = odd.find((entry) => entry.id === 'openai-js')!.text;
    expect(js).toContain(`model: "say \\"hi\\" $HOME",`);
  });
});
