import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent } from 'undici';
import { AbortHandle } from '../lib/abort-handle.ts';
import { dispatchUpstream, type UpstreamBody } from './dispatch-upstream.ts';

let server: Server;
let origin: string;
const agent = new Agent({ keepAliveTimeout: 1000 });
const closedEarly: string[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      response.on('close', () => {
        if (!response.writableFinished) closedEarly.push(request.url ?? '');
      });
      if (request.url === '/pieces') {
        response.writeHead(200, { 'content-type': 'text/plain', 'x-extra': 'yes' });
        let sent = 0;
        const timer = setInterval(() => {
          response.write(`piece-${sent++};`);
          if (sent === 5) {
            clearInterval(timer);
            response.end();
          }
        }, 5);
      } else if (request.url === '/slow-headers') {
        setTimeout(() => response.end('late'), 2_000);
      } else if (request.url === '/endless') {
        response.writeHead(200);
        const timer = setInterval(() => response.write('x'), 5);
        response.on('close', () => clearInterval(timer));
      } else {
        response.end('all at once');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await agent.close();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

function readAll(body: UpstreamBody): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    body.consume({ data: (chunk) => (text += chunk.toString()), end: () => resolve(text), error: reject });
  });
}

const call = (path: string, signal = new AbortHandle()) =>
  dispatchUpstream(agent, { origin, path, method: 'POST', body: '{}' }, signal);

describe('dispatchUpstream', () => {
  it('resolves with status and headers, and hands over chunks that came before the consumer', async () => {
    const answer = await call('/whole');
    await new Promise((resolve) => setTimeout(resolve, 30)); // the whole body has arrived by now
    expect(answer.status).toBe(200);
    expect(await readAll(answer.body)).toBe('all at once');
  });

  it('streams pieces in order through pause and resume', async () => {
    const answer = await call('/pieces');
    expect(answer.headers['x-extra']).toBe('yes');
    const pieces: string[] = [];
    const done = new Promise<void>((resolve, reject) =>
      answer.body.consume({
        data(chunk) {
          pieces.push(chunk.toString());
          answer.body.pause();
          setTimeout(() => answer.body.resume(), 10);
        },
        end: resolve,
        error: reject,
      }),
    );
    await done;
    expect(pieces.join('')).toBe('piece-0;piece-1;piece-2;piece-3;piece-4;');
  });

  it('rejects with the signal’s reason when it aborts before the answer', async () => {
    const signal = new AbortHandle();
    const pending = call('/slow-headers', signal);
    setTimeout(() => signal.abort(new Error('deadline')), 20);
    await expect(pending).rejects.toThrow('deadline');
  });

  it('fails the body with the reason when the signal aborts mid-answer, and the upstream sees the close', async () => {
    const signal = new AbortHandle();
    const answer = await call('/endless', signal);
    const reading = readAll(answer.body);
    setTimeout(() => signal.abort(new Error('client gone')), 20);
    await expect(reading).rejects.toThrow('client gone');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(closedEarly).toContain('/endless');
  });

  it('aborts the upstream request when the body is destroyed', async () => {
    closedEarly.length = 0;
    const answer = await call('/endless');
    answer.body.destroy();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(closedEarly).toContain('/endless');
  });
});
