import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createAdminService } from '../admin/create-admin-service.ts';
import { createSilentLogger } from '../lib/logger.ts';
import { buildConfigSnapshot } from '../config-snapshot/build-config-snapshot.ts';
import { createMemorySecretStore } from '../secrets/memory-secret-store.ts';
import { createRepositories } from '../storage/create-repositories.ts';
import { openDatabase } from '../storage/open-database.ts';
import { createMonitoringFeature, type StatusListener } from './create-monitoring-feature.ts';

/** A LAN listener that only records what it was told (the real one is an HTTP binding). */
function createFakeListener() {
  const applied: Array<{ enabled: boolean; port: number }> = [];
  let open: number | undefined;
  const listener: StatusListener = {
    async apply(settings) {
      applied.push(settings);
      open = settings.enabled ? settings.port : undefined;
    },
    url: () => (open === undefined ? undefined : `http://lan.test:${open}`),
    async close() {
      open = undefined;
    },
  };
  return { listener, applied };
}

async function setup() {
  const repositories = createRepositories(openDatabase(':memory:'));
  const secretStore = createMemorySecretStore();
  const clock = { now: () => Date.parse('2026-03-10T12:00:00Z') };
  const admin = createAdminService({
    repositories,
    secretStore,
    clock,
    onConfigChanged: async () => undefined,
  });
  const fake = createFakeListener();
  let version = 0;
  let snapshot = await buildConfigSnapshot({ repositories, secretStore, version: ++version });
  const feature = createMonitoringFeature({
    repositories,
    secretStore,
    clock,
    logger: createSilentLogger(),
    getSnapshot: () => snapshot,
    monitoring: { health: { tickMs: 0 } },
    createLanListener: () => fake.listener,
  });
  const rebuild = async () => {
    snapshot = await feature.build(() =>
      buildConfigSnapshot({ repositories, secretStore, version: ++version }),
    );
    await feature.follow(snapshot);
    return snapshot;
  };
  return { admin, feature, fake, rebuild };
}

describe('createMonitoringFeature', () => {
  it('drives the LAN listener it is given from the settings, once the gateway listens, and reports it', async () => {
    const { admin, feature, fake, rebuild } = await setup();
    await admin.updateSettings({ monitoring: { enabled: true }, lanStatus: { enabled: true, port: 4321 } });
    await rebuild();
    expect(fake.applied).toEqual([]);
    expect(feature.status()).toEqual({
      enabled: true,
      statusPagePath: '/status',
      lanStatus: { enabled: true, port: 4321, url: null },
    });

    await feature.start('http://127.0.0.1:1', await rebuild());
    expect(fake.applied.at(-1)).toEqual({ enabled: true, port: 4321 });
    expect(feature.status().lanStatus.url).toBe('http://lan.test:4321');
    expect(feature.publicStatus.enabled()).toBe(true);

    await admin.updateSettings({ monitoring: { enabled: false }, lanStatus: { enabled: false } });
    await rebuild();
    expect(feature.status()).toEqual({
      enabled: false,
      statusPagePath: '/status',
      lanStatus: { enabled: false, port: 4321, url: null },
    });
    expect(feature.publicStatus.enabled()).toBe(false);
    await feature.stop();
  });

  it('imports no transport: the LAN listener and the public routes are bindings in http/', () => {
    const folder = new URL('./', import.meta.url);
    for (const file of readdirSync(folder).filter(
      (name) => name.endsWith('.ts') && !name.endsWith('.test.ts'),
    )) {
      const source = readFileSync(new URL(file, folder), 'utf8');
      expect(source, file).not.toMatch(/from '[^']*\/http\//);
      expect(source, file).not.toMatch(/from 'express'/);
    }
  });
});
