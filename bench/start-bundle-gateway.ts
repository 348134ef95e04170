/**
 * A gateway bundle (this tree's or another commit's `dist-gateway/cli.mjs`) under the mock, started
 * as `npm run bench` starts it (spawn-gateway.ts: the gateway's Node flags, no malloc settings beyond
 * the caller's environment) and provisioned with the chat model, its virtual model and the agent
 * scenario's Anthropic model. Used by the before/after tools (`bench:agent`, `bench:compare`).
 */
import { randomBytes } from 'node:crypto';
import { spawnService, type ChildService } from './child-processes.ts';
import { childEnvironment, gatewaySettings } from './child-environment.ts';
import { freePort, waitForHealth } from './gateway-readiness.ts';
import { provisionGateway } from './provision-gateway.ts';
import { provisionScenarioModels } from './provision-scenario-models.ts';
import { gatewayNodeArgs } from '../scripts/build-gateway.mjs';

export interface BundleGateway {
  label: string;
  url: string;
  key: string;
  /** The chat model routed to the mock, and a priority virtual model over it. */
  chatModelName: string;
  virtualModelName: string;
  /** A model on an Anthropic provider at the mock. */
  anthropicModelName: string;
  pid: number;
}

export async function startBundleGateway(
  label: string,
  bundle: string,
  mockUrl: string,
  services: ChildService[],
  dataDirectory: string,
): Promise<BundleGateway> {
  const port = await freePort();
  const admin = { username: 'bench-admin', password: randomBytes(18).toString('base64url') };
  const gateway = spawnService(label, {
    command: process.execPath,
    args: [...gatewayNodeArgs, bundle],
    env: childEnvironment({ ...gatewaySettings({ port, dataDirectory, admin }), SHUTDOWN_GRACE_MS: '1000' }),
    cwd: dataDirectory,
  });
  services.push(gateway);
  const url = `http://127.0.0.1:${port}`;
  await waitForHealth(gateway, url, 60_000);
  const provisioned = await provisionGateway({ gatewayUrl: url, ...admin, upstreamBaseUrl: `${mockUrl}/v1` });
  const models = await provisionScenarioModels({ gatewayUrl: url, ...admin, mockUrl, holdMs: 1000 });
  return {
    label,
    url,
    key: provisioned.key,
    chatModelName: provisioned.modelName,
    virtualModelName: provisioned.virtualModelName,
    anthropicModelName: models.anthropicModelName,
    pid: gateway.pid,
  };
}
