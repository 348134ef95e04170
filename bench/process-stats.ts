/** CPU time and resident memory of another process, read from Linux `/proc`. */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

export interface ProcessSample {
  /** User + system CPU time consumed so far, in milliseconds (all threads). */
  cpuMilliseconds: number;
  /** Resident set size (VmRSS), in bytes. */
  rssBytes: number;
}

let clockTicksPerSecond: number | undefined;

function ticksPerSecond(): number {
  clockTicksPerSecond ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  return clockTicksPerSecond;
}

/** Read `/proc/<pid>/stat` (utime, stime) and `/proc/<pid>/status` (VmRSS). */
export function sampleProcess(pid: number): ProcessSample {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may contain spaces; fields after its closing parenthesis are fixed.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const userTicks = Number(fields[11]);
  const systemTicks = Number(fields[12]);
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const rssKilobytes = Number(/^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1] ?? Number.NaN);
  return {
    cpuMilliseconds: ((userTicks + systemTicks) * 1000) / ticksPerSecond(),
    rssBytes: rssKilobytes * 1024,
  };
}

/** CPU milliseconds per request between two samples. */
export function cpuPerRequest(before: ProcessSample, after: ProcessSample, requests: number): number {
  return requests > 0 ? (after.cpuMilliseconds - before.cpuMilliseconds) / requests : Number.NaN;
}
