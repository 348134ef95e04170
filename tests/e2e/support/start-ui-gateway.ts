import type { GatewayOptions } from '../../../src-gateway/index.ts';
import { ensureRendererBuild } from '../../support/build-renderer.ts';
import { startMockUpstream, type MockUpstream } from '../../support/mock-upstream.ts';
import { startTestGateway, testSetupCode, type TestGateway } from '../../support/start-test-gateway.ts';

export interface UiGateway {
  /** The gateway (127.0.0.1, port 0, temp SQLite), serving the freshly built UI at `/`. */
  harness: TestGateway;
  url: string;
  /** The code the first-run setup needs (what the headless CLI prints). */
  setupCode: string;
  /** A mock upstream when asked for (`withUpstream: true`). */
  upstream?: MockUpstream;
  stop(): Promise<void>;
}

/**
 * A real gateway for a browser test: the renderer built from the current sources (once for all
 * test files), served by the gateway like `npm start` does. `admin: false` leaves it at its first
 * run, so the test goes through the setup screen; otherwise an admin exists (`harness.token`,
 * username `admin`, password `correct-horse-battery`).
 */
export async function startUiGateway(
  options: { admin?: boolean; withUpstream?: boolean; gateway?: Partial<GatewayOptions> } = {},
): Promise<UiGateway> {
  const rendererDirectory = ensureRendererBuild();
  const upstream = options.withUpstream ? await startMockUpstream() : undefined;
  const harness = await startTestGateway(
    { rendererDirectory, liveStatsIntervalMs: 500, ...options.gateway },
    { setUpAdmin: options.admin !== false },
  );
  return {
    harness,
    url: harness.url,
    setupCode: testSetupCode,
    ...(upstream ? { upstream } : {}),
    async stop() {
      await harness.stop();
      await upstream?.close();
    },
  };
}

export const uiAdmin = { username: 'admin', password: 'correct-horse-battery' };
