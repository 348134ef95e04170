import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { spawnGateway, type GatewayProcess } from '../support/spawn-gateway.ts';

let gateway: GatewayProcess | undefined;
let directory: string | undefined;

afterEach(async () => {
  gateway?.child.kill('SIGTERM');
  await gateway?.exited;
  gateway = undefined;
  if (directory) rmSync(directory, { recursive: true, force: true });
  directory = undefined;
});

async function outputMatching(child: GatewayProcess, pattern: RegExp): Promise<RegExpExecArray> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const match = pattern.exec(child.output());
    if (match) return match;
    if (Date.now() > deadline) throw new Error(`no ${pattern} in: ${child.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * The headless CLI asks the admin contract (`auth.status`, it holds no service of its own) whether
 * an admin exists, and prints the one-time setup code only then; that code is the one setup takes.
 */
describe('the headless CLI on a fresh install', () => {
  it('prints the setup code, and the printed code creates the first admin', async () => {
    directory = mkdtempSync(path.join(tmpdir(), 'gateway-cli-first-run-'));
    gateway = await spawnGateway({ directory });
    const [, code] = await outputMatching(gateway, /No admin yet\..* with setup code (\S+) /);
    const setup = await fetch(`${gateway.url}/api/auth/setup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: 'first-run-password', setupCode: code }),
    });
    expect(setup.status).toBe(201);
  }, 60_000);

  it('prints no setup code when the environment provisions the admin', async () => {
    directory = mkdtempSync(path.join(tmpdir(), 'gateway-cli-first-run-'));
    gateway = await spawnGateway({
      directory,
      environment: { ADMIN_USERNAME: 'admin', ADMIN_PASSWORD: 'provisioned-password' },
    });
    await outputMatching(gateway, /Status page: /);
    // The admin exists before the listener opens, so the answer to "is there one?" is already yes.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(gateway.output()).not.toContain('No admin yet');
  }, 60_000);
});
