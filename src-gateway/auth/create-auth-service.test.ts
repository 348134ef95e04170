import { randomBytes, scryptSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AdminError } from '../lib/admin-error.ts';
import { createRepositories } from '../storage/create-repositories.ts';
import { openDatabase } from '../storage/open-database.ts';
import { createAuthService } from './create-auth-service.ts';

function setup() {
  const repositories = createRepositories(openDatabase(':memory:'));
  let now = Date.parse('2026-05-01T00:00:00Z');
  const auth = createAuthService({
    repositories,
    jwtSecret: randomBytes(32),
    clock: { now: () => now },
    tokenTtlSeconds: 3600,
  });
  return { auth, repositories, advance: (ms: number) => (now += ms) };
}

async function status(promise: Promise<unknown>): Promise<number> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(AdminError);
  return (error as AdminError).status;
}

const credentials = { username: 'root', password: 'long-enough-pass' };

describe('createAuthService', () => {
  it('sets up the first admin once, then logs in with a JWT that expires', async () => {
    const { auth, repositories, advance } = setup();
    expect(await auth.status()).toEqual({ needsSetup: true });
    expect(await status(auth.setup({ username: 'root', password: 'short' }))).toBe(400);
    const session = await auth.setup(credentials);
    expect(session.expiresAt).toBe('2026-05-01T01:00:00.000Z');
    expect(await auth.status()).toEqual({ needsSetup: false });
    expect(await status(auth.setup({ username: 'other', password: 'long-enough-pass' }))).toBe(409);
    expect((await repositories.admins.findByUsername('root'))?.passwordHash).not.toContain(
      credentials.password,
    );

    const login = await auth.login({ username: 'ROOT', password: credentials.password }, '127.0.0.1');
    expect(await auth.verify(login.token)).toMatchObject({ username: 'root', via: 'login' });
    expect(await status(auth.verify(`${login.token}x`))).toBe(401);
    advance(3601_000);
    expect(await status(auth.verify(login.token))).toBe(401);
  });

  it('makes a hash from an earlier release (other scrypt parameters) again at login, keeping sessions', async () => {
    const { auth, repositories } = setup();
    await auth.setup(credentials);
    const admin = (await repositories.admins.findByUsername('root'))!;
    const before = await auth.login(credentials, '127.0.0.1');
    // What releases before this one stored: 2^14.
    const salt = randomBytes(16);

    const oldHash = `scrypt$16384$8$1$${salt.toString('base64')}$${scryptSync(credentials.password, salt, 64, { N: 16384, r: 8, p: 1 }).toString('base64')}`;
    await repositories.admins.replacePasswordHash(admin.id, oldHash);

    expect(await status(auth.login({ ...credentials, password: 'wrong-password!' }, '127.0.0.1'))).toBe(401);
    expect((await repositories.admins.findByUsername('root'))?.passwordHash).toBe(oldHash);
    await auth.login(credentials, '127.0.0.1');
    const rehashed = (await repositories.admins.findByUsername('root'))!.passwordHash;
    expect(rehashed.startsWith('scrypt$32768$8$1$')).toBe(true);
    expect(await auth.verify(before.token)).toMatchObject({ username: 'root' });
    await auth.login(credentials, '127.0.0.1');
    expect((await repositories.admins.findByUsername('root'))!.passwordHash).toBe(rehashed);
  });

  it('refuses tokens signed with another secret', async () => {
    const first = setup();
    const session = await first.auth.setup(credentials);
    const other = createAuthService({
      repositories: first.repositories,
      jwtSecret: randomBytes(32),
      clock: { now: () => Date.parse('2026-05-01T00:00:00Z') },
    });
    expect(await status(other.verify(session.token))).toBe(401);
  });

  it('answers 401 for bad credentials and 429 after five failures per username and IP', async () => {
    const { auth, advance } = setup();
    await auth.setup(credentials);
    for (let attempt = 0; attempt < 5; attempt++) {
      expect(await status(auth.login({ username: 'root', password: 'wrong-password' }, '10.0.0.1'))).toBe(
        401,
      );
    }
    const locked = await auth.login(credentials, '10.0.0.1').catch((error: AdminError) => error);
    expect(locked).toMatchObject({ status: 429, retryAfter: 900 });
    // Another IP is not locked out, and unknown users get the same 401.
    expect((await auth.login(credentials, '10.0.0.2')).token).toBeTruthy();
    expect(await status(auth.login({ username: 'nobody', password: 'whatever' }, '10.0.0.2'))).toBe(401);
    advance(15 * 60_000 + 1);
    expect((await auth.login(credentials, '10.0.0.1')).token).toBeTruthy();
  });

  it('creates, verifies, lists and revokes API tokens stored only as hashes', async () => {
    const { auth, repositories, advance } = setup();
    const session = await auth.setup(credentials);
    const principal = await auth.verify(session.token);
    const created = await auth.createApiToken(principal, { name: 'ci' });
    expect(created.token).toMatch(/^gw_[A-Za-z0-9_-]{43}$/);
    expect(created.tokenHint).toBe(created.token.slice(-4));
    expect(await auth.verify(created.token)).toMatchObject({ username: 'root', via: 'api-token' });
    const stored = await repositories.apiTokens.get(created.id);
    expect(JSON.stringify(stored)).not.toContain(created.token);
    expect(stored?.lastUsedAt).toBe('2026-05-01T00:00:00.000Z');
    const listed = await auth.listApiTokens();
    expect(listed).toHaveLength(1);
    expect(listed[0]).not.toHaveProperty('token');
    expect(listed[0]).not.toHaveProperty('tokenHash');

    const expiring = await auth.createApiToken(principal, {
      name: 'short',
      expiresAt: '2026-05-01T00:10:00Z',
    });
    advance(11 * 60_000);
    expect(await status(auth.verify(expiring.token))).toBe(401);

    await auth.revokeApiToken(created.id);
    expect(await status(auth.verify(created.token))).toBe(401);
    expect(await status(auth.revokeApiToken(created.id))).toBe(404);
  });

  it('provisions an admin from the environment only when none exists', async () => {
    const { auth } = setup();
    expect(await auth.ensureAdminFromEnv(undefined, 'long-enough-pass')).toBe(false);
    await expect(auth.ensureAdminFromEnv('ops', 'short')).rejects.toMatchObject({ status: 400 });
    expect(await auth.ensureAdminFromEnv('ops', 'long-enough-pass')).toBe(true);
    expect(await auth.ensureAdminFromEnv('ops2', 'long-enough-pass')).toBe(false);
    expect((await auth.login({ username: 'ops', password: 'long-enough-pass' }, '::1')).token).toBeTruthy();
    expect(await status(auth.login({ username: 'ops2', password: 'long-enough-pass' }, '::1'))).toBe(401);
  });
});
