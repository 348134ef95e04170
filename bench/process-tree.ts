/**
 * The resident memory of a whole process tree (a launcher and everything it started), read from
 * Linux `/proc`: what `npm start` really leaves running, not only the gateway process.
 */
import { readdirSync, readFileSync } from 'node:fs';

/** `pid` and every descendant still alive, parents first. */
export function processTree(pid: number): number[] {
  const pids: number[] = [];
  const visit = (current: number): void => {
    pids.push(current);
    let tasks: string[];
    try {
      tasks = readdirSync(`/proc/${current}/task`);
    } catch {
      return;
    }
    for (const task of tasks) {
      let children = '';
      try {
        children = readFileSync(`/proc/${current}/task/${task}/children`, 'utf8');
      } catch {
        continue;
      }
      for (const child of children.split(' ')) if (child) visit(Number(child));
    }
  };
  visit(pid);
  return pids;
}

/** `VmRSS` of one process in bytes (0 once it has exited). */
function rssBytes(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1] ?? 0) * 1024;
  } catch {
    return 0;
  }
}

/** The sum of `VmRSS` over the tree rooted at `pid`, and how many processes it holds. */
export function sampleProcessTree(pid: number): { rssBytes: number; processes: number } {
  const pids = processTree(pid);
  return { rssBytes: pids.reduce((sum, current) => sum + rssBytes(current), 0), processes: pids.length };
}
