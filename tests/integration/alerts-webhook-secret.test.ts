import { existsSync, readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../support/start-test-gateway.ts';

let harness: TestGateway | undefined;
let webhook: Server | undefined;

afterEach(async () => {
  await harness?.stop();
  await new Promise((resolve) => (webhook ? webhook.close(resolve) : resolve(undefined)));
  harness = undefined;
  webhook = undefined;
});

/** The credential part of a Slack-style webhook URL. */
const secretPath = '/services/T0GATEWAY/B0ALERTS/hookSecretToken9f3e7c21';

interface Delivery {
  path: string;
  headers: IncomingHttpHeaders;
  body: { type: string };
}

/** A local webhook receiver that records every POST. */
async function startWebhook(): Promise<{ url: string; received: Delivery[] }> {
  const received: Delivery[] = [];
  webhook = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({
        path: request.url ?? '',
        headers: request.headers,
        body: JSON.parse(Buffer.concat(chunks).toString('utf8')),
      });
      response.statusCode = 204;
      response.end();
    });
  });
  await new Promise<void>((resolve) => webhook!.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(webhook.address() as AddressInfo).port}${secretPath}`, received };
}

/** The database and its WAL and shared-memory files, as raw bytes. */
function databaseBytes(current: TestGateway): Buffer {
  const files = [current.dbPath, `${current.dbPath}-wal`, `${current.dbPath}-shm`];
  return Buffer.concat(files.filter((file) => existsSync(file)).map((file) => readFileSync(file)));
}

const gatewayOptions = { monitoring: { alertRetryDelaysMs: [0, 0] } };

describe('alert webhook URL as a secret', () => {
  it('answers the URL masked, keeps it out of the database and still delivers alerts', async () => {
    const { url, received } = await startWebhook();
    harness = await startTestGateway(gatewayOptions);
    const origin = new URL(url).origin;
    const masked = `${origin}/…/****7c21`;

    const patched = await harness.api('PATCH', '/api/settings', { alerts: { webhookUrl: url } });
    expect(patched.status).toBe(200);
    expect(patched.body.alerts).toEqual({ webhookUrl: masked });
    const read = await harness.api('GET', '/api/settings');
    expect(read.body.alerts).toEqual({ webhookUrl: masked });
    expect(JSON.stringify(read.body)).not.toContain('hookSecretToken');

    harness.internals.flushLogs();
    const bytes = databaseBytes(harness);
    // The search is meaningful: the settings row (with the mask) is in these bytes.
    expect(bytes.includes(Buffer.from('/…/****7c21'))).toBe(true);
    expect(bytes.includes(Buffer.from('hookSecretToken'))).toBe(false);

    harness.internals.alerts.budgetExhausted({ id: 'vk_1', name: 'team-a', budgetUsd: 5 });
    await harness.internals.alerts.idle();
    expect(received.map((delivery) => delivery.path)).toEqual([secretPath]);
    expect(received[0]!.body.type).toBe('key.budget_exhausted');

    // Echoing the settings back (the mask) keeps the stored URL; a bad scheme is refused.
    await harness.api('PATCH', '/api/settings', { alerts: read.body.alerts, metrics: { enabled: true } });
    const ftp = await harness.api('PATCH', '/api/settings', { alerts: { webhookUrl: 'ftp://127.0.0.1/x' } });
    expect(ftp.status).toBe(400);
    expect(ftp.body.error.message).toBe('alerts.webhookUrl: must be an http or https URL');
    harness.internals.alerts.budgetExhausted({ id: 'vk_2', name: 'team-b' });
    await harness.internals.alerts.idle();
    expect(received.map((delivery) => delivery.path)).toEqual([secretPath, secretPath]);

    // Removing the URL stops the alerts.
    await harness.api('PATCH', '/api/settings', { alerts: { webhookUrl: null } });
    expect((await harness.api('GET', '/api/settings')).body.alerts).toEqual({});
    harness.internals.alerts.budgetExhausted({ id: 'vk_3', name: 'team-c' });
    await harness.internals.alerts.idle();
    expect(received).toHaveLength(2);
  });

  it('moves a plain URL stored by an older version into the secret store at start and scrubs it from the file', async () => {
    const { url, received } = await startWebhook();
    harness = await startTestGateway(gatewayOptions);
    // What an older version wrote: the URL in the settings row, rewritten once with fewer aliases.
    // The larger first version leaves its bytes in free page space, which an UPDATE does not clear.
    const write = harness.database.prepare(
      'INSERT INTO settings (id, data, updated_at) VALUES (1, ?, ?) ON CONFLICT (id) DO UPDATE SET data = excluded.data',
    );
    for (const aliases of [200, 10]) {
      const settings = {
        alerts: { webhookUrl: url },
        aliases: Array.from({ length: aliases }, (_, index) => ({ pattern: `alias-${index}`, target: 'm' })),
      };
      write.run(JSON.stringify(settings), new Date().toISOString());
    }
    await harness.restart();
    const read = await harness.api('GET', '/api/settings');
    expect(read.body.alerts).toEqual({ webhookUrl: `${new URL(url).origin}/…/****7c21` });
    expect(read.body.aliases).toHaveLength(10);
    const bytes = databaseBytes(harness);
    expect(bytes.includes(Buffer.from('alias-0'))).toBe(true);
    expect(bytes.includes(Buffer.from('hookSecretToken'))).toBe(false);

    harness.internals.alerts.budgetExhausted({ id: 'vk_1', name: 'team-a' });
    await harness.internals.alerts.idle();
    expect(received.map((delivery) => delivery.path)).toEqual([secretPath]);

    // A second start finds the mask and leaves it alone.
    await harness.restart();
    expect((await harness.api('GET', '/api/settings')).body.alerts).toEqual(read.body.alerts);
    harness.internals.alerts.budgetExhausted({ id: 'vk_2', name: 'team-b' });
    await harness.internals.alerts.idle();
    expect(received).toHaveLength(2);
  });
});
