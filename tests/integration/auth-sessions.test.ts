import { afterEach, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../support/start-test-gateway.ts';

let harness: TestGateway | undefined;

afterEach(async () => {
  await harness?.stop();
  harness = undefined;
});

const password = 'correct-horse-battery';

async function login(current: TestGateway, secret = password): Promise<string> {
  const answer = await current.api('POST', '/api/auth/login', { username: 'admin', password: secret }, '');
  expect(answer.status).toBe(200);
  return answer.body.token as string;
}

async function meStatus(current: TestGateway, token: string): Promise<number> {
  return (await current.api('GET', '/api/auth/me', undefined, token)).status;
}

describe('admin sessions: logout, password change and token expiry', () => {
  it('logout refuses every login token of the admin, also after a restart; API tokens stay', async () => {
    harness = await startTestGateway();
    const first = harness.token;
    const second = await login(harness);
    const apiToken = (await harness.api('POST', '/api/api-tokens', { name: 'script' })).body.token as string;
    expect(await meStatus(harness, second)).toBe(200);

    const logout = await harness.api('POST', '/api/auth/logout', undefined, first);
    expect(logout.status).toBe(204);
    for (const token of [first, second]) {
      const refused = await harness.api('GET', '/api/providers', undefined, token);
      expect(refused.status).toBe(401);
      expect(refused.body.error.message).toMatch(/log in again/);
    }
    expect(await meStatus(harness, apiToken)).toBe(200);

    // The generation is stored, not held in memory: a restart does not bring the old tokens back.
    await harness.restart();
    expect(await meStatus(harness, first)).toBe(401);
    expect(await meStatus(harness, second)).toBe(401);
    expect(await meStatus(harness, harness.token)).toBe(200);
    expect(await meStatus(harness, apiToken)).toBe(200);
  });

  it('changes the password with the current one, ending every other session', async () => {
    harness = await startTestGateway();
    const other = await login(harness);
    const apiToken = (await harness.api('POST', '/api/api-tokens', { name: 'script' })).body.token as string;

    const wrong = await harness.api('POST', '/api/auth/password', {
      currentPassword: 'not-the-password',
      newPassword: 'a-brand-new-password',
    });
    expect(wrong.status).toBe(403);
    expect(wrong.body.error).toEqual({
      status: 403,
      code: 'invalid_credentials',
      message: 'The current password is wrong',
    });
    const short = await harness.api('POST', '/api/auth/password', {
      currentPassword: password,
      newPassword: 'short',
    });
    expect(short.status).toBe(400);
    expect(short.body.error.message).toMatch(/^newPassword:/);
    expect(await meStatus(harness, harness.token)).toBe(200);

    const changed = await harness.api('POST', '/api/auth/password', {
      currentPassword: password,
      newPassword: 'a-brand-new-password',
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toEqual({ token: expect.any(String), expiresAt: expect.any(String) });
    expect(await meStatus(harness, harness.token)).toBe(401);
    expect(await meStatus(harness, other)).toBe(401);
    expect(await meStatus(harness, changed.body.token)).toBe(200);
    // API tokens are separate credentials for scripts; they are revoked one by one.
    expect(await meStatus(harness, apiToken)).toBe(200);

    const old = await harness.api('POST', '/api/auth/login', { username: 'admin', password }, '');
    expect(old.status).toBe(401);
    expect(await meStatus(harness, await login(harness, 'a-brand-new-password'))).toBe(200);
  });

  it('refuses a past expiresAt, and a token minted with an API token outliving it', async () => {
    harness = await startTestGateway();
    const hour = 60 * 60 * 1000;
    const at = (offsetMs: number) => new Date(Date.now() + offsetMs).toISOString();

    const past = await harness.api('POST', '/api/api-tokens', { name: 'past', expiresAt: at(-hour) });
    expect(past.status).toBe(400);
    expect(past.body.error.message).toBe('expiresAt: must be in the future');

    const parent = await harness.api('POST', '/api/api-tokens', { name: 'parent', expiresAt: at(hour) });
    expect(parent.status).toBe(201);
    const parentToken = parent.body.token as string;
    expect((await harness.api('GET', '/api/auth/me', undefined, parentToken)).body).toMatchObject({
      via: 'api-token',
      expiresAt: parent.body.expiresAt,
    });

    const forever = await harness.api('POST', '/api/api-tokens', { name: 'forever' }, parentToken);
    expect(forever.status).toBe(400);
    expect(forever.body.error.message).toMatch(
      /^expiresAt: a token created with an API token cannot outlive it/,
    );
    const longer = await harness.api(
      'POST',
      '/api/api-tokens',
      { name: 'longer', expiresAt: at(2 * hour) },
      parentToken,
    );
    expect(longer.status).toBe(400);
    const shorter = await harness.api(
      'POST',
      '/api/api-tokens',
      { name: 'shorter', expiresAt: at(hour / 2) },
      parentToken,
    );
    expect(shorter.status).toBe(201);
    // Only the tokens that were created exist.
    const names = (await harness.api('GET', '/api/api-tokens')).body.data.map(
      (token: { name: string }) => token.name,
    );
    expect(names.sort()).toEqual(['parent', 'shorter']);

    // A login session (the admin at the keyboard) may still create a token without expiry.
    expect((await harness.api('POST', '/api/api-tokens', { name: 'ci' })).status).toBe(201);
  });
});
