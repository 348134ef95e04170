// `npm run bench:dashboard`: what the dashboard's live updates cost the gateway. The same gateway
// (real, port 0, temp SQLite, a mock upstream) serves small chat requests at concurrency 32 in
// alternating rounds, with and without a dashboard subscribed to `/api/events` (the live stats
// every second, as a busy dashboard sees them). Load generator, gateway and subscriber share one
// process, so the figures compare the two conditions, not the gateway against other contenders.
import autocannon from 'autocannon';
import { startMockUpstream } from '../tests/support/mock-upstream.ts';
import { startTestGateway } from '../tests/support/start-test-gateway.ts';

const rounds = Number(process.env.DASHBOARD_BENCH_ROUNDS ?? 4);
const seconds = Number(process.env.DASHBOARD_BENCH_SECONDS ?? 5);

const upstream = await startMockUpstream();
const gateway = await startTestGateway({ liveStatsIntervalMs: 1000 });
await gateway.addModel({ upstreamUrl: upstream.url, name: 'bench-chat' });
const key = await gateway.addKey({ name: 'bench' });

async function load(): Promise<number> {
  const result = await autocannon({
    url: `${gateway.url}/v1/chat/completions`,
    method: 'POST',
    connections: 32,
    duration: seconds,
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'bench-chat', messages: [{ role: 'user', content: 'Hi' }] }),
  });
  if (result.non2xx > 0 || result.errors > 0)
    throw new Error(`failures: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return result.requests.average;
}

/** A dashboard: the SSE stream of the contract's events, read as the browser reads it. */
async function subscribe(): Promise<{ events: () => number; close: () => void }> {
  const controller = new AbortController();
  const response = await fetch(`${gateway.url}/api/events`, {
    headers: { authorization: `Bearer ${gateway.token}`, accept: 'text/event-stream' },
    signal: controller.signal,
  });
  let count = 0;
  const reader = response.body!.getReader();
  void (async () => {
    const decoder = new TextDecoder();
    for (;;) {
      const chunk = await reader.read().catch(() => ({ done: true, value: undefined }));
      if (chunk.done) return;
      count += (decoder.decode(chunk.value).match(/^event: /gm) ?? []).length;
    }
  })();
  return { events: () => count, close: () => controller.abort() };
}

await load(); // warm-up
const without: number[] = [];
const withDashboard: number[] = [];
let received = 0;
for (let round = 0; round < rounds; round += 1) {
  without.push(await load());
  const dashboard = await subscribe();
  withDashboard.push(await load());
  received += dashboard.events();
  dashboard.close();
}
await gateway.stop();
await upstream.close();

const median = (values: number[]) =>
  [...values].sort((left, right) => left - right)[Math.floor(values.length / 2)]!;
const plain = median(without);
const watched = median(withDashboard);
console.log(
  `requests/s without a dashboard: ${without.map((value) => value.toFixed(0)).join(' ')} (median ${plain.toFixed(0)})`,
);
console.log(
  `requests/s with a dashboard:    ${withDashboard.map((value) => value.toFixed(0)).join(' ')} (median ${watched.toFixed(0)}; ${received} events received)`,
);
console.log(`difference: ${(((watched - plain) / plain) * 100).toFixed(1)}%`);
