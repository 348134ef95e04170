/** Start-up checks: a free port, the gateway's health, and that every benchmarked route answers correctly. */
import { Agent } from 'node:http';
import { createServer } from 'node:net';
import type { ChildService } from './child-processes.ts';
import { timeRequest, type HttpTarget } from './latency.ts';
import type { BenchTargets } from './bench-targets.ts';

/** A port free on 127.0.0.1 right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Poll `GET <healthPath>` until it answers 200; fail early if the process exits. */
export async function waitForHealth(
  service: ChildService,
  baseUrl: string,
  timeoutMs: number,
  healthPath = '/healthz',
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (service.hasExited())
      throw new Error(`${service.name} exited during start-up:\n${service.recentOutput()}`);
    try {
      const response = await fetch(`${baseUrl}${healthPath}`);
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${service.name} not healthy after ${timeoutMs} ms:\n${service.recentOutput()}`);
}

const expectedText = 'The quick brown fox jumps over the lazy dog.';

async function expectAnswer(
  target: HttpTarget,
  agent: Agent,
  check: (body: string) => boolean,
): Promise<void> {
  const response = await timeRequest(target, agent);
  if (response.status !== 200 || !check(response.body)) {
    throw new Error(
      `${target.name} (${target.url}) answered HTTP ${response.status}: ${response.body.slice(0, 400)}`,
    );
  }
}

/** Stream text deltas joined, for either SSE dialect. */
function streamedText(body: string): string {
  return [...body.matchAll(/"(?:content|text)":"([^"]*)"/g)].map((match) => match[1]).join('');
}

/**
 * Every route must serve the mock's full answer before anything is timed.
 * Retries briefly: the gateway applies admin changes by rebuilding its snapshot asynchronously.
 */
export async function checkRoutes(targets: BenchTargets, timeoutMs = 10_000): Promise<void> {
  const agent = new Agent({ keepAlive: false });
  const nonStream = (body: string): boolean => body.includes(expectedText);
  const chatStream = (body: string): boolean =>
    body.includes('data: [DONE]') && streamedText(body) === expectedText;
  const anthropicStream = (body: string): boolean =>
    body.includes('event: message_stop') && streamedText(body) === expectedText;
  const checks: Array<[HttpTarget, (body: string) => boolean]> = [
    [targets.directChat, nonStream],
    [targets.floorChat, nonStream],
    [targets.gatewayChat, nonStream],
    [targets.gatewayVirtualChat, nonStream],
    [targets.directStream, chatStream],
    [targets.floorStream, chatStream],
    [targets.gatewayStream, chatStream],
    [targets.gatewayTranslatedStream, anthropicStream],
    [targets.portkeyChat, nonStream],
    [targets.portkeyStream, chatStream],
  ];
  const deadline = Date.now() + timeoutMs;
  try {
    for (const [target, check] of checks) {
      for (;;) {
        try {
          await expectAnswer(target, agent, check);
          break;
        } catch (error) {
          if (Date.now() > deadline) throw error;
          await new Promise((resolve) => setTimeout(resolve, 200));
        }
      }
    }
  } finally {
    agent.destroy();
  }
}
