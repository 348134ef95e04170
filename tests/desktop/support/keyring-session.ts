import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * A private D-Bus session with gnome-keyring's Secret Service, for the
 * keychain tests. Its own bus and its own temp HOME: the tests never touch a
 * developer's login keyring, and every run starts from an empty one.
 */
export interface KeyringSession {
  /** `DBUS_SESSION_BUS_ADDRESS` of the session. */
  address: string;
  /** Environment for a child process that should use this session. */
  env: NodeJS.ProcessEnv;
  /**
   * Points this process at the session (before its first keyring call: libdbus reads the
   * address once). `stop()` puts the previous address back.
   */
  useInThisProcess(): void;
  stop(): Promise<void>;
}

const tools = ['dbus-run-session', 'dbus-send', 'gnome-keyring-daemon'];

/** Why the real keychain tests cannot run here, or undefined when they can. */
export function keyringSessionUnavailable(): string | undefined {
  if (process.platform !== 'linux') return `the keychain tests use gnome-keyring, which needs Linux`;
  const missing = tools.filter((tool) => spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0);
  return missing.length === 0
    ? undefined
    : `${missing.join(', ')} not installed (apt-get install gnome-keyring dbus dbus-x11)`;
}

/**
 * Environment for a process that runs inside a session made here: a temp
 * HOME and XDG folders (where gnome-keyring keeps its files), no display (so
 * an unlock prompt can never pop up on a developer's screen).
 */
export function isolatedEnvironment(home: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of ['DBUS_SESSION_BUS_ADDRESS', 'DISPLAY', 'WAYLAND_DISPLAY', 'GNOME_KEYRING_CONTROL'])
    delete env[name];
  const runtime = path.join(home, 'run');
  mkdirSync(runtime, { recursive: true, mode: 0o700 });
  return {
    ...env,
    HOME: home,
    XDG_DATA_HOME: path.join(home, 'data'),
    XDG_CONFIG_HOME: path.join(home, 'config'),
    XDG_CACHE_HOME: path.join(home, 'cache'),
    XDG_RUNTIME_DIR: runtime,
  };
}

/**
 * A shell script for `dbus-run-session` that runs gnome-keyring in the
 * foreground (unlocked with the password "pass", the same as `.ci/run`, or
 * left locked), waits until it owns the Secret Service name, runs `command`,
 * then stops the daemon. A daemon started in the background (`--daemonize`, or
 * `--unlock` alone) can miss the end of its bus and outlive the session.
 */
export function withKeyringDaemon(command: string, options: { unlock: boolean }): string {
  const start = options.unlock
    ? 'printf pass | gnome-keyring-daemon --foreground --unlock --components=secrets'
    : 'gnome-keyring-daemon --foreground --components=secrets </dev/null';
  const owned =
    'dbus-send --session --print-reply --dest=org.freedesktop.DBus / ' +
    "org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q 'boolean true'";
  return [
    `${start} >/dev/null 2>&1 & daemon=$!`,
    `for i in $(seq 100); do ${owned} && break; sleep 0.1; done`,
    `${owned} || { kill $daemon; echo 'gnome-keyring did not start' >&2; exit 1; }`,
    `${command}; status=$?`,
    'kill $daemon; wait $daemon; exit $status',
  ].join('\n');
}

/** `dbus-run-session` with gnome-keyring unlocked, kept alive by `cat` on the session's stdin until `stop()`. */
export async function startKeyringSession(homeToKeep?: string): Promise<KeyringSession> {
  const home = homeToKeep ?? mkdtempSync(path.join(tmpdir(), 'keyring-session-'));
  const env = isolatedEnvironment(home);
  const script = withKeyringDaemon('printf "%s\\n" "$DBUS_SESSION_BUS_ADDRESS"; cat >/dev/null', {
    unlock: true,
  });
  const child = spawn('dbus-run-session', ['--', 'sh', '-c', script], {
    env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const address = await firstLine(child, () => stderr);
  const outerAddress = process.env.DBUS_SESSION_BUS_ADDRESS;
  return {
    address,
    env: { ...env, DBUS_SESSION_BUS_ADDRESS: address },
    useInThisProcess() {
      process.env.DBUS_SESSION_BUS_ADDRESS = address;
    },
    async stop() {
      if (outerAddress === undefined) delete process.env.DBUS_SESSION_BUS_ADDRESS;
      else process.env.DBUS_SESSION_BUS_ADDRESS = outerAddress;
      const exited = new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) resolve();
        else child.once('exit', () => resolve());
      });
      child.stdin!.end(); // cat ends, the script stops the daemon, dbus-run-session ends the bus
      await exited;
      if (homeToKeep === undefined) rmSync(home, { recursive: true, force: true });
    },
  };
}

function firstLine(child: ChildProcess, stderr: () => string): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`The keyring session did not start within 15 s: ${stderr()}`));
    }, 15_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const end = output.indexOf('\n');
      if (end >= 0) {
        clearTimeout(timer);
        resolve(output.slice(0, end).trim());
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`The keyring session ended early (exit ${code}): ${stderr()}`));
    });
  });
}

/**
 * A temp HOME holding a gnome-keyring login keyring (password "pass") that
 * nobody has unlocked: what a session looks like before the user logs in to
 * the keyring. Made by a session that creates the keyring and ends (kept open
 * until the daemon is up: a daemon whose bus vanishes while it starts outlives
 * it). The answer has a runtime folder of its own, so a new daemon never
 * finds the old one.
 */
export async function createLockedKeyringHome(home: string): Promise<NodeJS.ProcessEnv> {
  const session = await startKeyringSession(home);
  await session.stop();
  if (!existsSync(path.join(home, 'data', 'keyrings', 'login.keyring'))) {
    throw new Error('gnome-keyring did not create a login keyring');
  }
  const runtime = path.join(home, 'run-locked');
  mkdirSync(runtime, { mode: 0o700 });
  return { ...isolatedEnvironment(home), XDG_RUNTIME_DIR: runtime };
}
