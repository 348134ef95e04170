/**
 * Spawning and reliably ending the benchmark's child processes (mock upstream,
 * floor proxy, gateway). Every child is tracked so `stopAll()` and the exit
 * hook can end them even when the run fails.
 */
import { spawn, type ChildProcess } from 'node:child_process';

export interface ChildService {
  readonly name: string;
  readonly pid: number;
  /** Whether the child has exited. */
  hasExited(): boolean;
  /** The last lines the child wrote (stdout and stderr), for error messages. */
  recentOutput(): string;
  /** Resolve with the first stdout line matching `pattern`, or reject on exit or timeout. */
  waitForLine(pattern: RegExp, timeoutMs: number): Promise<RegExpExecArray>;
  /** Call `listener` with every stdout line from now on; returns the unsubscribe function. */
  onLine(listener: (line: string) => void): () => void;
  /** SIGTERM, then SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

const running = new Set<ChildProcess>();

process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export interface SpawnOptions {
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  cwd: string;
}

/** Start a child with piped output; it is ended by `stop()`, `stopAll()` or this process's exit. */
export function spawnService(name: string, options: SpawnOptions): ChildService {
  const child = spawn(options.command, options.args, {
    env: options.env,
    cwd: options.cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (child.pid === undefined) throw new Error(`${name}: failed to start`);
  running.add(child);
  let exited = false;
  const lines: string[] = [];
  const listeners = new Set<(line: string) => void>();
  const exitListeners = new Set<() => void>();
  const remember = (stream: NodeJS.ReadableStream, forward: boolean): void => {
    let pending = '';
    stream.setEncoding('utf8');
    stream.on('data', (text: string) => {
      pending += text;
      const parts = pending.split('\n');
      pending = parts.pop() ?? '';
      for (const line of parts) {
        lines.push(line);
        if (lines.length > 40) lines.shift();
        if (forward) for (const listener of listeners) listener(line);
      }
    });
  };
  remember(child.stdout!, true);
  remember(child.stderr!, false);
  child.on('exit', () => {
    exited = true;
    running.delete(child);
    for (const listener of exitListeners) listener();
  });

  return {
    name,
    pid: child.pid,
    hasExited: () => exited,
    recentOutput: () => lines.join('\n'),
    onLine(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    waitForLine(pattern, timeoutMs) {
      return new Promise((resolve, reject) => {
        const cleanup = (): void => {
          clearTimeout(timer);
          listeners.delete(onLine);
          exitListeners.delete(onExit);
        };
        const onLine = (line: string): void => {
          const match = pattern.exec(line);
          if (!match) return;
          cleanup();
          resolve(match);
        };
        const onExit = (): void => {
          cleanup();
          reject(new Error(`${name} exited before it was ready:\n${lines.join('\n')}`));
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`${name} not ready after ${timeoutMs} ms:\n${lines.join('\n')}`));
        }, timeoutMs);
        listeners.add(onLine);
        exitListeners.add(onExit);
        for (const line of lines) onLine(line);
        if (exited) onExit();
      });
    },
    stop(graceMs = 3000) {
      if (exited) return Promise.resolve();
      return new Promise((resolve) => {
        const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
        exitListeners.add(() => {
          clearTimeout(timer);
          resolve();
        });
        child.kill('SIGTERM');
      });
    },
  };
}

/** SIGTERM every child still running (SIGKILL after the grace period). */
export async function stopAll(services: ChildService[]): Promise<void> {
  await Promise.all(services.map((service) => service.stop()));
}
