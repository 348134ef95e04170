import { afterEach, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../support/start-test-gateway.ts';

let harness: TestGateway | undefined;

afterEach(async () => {
  await harness?.stop();
  harness = undefined;
});

describe('login throttling under parallel guesses', () => {
  it('checks at most five of 50 parallel wrong passwords; the rest answer 429 with Retry-After', async () => {
    harness = await startTestGateway();
    const guesses = await Promise.all(
      Array.from({ length: 50 }, (_, index) =>
        harness!.api('POST', '/api/auth/login', { username: 'admin', password: `guess-${index}` }, ''),
      ),
    );
    const statuses = guesses.map((answer) => answer.status);
    // A 401 means the password was hashed and compared; only the allowed five may get that far.
    expect(statuses.filter((status) => status === 401)).toHaveLength(5);
    expect(statuses.filter((status) => status === 429)).toHaveLength(45);
    const locked = guesses.find((answer) => answer.status === 429)!;
    expect(locked.body.error.code).toBe('too_many_attempts');
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);

    // The right password is locked out too, from this IP, until the window passes.
    const right = await harness.api(
      'POST',
      '/api/auth/login',
      { username: 'admin', password: 'correct-horse-battery' },
      '',
    );
    expect(right.status).toBe(429);
  });
});
