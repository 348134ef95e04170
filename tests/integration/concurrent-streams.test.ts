/**
 * Many streams at once all reach the upstream at once: none waits for another to finish (an agent
 * fleet, or one client's parallel sub-agents, each holding a stream open for minutes).
 */
import { createServer, Agent, request as sendRequest, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../support/start-test-gateway.ts';

let harness: TestGateway | undefined;
afterEach(async () => {
  await harness?.stop();
  harness = undefined;
});

const streams = 300;

it(`holds ${streams} concurrent streams open upstream at the same time`, async () => {
  // The upstream answers nobody until all of them are open (or 15 s passed), then ends every stream.
  const waiting: ServerResponse[] = [];
  let open = 0;
  let mostOpen = 0;
  const release = (): void => {
    for (const response of waiting.splice(0)) {
      response.end(
        'data: {"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":"held"},"finish_reason":"stop"}]}\n\ndata: [DONE]\n\n',
      );
    }
  };
  const timer = setTimeout(release, 15_000);
  const upstream = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      open++;
      mostOpen = Math.max(mostOpen, open);
      response.on('close', () => open--);
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      waiting.push(response);
      if (open === streams) release();
    });
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  const upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
  try {
    harness = await startTestGateway();
    await harness.addModel({ upstreamUrl, name: 'm' });
    const key = await harness.addKey();
    const url = new URL(`${harness.url}/v1/chat/completions`);
    const agent = new Agent({ keepAlive: false, maxSockets: Infinity });
    const body = JSON.stringify({ model: 'm', stream: true, messages: [{ role: 'user', content: 'x' }] });
    const one = (): Promise<{ status: number; text: string }> =>
      new Promise((resolve, reject) => {
        const outgoing = sendRequest(
          {
            host: url.hostname,
            port: url.port,
            path: url.pathname,
            method: 'POST',
            agent,
            headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
          },
          (response) => {
            let text = '';
            response.setEncoding('utf8');
            response.on('data', (chunk: string) => (text += chunk));
            response.on('end', () => resolve({ status: response.statusCode ?? 0, text }));
          },
        );
        outgoing.on('error', reject);
        outgoing.end(body);
      });
    const answers = await Promise.all(Array.from({ length: streams }, one));
    agent.destroy();
    expect(mostOpen).toBe(streams);
    expect(answers.filter((answer) => answer.status === 200 && answer.text.includes('held'))).toHaveLength(
      streams,
    );
  } finally {
    clearTimeout(timer);
    release();
    upstream.close();
  }
}, 60_000);
