/** What a report says about where and from what it was measured: the machine and the commit. */
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import type { BenchResults } from './bench-results.ts';

/** This machine now; `loadAtStart` is the 1-minute load average when the run began. */
export function describeMachine(loadAtStart: number): BenchResults['machine'] {
  return {
    cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown',
    cores: os.availableParallelism(),
    nodeVersion: process.version,
    os: `${os.type()} ${os.release()}`,
    memoryGigabytes: os.totalmem() / 1024 ** 3,
    loadAverage: { start: loadAtStart, end: os.loadavg()[0] ?? Number.NaN },
  };
}

/** The short commit the repository at `repoRoot` is at ('unknown' outside git). */
export function gitCommit(repoRoot: string): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: repoRoot, encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}
