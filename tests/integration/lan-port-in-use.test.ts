import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { expect, it } from 'vitest';
import { createLogger } from '../../src-gateway/lib/logger.ts';
import { startTestGateway } from '../support/start-test-gateway.ts';

it('a LAN port in use is one warning saying what to do, and the gateway keeps serving', async () => {
  let logged = '';
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logged += chunk.toString();
      done();
    },
  });
  const taken = createServer();
  await new Promise<void>((resolve) => taken.listen(0, '0.0.0.0', resolve));
  const port = (taken.address() as AddressInfo).port;
  const harness = await startTestGateway({ logger: createLogger({ level: 'info', destination }) });
  try {
    const patched = await harness.api('PATCH', '/api/settings', {
      monitoring: { enabled: true },
      lanStatus: { enabled: true, port },
    });
    expect(patched.status).toBe(200);
    expect(logged).toContain(`The LAN status page could not open: port ${port} is in use`);
    expect(logged).not.toContain('"stack"');
    expect((await fetch(`${harness.url}/healthz`)).status).toBe(200);
  } finally {
    await harness.stop();
    taken.close();
  }
});
