import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGateway, type Gateway } from '../../src-gateway/index.ts';
import { createSilentLogger } from '../../src-gateway/lib/logger.ts';
import { createMemorySecretStore } from '../../src-gateway/secrets/memory-secret-store.ts';
import { openDatabase, type Database } from '../../src-gateway/storage/index.ts';
import type { AdminEvent } from '../../src-shared/contract/events.ts';
import {
  createGatewaySupervisor,
  type ListenAddress,
  type SupervisorState,
} from './create-gateway-supervisor.ts';
import { findFreePort } from './find-free-port.ts';

let directory: string;
let database: Database;
const servers: Server[] = [];
const secretStore = createMemorySecretStore();
const jwtSecret = randomBytes(32);

beforeEach(() => {
  directory = mkdtempSync(path.join(tmpdir(), 'supervisor-'));
  database = openDatabase(path.join(directory, 'gateway.db'));
});
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
  database.close();
  rmSync(directory, { recursive: true, force: true });
});

function occupy(): Promise<number> {
  const server = createServer();
  servers.push(server);
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)),
  );
}

async function answers(url: string): Promise<boolean> {
  return fetch(`${url}/healthz`).then(
    (response) => response.ok,
    () => false,
  );
}

function supervise(
  options: {
    port?: number;
    offer?: (listen: ListenAddress) => Promise<number | undefined>;
    limit?: number;
  } = {},
) {
  let port = options.port ?? 0;
  const states: SupervisorState[] = [];
  const offers: ListenAddress[] = [];
  const restarted: unknown[] = [];
  const built: Gateway[] = [];
  const supervisor = createGatewaySupervisor({
    logger: createSilentLogger(),
    listenAddress: () => ({ host: '127.0.0.1', port }),
    createGateway: async (listen) => {
      const gateway = await createGateway({
        database,
        secretStore,
        logger: createSilentLogger(),
        jwtSecret,
        setupCode: false,
        host: listen.host,
        port: listen.port,
        shutdownGraceMs: 200,
      });
      built.push(gateway);
      return gateway;
    },
    onPortInUse: async (listen) => {
      offers.push(listen);
      const chosen = await (options.offer ?? (async () => undefined))(listen);
      if (chosen !== undefined) port = chosen;
      return chosen;
    },
    onStateChanged: (state) => states.push(state),
    onRestarted: (error) => restarted.push(error),
    restartLimit: { count: options.limit ?? 3, windowMs: 60_000 },
  });
  return { supervisor, states, offers, restarted, built };
}

describe('the gateway inside the app', () => {
  it('starts, pauses (the port closes) and resumes', async () => {
    const { supervisor, states } = supervise();
    await supervisor.start();
    const running = supervisor.state();
    expect(running.status).toBe('running');
    expect(await answers(running.url!)).toBe(true);
    await supervisor.pause();
    expect(supervisor.state()).toMatchObject({ status: 'paused', url: null });
    expect(await answers(running.url!)).toBe(false);
    // Paused, its configuration is still there to manage.
    expect(
      await supervisor
        .gateway()!
        .admin.call(
          'providers.list',
          {},
          { clientIp: 'ipc', transport: 'ipc', principal: { adminId: 'a', username: 'a', via: 'login' } },
        ),
    ).toEqual({ data: [] });
    await supervisor.start();
    expect(supervisor.state().status).toBe('running');
    expect(await answers(supervisor.state().url!)).toBe(true);
    expect(states.map((state) => state.status)).toEqual([
      'starting',
      'running',
      'paused',
      'starting',
      'running',
    ]);
    await supervisor.shutdown();
  });

  it('port in use: offers another; taking it runs there', async () => {
    const taken = await occupy();
    const { supervisor, offers } = supervise({
      port: taken,
      offer: (listen) => findFreePort({ host: listen.host, from: listen.port }),
    });
    await supervisor.start();
    expect(offers).toEqual([{ host: '127.0.0.1', port: taken }]);
    const state = supervisor.state();
    expect(state.status).toBe('running');
    expect(state.port).toBeGreaterThan(taken);
    expect(state.url).toBe(`http://127.0.0.1:${state.port}`);
    expect(await answers(state.url!)).toBe(true);
    await supervisor.shutdown();
  });

  it('port in use, offer declined: stopped with the reason, configuration still manageable', async () => {
    const taken = await occupy();
    const { supervisor } = supervise({ port: taken });
    await supervisor.start();
    expect(supervisor.state()).toMatchObject({
      status: 'error',
      error: `Port ${taken} on 127.0.0.1 is already in use by another program.`,
    });
    expect(supervisor.gateway()).toBeDefined();
    expect(supervisor.initialEvents()[0]).toMatchObject({ name: 'gatewayState', data: { state: 'error' } });
    await supervisor.shutdown();
  });

  it('an error the gateway threw: restarted with a notice, a fresh gateway, events followed', async () => {
    const { supervisor, restarted, built } = supervise();
    const received: AdminEvent[] = [];
    const stop = supervisor.events.subscribe((event) => received.push(event));
    await supervisor.start();
    const boom = new Error('boom');
    await supervisor.recover(boom);
    expect(restarted).toEqual([boom]);
    expect(built).toHaveLength(2);
    expect(supervisor.gateway()).toBe(built[1]);
    expect(supervisor.state().status).toBe('running');
    expect(await answers(supervisor.state().url!)).toBe(true);
    // The window saw the first gateway stop and the second one listen.
    const states = received.filter((event) => event.name === 'gatewayState').map((event) => event.data.state);
    expect(states).toEqual(['listening', 'stopped', 'listening']);
    stop();
    await supervisor.shutdown();
  });

  it('gives up after too many restarts and says so', async () => {
    const { supervisor } = supervise({ limit: 1 });
    await supervisor.start();
    await supervisor.recover(new Error('first'));
    expect(supervisor.state().status).toBe('running');
    const url = supervisor.state().url!;
    await supervisor.recover(new Error('second'));
    expect(supervisor.state()).toMatchObject({ status: 'error' });
    expect(supervisor.state().error).toMatch(/stopped after 1 restarts in a row \(second\)/);
    expect(await answers(url)).toBe(false);
  });

  it('after shutdown nothing starts again', async () => {
    const { supervisor, built } = supervise();
    await supervisor.start();
    const url = supervisor.state().url!;
    await supervisor.shutdown();
    expect(supervisor.state().status).toBe('stopped');
    expect(await answers(url)).toBe(false);
    await supervisor.start();
    await supervisor.recover(new Error('late'));
    expect(built).toHaveLength(1);
    expect(supervisor.gateway()).toBeUndefined();
  });
});
