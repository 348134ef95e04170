/**
 * `npm run bench:profile`: where the gateway spends its CPU under load.
 *
 * Starts the mock upstream and the gateway bundle with `--cpu-prof`, drives one
 * scenario with autocannon (BENCH_PROFILE_TARGET: chat | stream | messages | agent, a 400 KB Anthropic pass-through;
 * agent-translated, the same body to a chat upstream; either with `-stream` for the streamed variant;
 * BENCH_THROUGHPUT_SECONDS, default 8), stops the gateway so V8 writes the
 * profile, and prints the heaviest functions by self time and the heaviest
 * source files / packages. The `.cpuprofile` is kept (path printed) for
 * Chrome DevTools or speedscope.
 */
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stopAll, type ChildService } from './child-processes.ts';
import { startGatewayUnderMock } from './gateway-under-mock.ts';
import { measureThroughput } from './throughput.ts';
import { sampleProcess } from './process-stats.ts';
import { provisionScenarioModels } from './provision-scenario-models.ts';
import { agentMessagesBody } from './agent-body.ts';
import type { HttpTarget } from './latency.ts';

const repoRoot = path.resolve(import.meta.dirname, '..');
const seconds = Number(process.env.BENCH_THROUGHPUT_SECONDS ?? 8) || 8;
const targetName = process.env.BENCH_PROFILE_TARGET ?? 'chat';
const connections = Number(process.env.BENCH_PROFILE_CONNECTIONS ?? 32) || 32;

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Where a frame's code lives: a package name, a repo-relative source file, or a V8/Node bucket. */
function owner(url: string, functionName: string): string {
  if (!url) return `(${functionName || 'native'})`;
  const packageMatch = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (packageMatch) return packageMatch[1]!;
  if (url.startsWith('node:')) return url;
  return path.relative(repoRoot, url.replace(/^file:\/\//, ''));
}

function summarise(profile: CpuProfile): void {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfMicros = new Map<number, number>();
  profile.samples.forEach((id, index) => {
    selfMicros.set(id, (selfMicros.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0));
  });
  const total = [...selfMicros.values()].reduce((sum, value) => sum + value, 0);
  const byFunction = new Map<string, number>();
  const byOwner = new Map<string, number>();
  for (const [id, micros] of selfMicros) {
    const frame = byId.get(id)!.callFrame;
    const where = owner(frame.url, frame.functionName);
    const key = `${frame.functionName || '(anonymous)'}  ${where}:${frame.lineNumber + 1}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + micros);
    byOwner.set(where, (byOwner.get(where) ?? 0) + micros);
  }
  const print = (title: string, entries: Map<string, number>, limit: number): void => {
    process.stdout.write(`\n${title}\n`);
    for (const [name, micros] of [...entries].sort((a, b) => b[1] - a[1]).slice(0, limit)) {
      process.stdout.write(`${((micros / total) * 100).toFixed(1).padStart(5)}%  ${name}\n`);
    }
  };
  // Inclusive time of the gateway's own functions (self + callees), outermost frames counted once.
  const inclusive = new Map<string, number>();
  const visit = (id: number, open: Set<string>): number => {
    const node = byId.get(id)!;
    let sum = selfMicros.get(id) ?? 0;
    const frame = node.callFrame;
    const key =
      owner(frame.url, frame.functionName).startsWith('(') ||
      frame.url.includes('node_modules') ||
      frame.url.startsWith('node:')
        ? undefined
        : `${frame.functionName || '(anonymous)'}  ${owner(frame.url, frame.functionName)}:${frame.lineNumber + 1}`;
    const entered = key !== undefined && !open.has(key);
    if (entered) open.add(key);
    for (const child of node.children ?? []) sum += visit(child, open);
    if (entered) {
      open.delete(key);
      inclusive.set(key, (inclusive.get(key) ?? 0) + sum);
    }
    return sum;
  };
  visit(profile.nodes[0]!.id, new Set());
  print('Self time by owner (package, source file, or V8 bucket):', byOwner, 25);
  print('Self time by function:', byFunction, 40);
  print('Inclusive time of gateway functions:', inclusive, 60);
}

/** The chat model a chat target's body names. */
function chatModelOf(body: string): string {
  return (JSON.parse(body) as { model: string }).model;
}

async function main(): Promise<void> {
  const services: ChildService[] = [];
  const dataDirectory = mkdtempSync(path.join(os.tmpdir(), 'llm-gateway-profile-'));
  try {
    const { gateway, targets, admin } = await startGatewayUnderMock({
      services,
      dataDirectory,
      extraNodeArgs: ['--cpu-prof', '--cpu-prof-dir', dataDirectory],
    });
    const agentTarget = async (): Promise<HttpTarget> => {
      // A 400 KB Anthropic Messages body passed through to an Anthropic upstream or translated to chat (issue 20).
      const gatewayUrl = new URL(targets.gatewayChat.url).origin;
      const models = await provisionScenarioModels({
        gatewayUrl,
        ...admin,
        mockUrl: new URL(targets.directChat.url).origin,
        holdMs: 1000,
      });
      const translated = targetName.startsWith('agent-translated');
      const stream = targetName.endsWith('-stream');
      return {
        name: `gateway, 400 KB Anthropic ${translated ? 'translated to chat' : 'pass-through'}${stream ? ', stream' : ''}`,
        url: `${gatewayUrl}/v1/messages`,
        headers: targets.gatewayTranslatedStream.headers,
        body: agentMessagesBody({
          model: translated ? chatModelOf(targets.gatewayChat.body) : models.anthropicModelName,
          targetBytes: 400_000,
          stream,
        }),
      };
    };
    const target = targetName.startsWith('agent')
      ? await agentTarget()
      : targetName === 'stream'
        ? targets.gatewayStream
        : targetName === 'messages'
          ? targets.gatewayTranslatedStream
          : targets.gatewayChat;
    await measureThroughput(target, { connections, durationSeconds: 2 });
    const before = sampleProcess(gateway.pid);
    const result = await measureThroughput(target, { connections, durationSeconds: seconds });
    const after = sampleProcess(gateway.pid);
    const cpuMs = after.cpuMilliseconds - before.cpuMilliseconds;
    process.stdout.write(
      `${target.name}: ${Math.round(result.requestsPerSecond)} req/s, ${result.completed} completed, ` +
        `${result.failures} failures, ${(cpuMs / result.completed).toFixed(3)} ms CPU/request, ` +
        `RSS ${(after.rssBytes / 1024 ** 2).toFixed(1)} MB\n`,
    );
    await gateway.stop(10_000);
    const file = readdirSync(dataDirectory).find((name) => name.endsWith('.cpuprofile'));
    if (!file) throw new Error('the gateway wrote no CPU profile');
    const profilePath = path.join(dataDirectory, file);
    summarise(JSON.parse(readFileSync(profilePath, 'utf8')) as CpuProfile);
    process.stdout.write(`\nProfile: ${profilePath}\n`);
  } finally {
    await stopAll(services);
  }
}

await main();
