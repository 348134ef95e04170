import { statSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminContract } from '../../src-shared/contract/index.ts';
import { createIpcClient } from '../../src-shared/contract/create-ipc-client.ts';
import { gatewayStatusSchema } from '../../src-shared/schemas/gateway-status.ts';
import { registerAdminIpc, type IpcInvokeEventLike } from '../../src-gateway/ipc/register-admin-ipc.ts';
import { startTestGateway, type TestGateway } from '../support/start-test-gateway.ts';

/**
 * `system.status` (`GET /api/system`): what the dashboard's status card and the settings page show
 * about the gateway itself, alike over HTTP and IPC, and only to an admin.
 */

let harness: TestGateway;

beforeAll(async () => {
  harness = await startTestGateway({ version: '9.8.7' });
});

afterAll(async () => {
  await harness?.stop();
});

describe('system.status', () => {
  it('answers the version, the listener, the uptime and the database size', async () => {
    const answer = await harness.api('GET', '/api/system');
    expect(answer.status).toBe(200);
    const status = gatewayStatusSchema.parse(answer.body);
    const port = Number(new URL(harness.url).port);
    expect(status).toMatchObject({
      version: '9.8.7',
      host: '127.0.0.1',
      port,
      url: harness.url,
      lanUrl: null,
      startedAt: harness.gateway.gatewayState().startedAt,
    });
    expect(status.uptimeSeconds).toBeGreaterThanOrEqual(0);
    // Its pages: at least the schema's, and never more than the file and its write-ahead log hold.
    expect(status.databaseBytes).toBeGreaterThan(4096);
    const onDisk =
      statSync(harness.dbPath).size + statSync(`${harness.dbPath}-wal`, { throwIfNoEntry: false })!.size;
    expect(status.databaseBytes).toBeLessThanOrEqual(onDisk);
  });

  it('answers the same over IPC, and refuses a caller without a session over HTTP', async () => {
    const handlers = new Map<string, (event: IpcInvokeEventLike, ...args: unknown[]) => unknown>();
    const remove = registerAdminIpc({
      ipcMain: {
        handle: (channel, listener) => void handlers.set(channel, listener),
        removeHandler: (channel) => void handlers.delete(channel),
      },
      dispatcher: harness.gateway.admin,
      isTrustedSender: (event) => event.sender.id === 1,
      principal: { adminId: 'desktop', username: 'admin', via: 'login' },
    });
    const ipc = createIpcClient(adminContract, async (channel, argument) =>
      handlers.get(channel)!({ sender: { id: 1 } }, argument),
    );
    const overIpc = await ipc.system.status({});
    const overHttp = (await harness.api('GET', '/api/system')).body;
    expect({ ...overIpc, uptimeSeconds: 0 }).toEqual({ ...overHttp, uptimeSeconds: 0 });
    remove();

    const anonymous = await harness.api('GET', '/api/system', undefined, 'not-a-token');
    expect(anonymous.status).toBe(401);
    expect(JSON.stringify(anonymous.body)).not.toContain('databaseBytes');
  });

  it('says "unknown" when the host gave no version', async () => {
    const bare = await startTestGateway();
    try {
      expect((await bare.api('GET', '/api/system')).body.version).toBe('unknown');
    } finally {
      await bare.stop();
    }
  });
});
