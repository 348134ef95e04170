/**
 * The lifecycle every protocol-fidelity test file shares, registered once:
 * start the protocol harness before the file's tests, check after each test
 * that every stream an SDK received was grammatical, close it after them.
 *
 * ```ts
 * const setup = useProtocolHarness();
 * it('…', async () => {
 *   setup.upstream.enqueue({ kind: 'text', text: 'Hi' });
 *   await setup.openai.chat.completions.create({ model: 'via-gemini', messages });
 * });
 * ```
 */
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { startProtocolHarness, type ProtocolHarness } from './protocol-harness.ts';
import { createValidatingFetch, type ValidatingFetch } from './validating-fetch.ts';

export interface ProtocolSuiteOptions {
  /** Streams not to grammar-check (see `createValidatingFetch`). */
  skip?: (path: string, model: string) => boolean;
  /** Extra set-up once the harness runs, such as another model. */
  prepare?: (harness: ProtocolHarness) => Promise<unknown>;
}

/** What `ProtocolHarness` offers (readable once the file's tests run), plus SDK clients on the gateway. */
export interface ProtocolSuite extends Omit<ProtocolHarness, 'close'> {
  /** The fetch every client below uses; it grammar-checks each stream it carries. */
  readonly streams: ValidatingFetch;
  /** The `openai` SDK on the gateway with the harness key. */
  readonly openai: OpenAI;
  /** `@anthropic-ai/sdk` 1.x on the gateway with the harness key. */
  readonly anthropic: Anthropic;
  /** Options for another `openai` client (another key, another SDK major), streams checked too. */
  openaiOptions(apiKey?: string): { apiKey: string; baseURL: string; maxRetries: 0; fetch: typeof fetch };
  /** Options for another Anthropic client (another key, another SDK major), streams checked too. */
  anthropicOptions(apiKey?: string): { apiKey: string; baseURL: string; maxRetries: 0; fetch: typeof fetch };
}

/** Register the shared hooks in the calling test file and return its harness. */
export function useProtocolHarness(options: ProtocolSuiteOptions = {}): ProtocolSuite {
  const streams = createValidatingFetch({ skip: options.skip });
  let harness: ProtocolHarness | undefined;
  let openai: OpenAI | undefined;
  let anthropic: Anthropic | undefined;
  const started = (): ProtocolHarness => {
    if (!harness) throw new Error('the protocol harness is started in beforeAll');
    return harness;
  };

  beforeAll(async () => {
    harness = await startProtocolHarness();
    await options.prepare?.(harness);
  });
  afterEach(async () => {
    expect(await streams.violations()).toEqual([]);
  });
  afterAll(async () => {
    await harness?.close();
  });

  const suite: ProtocolSuite = {
    streams,
    get upstream() {
      return started().upstream;
    },
    get gateway() {
      return started().gateway;
    },
    get key() {
      return started().key;
    },
    get url() {
      return started().url;
    },
    post: (path, body, headers) => started().post(path, body, headers),
    lastGeneration: () => started().lastGeneration(),
    openaiOptions: (apiKey = suite.key) => ({
      apiKey,
      baseURL: `${suite.url}/v1`,
      maxRetries: 0,
      fetch: streams.fetch,
    }),
    anthropicOptions: (apiKey = suite.key) => ({
      apiKey,
      baseURL: suite.url,
      maxRetries: 0,
      fetch: streams.fetch,
    }),
    get openai() {
      return (openai ??= new OpenAI(suite.openaiOptions()));
    },
    get anthropic() {
      return (anthropic ??= new Anthropic(suite.anthropicOptions()));
    },
  };
  return suite;
}
