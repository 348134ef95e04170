/**
 * A hostile or broken upstream (docs/security.md): its error message never carries the
 * provider key back to the client, and a JSON answer larger than the gateway reads is
 * refused with a 502 instead of being buffered without bound.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readJsonAnswer } from '../../src-gateway/upstream/call-upstream.ts';
import { UpstreamBody } from '../../src-gateway/upstream/dispatch-upstream.ts';
import { GatewayError } from '../../src-gateway/lib/errors.ts';
import { startMockUpstream, type MockUpstream } from '../support/mock-upstream.ts';
import { startTestGateway, type TestGateway } from '../support/start-test-gateway.ts';

const providerKey = 'sk-provider-secret-0123456789';
let upstream: MockUpstream;
let gateway: TestGateway;
let key: string;

beforeAll(async () => {
  upstream = await startMockUpstream();
  gateway = await startTestGateway();
  await gateway.addModel({ upstreamUrl: upstream.url, name: 'm', apiKey: providerKey });
  key = await gateway.addKey({ name: 'security' });
});
afterAll(async () => {
  await gateway?.stop();
  await upstream?.close();
});

describe('a hostile upstream', () => {
  it('never gets the provider key back to the client through its error message', async () => {
    upstream.enqueue({
      fault: 'status',
      status: 400,
      body: {
        error: { message: `Incorrect API key provided: ${providerKey}`, type: 'invalid_request_error' },
      },
    });
    const response = await fetch(`${gateway.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'hi' }] }),
    });
    const text = await response.text();
    expect(response.status).toBe(400);
    expect(text).toContain('Incorrect API key provided');
    expect(text).not.toContain(providerKey);
  });

  it('cannot make the gateway buffer a JSON answer past its limit: 502 naming the provider', async () => {
    const body = new UpstreamBody();
    body.push(Buffer.from('{"id":"'));
    body.push(Buffer.alloc(64, 'x'));
    body.push(Buffer.from('"}'));
    body.finish();
    const refused = await readJsonAnswer(body, 'hostile', 32).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(GatewayError);
    expect(refused).toMatchObject({ status: 502, code: 'bad_upstream_response' });
    expect((refused as GatewayError).message).toContain('hostile');
  });
});
