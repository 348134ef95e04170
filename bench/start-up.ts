/**
 * `npm run bench:start-up`: start-up to ready with a large configuration (issue 20), before and after
 * in one run. A database is filled once (1,000 models, 1,000 virtual keys, 100 virtual models, as in
 * `npm run bench`), then the gateway is started on it again and again, this tree's and any other
 * checkouts' (BENCH_COMPARE: comma-separated roots, each with its `dist-gateway/cli.mjs` built: `git
 * archive <commit> | tar -x -C dir`, a `node_modules` symlink, `node scripts/build-gateway.mjs`
 * there) taking turns, each as the bundle alone and as `npm run serve`'s command line. Prints the
 * median wall time from spawn to "running at" and the CPU the process had used by then: on a
 * shared machine the CPU is the steadier figure.
 *
 * Settings (environment): BENCH_START_UP_STARTS (per variant, 10), BENCH_START_UP_MODES (`bundle`,
 * `start-script` or both, the default), BENCH_START_UP_DATA (a directory to keep the filled database in
 * and reuse at the next run), BENCH_START_UP_PROFILE=1 (one more start of each bundle with
 * `--cpu-prof`; the profiles' paths are printed).
 */
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stopAll, type ChildService } from './child-processes.ts';
import { fillStartUpDatabase, timeStart, type StartUpData, type TimedStart } from './measure-start-up.ts';
import { spawnBenchScript, readyPort } from './start-mock-and-floor.ts';
import { buildGateway } from '../scripts/build-gateway.mjs';

const repoRoot = path.resolve(import.meta.dirname, '..');
const starts = Number(process.env.BENCH_START_UP_STARTS ?? 10) || 10;
const modeSetting = process.env.BENCH_START_UP_MODES ?? 'both';
const modes = (['bundle', 'start-script'] as const).filter(
  (mode) => modeSetting === 'both' || modeSetting === mode,
);
const roots = [repoRoot, ...(process.env.BENCH_COMPARE ?? '').split(',').filter(Boolean)];

const log = (message: string): void => void process.stderr.write(`[bench:start-up] ${message}\n`);

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

/** The filled database: kept in BENCH_START_UP_DATA across runs, or a temporary one. */
async function startUpData(services: ChildService[]): Promise<{ data: StartUpData; temporary: boolean }> {
  const kept = process.env.BENCH_START_UP_DATA;
  const dataDirectory = kept
    ? path.resolve(kept)
    : mkdtempSync(path.join(os.tmpdir(), 'llm-gateway-start-up-'));
  mkdirSync(dataDirectory, { recursive: true });
  const adminFile = path.join(dataDirectory, 'bench-admin.json');
  if (kept && existsSync(adminFile)) {
    log(`reusing the database in ${dataDirectory}`);
    return { data: { dataDirectory, admin: JSON.parse(readFileSync(adminFile, 'utf8')) }, temporary: false };
  }
  // The providers point at a mock that is gone at the timed starts: nothing calls an upstream before ready.
  const mock = spawnBenchScript('mock upstream', 'bench/mock-upstream-server.ts', {});
  services.push(mock);
  const data = await fillStartUpDatabase({
    dataDirectory,
    mockUrl: `http://127.0.0.1:${await readyPort(mock)}`,
    models: 1000,
    keys: 1000,
    virtualModels: 100,
    services,
    log,
  });
  await mock.stop();
  if (kept) writeFileSync(adminFile, JSON.stringify(data.admin));
  return { data, temporary: !kept };
}

async function main(): Promise<void> {
  const services: ChildService[] = [];
  log('building this tree’s bundle');
  await buildGateway();
  const { data, temporary } = await startUpData(services);
  try {
    const variants = roots.flatMap((root) => modes.map((how) => ({ root, how, runs: [] as TimedStart[] })));
    for (let round = 0; round < starts; round++) {
      for (const variant of variants) {
        variant.runs.push(await timeStart(data, { how: variant.how, root: variant.root }, services));
      }
      log(`round ${round + 1}/${starts}`);
    }
    process.stdout.write(`\nStart-up to "running at", ${starts} starts each, interleaved (median, range):\n`);
    for (const variant of variants) {
      const wall = variant.runs.map((run) => run.wallMilliseconds);
      const cpu = variant.runs.map((run) => run.cpuMilliseconds);
      const label = `${variant.root === repoRoot ? 'this tree' : variant.root} ${variant.how}`;
      process.stdout.write(
        `  ${label.padEnd(40)} wall ${Math.round(median(wall))} ms (${Math.round(Math.min(...wall))}–${Math.round(Math.max(...wall))}), ` +
          `CPU ${Math.round(median(cpu))} ms (${Math.round(Math.min(...cpu))}–${Math.round(Math.max(...cpu))})\n`,
      );
    }
    if (process.env.BENCH_START_UP_PROFILE === '1') {
      for (const root of roots) {
        const directory = mkdtempSync(path.join(os.tmpdir(), 'llm-gateway-start-up-profile-'));
        await timeStart(data, { how: 'bundle', root }, services, ['--cpu-prof', '--cpu-prof-dir', directory]);
        const file = readdirSync(directory).find((name) => name.endsWith('.cpuprofile'));
        process.stdout.write(`  profile of ${root}: ${file ? path.join(directory, file) : 'none written'}\n`);
      }
    }
  } finally {
    await stopAll(services);
    if (temporary) rmSync(data.dataDirectory, { recursive: true, force: true });
  }
}

await main();
