import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import { validate as lintDockerfile } from 'dockerfile-utils';
import { describe, expect, it } from 'vitest';
import { gatewayNodeArgs } from '../scripts/build-gateway.mjs';

/**
 * The headless deployment files (Dockerfile, deploy/compose.yaml, deploy/llm-gateway.service)
 * checked against what the gateway needs, without a Docker daemon (there is none where the tests
 * run; docs/deployment.md says what was not run). The compose file is parsed as YAML; the unit is
 * also given to `systemd-analyze verify` where systemd is installed.
 */
const root = path.resolve(import.meta.dirname, '..');
const read = (file: string) => readFileSync(path.join(root, file), 'utf8');

/** Dockerfile instructions of one stage, continuation lines joined, comments dropped. */
function stages(dockerfile: string): string[][] {
  const instructions = dockerfile
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  const result: string[][] = [];
  for (const instruction of instructions) {
    if (/^FROM\s/i.test(instruction)) result.push([]);
    result.at(-1)?.push(instruction);
  }
  return result;
}

describe('Dockerfile', () => {
  const [build, run] = stages(read('Dockerfile'));
  const find = (stage: string[] | undefined, keyword: string) =>
    (stage ?? []).filter((instruction) => instruction.toUpperCase().startsWith(`${keyword} `));

  it('passes the Dockerfile linter of the VS Code Docker extension (dockerfile-utils)', () => {
    const problems = lintDockerfile(read('Dockerfile')).map(
      (problem) => `line ${problem.range.start.line + 1}: ${problem.message}`,
    );
    expect(problems).toEqual([]);
    // The linter finds what it should: a broken instruction is reported.
    expect(lintDockerfile('FROM node:20\nEXPOSE eighty\n')).not.toHaveLength(0);
  });

  it('builds in one stage with npm ci and runs from another, on Node 20', () => {
    expect(stages(read('Dockerfile'))).toHaveLength(2);
    expect(build![0]).toMatch(/^FROM node:20-bookworm-slim AS build$/);
    expect(run![0]).toMatch(/^FROM node:20-bookworm-slim$/);
    expect(find(build, 'RUN').join('\n')).toMatch(/npm ci\b/);
    expect(find(build, 'RUN').join('\n')).toMatch(/npm prune --omit=dev/);
    expect(find(run, 'RUN').join('\n')).not.toMatch(/npm (ci|install)/);
  });

  it('runs the bundle npm run serve runs, with its node flags, as a user that is not root', () => {
    const user = find(run, 'USER');
    expect(user).toHaveLength(1);
    expect(user[0]).not.toMatch(/USER\s+(root|0)(:|$)/);
    const cmd = JSON.parse(find(run, 'CMD')[0]!.slice(4)) as string[];
    expect(cmd).toEqual(['node', ...gatewayNodeArgs, 'dist-gateway/cli.mjs']);
    // cli.ts finds the pages one level above its bundle, and package.json for the version.
    const copied = find(run, 'COPY').map((instruction) => instruction.split(/\s+/).at(-1));
    expect(copied).toEqual(
      expect.arrayContaining([
        './package.json',
        './node_modules',
        './dist-gateway',
        './dist-renderer',
        './dist-status',
      ]),
    );
  });

  it('keeps its state in the /data volume and listens on all addresses of the container', () => {
    expect(find(run, 'VOLUME')).toEqual(['VOLUME ["/data"]']);
    const env = find(run, 'ENV').join(' ');
    expect(env).toMatch(/DB_PATH=\/data\/gateway\.db/);
    expect(env).toMatch(/HOST=0\.0\.0\.0/);
    expect(env).toMatch(/PORT=3000/);
    expect(find(run, 'EXPOSE')).toEqual(['EXPOSE 3000']);
  });

  it('checks its health at /healthz over loopback (an IP the Host check always allows)', () => {
    const healthcheck = find(run, 'HEALTHCHECK');
    expect(healthcheck).toHaveLength(1);
    expect(healthcheck[0]).toMatch(/--interval=\d+s/);
    expect(healthcheck[0]).toContain("fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz')");
  });

  it('leaves secrets, data and dependencies out of the build context, and nothing the build needs', () => {
    const ignored = read('.dockerignore')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '' && !line.startsWith('#'));
    expect(ignored).toEqual(expect.arrayContaining(['.git', 'node_modules', 'data', '.env', 'dist-*']));
    for (const needed of [
      'src-gateway',
      'src-renderer',
      'src-shared',
      'src-status',
      'scripts',
      'package-lock.json',
    ])
      expect(ignored).not.toContain(needed);
  });
});

describe('deploy/compose.yaml', () => {
  const compose = yaml.load(read('deploy/compose.yaml')) as any;
  const gateway = compose.services.gateway;
  const proxy = compose.services.proxy;

  it('builds the Dockerfile and keeps /data in a named volume', () => {
    expect(existsSync(path.resolve(root, 'deploy', gateway.build.context, gateway.build.dockerfile))).toBe(
      true,
    );
    expect(gateway.volumes).toContain('gateway-data:/data');
    expect(Object.keys(compose.volumes)).toContain('gateway-data');
  });

  it('publishes only the TLS proxy; the gateway answers only to the configured name', () => {
    expect(gateway.ports).toBeUndefined();
    expect(gateway.expose).toEqual(['3000']);
    expect(proxy.ports).toContain('443:443');
    expect(gateway.environment).toMatchObject({ HOST: '0.0.0.0', PORT: '3000' });
    expect(gateway.environment.ALLOWED_HOSTS).toMatch(/^\$\{LLM_GATEWAY_DOMAIN:\?/);
    expect(gateway.environment.ADMIN_PASSWORD).toMatch(/^\$\{LLM_GATEWAY_ADMIN_PASSWORD:\?/);
    const caddyfile = read('deploy/Caddyfile');
    expect(proxy.volumes).toContain('./Caddyfile:/etc/caddy/Caddyfile:ro');
    expect(caddyfile).toMatch(/reverse_proxy gateway:3000/);
    expect(caddyfile).toMatch(/flush_interval -1/);
  });

  it('runs the gateway read-only, without capabilities, and waits for its health check', () => {
    expect(gateway.read_only).toBe(true);
    expect(gateway.tmpfs).toEqual(['/tmp']);
    expect(gateway.cap_drop).toEqual(['ALL']);
    expect(gateway.security_opt).toContain('no-new-privileges:true');
    expect(gateway.healthcheck.test.join(' ')).toContain('/healthz');
    expect(proxy.depends_on.gateway.condition).toBe('service_healthy');
  });
});

describe('deploy/llm-gateway.service', () => {
  const unit = read('deploy/llm-gateway.service');
  const settings = new Map<string, string[]>();
  for (const line of unit.split('\n')) {
    const match = /^([A-Za-z]+)=(.*)$/.exec(line.trim());
    if (match) settings.set(match[1]!, [...(settings.get(match[1]!) ?? []), match[2]!]);
  }
  const one = (name: string) => settings.get(name)?.[0];

  it('runs the bundle with its flags as a dynamic user, its state in StateDirectory', () => {
    expect(one('DynamicUser')).toBe('yes');
    expect(one('StateDirectory')).toBe('llm-gateway');
    expect(settings.get('Environment')).toContain('DB_PATH=/var/lib/llm-gateway/gateway.db');
    expect(settings.get('Environment')).toContain('HOST=127.0.0.1');
    expect(one('ExecStart')!.split(' ')).toEqual([
      '/usr/bin/node',
      ...gatewayNodeArgs,
      '/opt/llm-gateway/dist-gateway/cli.mjs',
    ]);
  });

  it('is hardened', () => {
    expect(one('ProtectSystem')).toBe('strict');
    expect(one('ProtectHome')).toBe('yes');
    expect(one('NoNewPrivileges')).toBe('yes');
    expect(one('PrivateTmp')).toBe('yes');
    expect(one('CapabilityBoundingSet')).toBe('');
    expect(one('UMask')).toBe('0077');
  });

  const analyze = spawnSync('systemd-analyze', ['--version'], { encoding: 'utf8' });
  it.skipIf(analyze.status !== 0)('passes systemd-analyze verify', () => {
    const verified = spawnSync('systemd-analyze', ['verify', path.join(root, 'deploy/llm-gateway.service')], {
      encoding: 'utf8',
    });
    // A missing /usr/bin/node is the only complaint allowed (a machine without a system Node).
    const complaints = verified.stderr
      .split('\n')
      .filter((line) => line.trim() !== '' && !line.includes('/usr/bin/node is not executable'));
    expect(complaints).toEqual([]);
  });
});
