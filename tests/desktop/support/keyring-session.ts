import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
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

const tools = ['dbus-run-session', 'gnome-keyring-daemon'];

/** Why the real keychain tests cannot run here, or undefined when they can. */
export function keyringSessionUnavailable(): string | undefined {
  if (process.platform !== 'linux') return `the keychain tests use gnome-keyring, which needs Linux`;
  const missing = tools.filter((tool) => spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0);
  return missing.length === 0
    ? undefined
    : `${missing.join(' and ')} not installed (apt-get install gnome-keyring dbus dbus-x11)`;
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
 * `dbus-run-session` with gnome-keyring unlocked (password "pass", the same as
 * `.ci/run`), kept alive by `cat` on the session's stdin until `stop()`.
 */
export async function startKeyringSession(): Promise<KeyringSession> {
  const home = mkdtempSync(path.join(tmpdir(), 'keyring-session-'));
  const env = isolatedEnvironment(home);
  const script =
    'printf pass | gnome-keyring-daemon --unlock --components=secrets >/dev/null || exit 1; ' +
    'printf "%s\\n" "$DBUS_SESSION_BUS_ADDRESS"; exec cat >/dev/null';
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
      child.stdin!.end(); // cat ends, so does dbus-run-session, and gnome-keyring with its bus
      await exited;
      rmSync(home, { recursive: true, force: true });
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
 * the keyring. Made by one short session that creates the keyring and ends.
 */
export function createLockedKeyringHome(home: string): NodeJS.ProcessEnv {
  const env = isolatedEnvironment(home);
  const made = spawnSync(
    'dbus-run-session',
    ['--', 'sh', '-c', 'printf pass | gnome-keyring-daemon --unlock --components=secrets >/dev/null'],
    { env, encoding: 'utf8', timeout: 15_000 },
  );
  if (made.status !== 0) throw new Error(`Could not create a login keyring: ${made.stderr}`);
  return env;
}
