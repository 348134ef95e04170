import { describe, expect, it } from 'vitest';
import { GatewayError, invalidRequest, type ErrorKind } from '../../lib/errors.ts';
import { encodeAnthropicError } from './encode-anthropic-error.ts';
import { parseAnthropicError } from './parse-anthropic-error.ts';

function gatewayError(
  status: number,
  kind: ErrorKind,
  extra: Partial<ConstructorParameters<typeof GatewayError>[0]> = {},
) {
  return new GatewayError({ status, kind, code: 'c', message: 'm', ...extra });
}

describe('encodeAnthropicError', () => {
  it.each([
    [invalidRequest('bad'), 400, 'invalid_request_error'],
    [gatewayError(401, 'authentication'), 401, 'authentication_error'],
    [gatewayError(403, 'permission'), 403, 'permission_error'],
    [gatewayError(404, 'not_found'), 404, 'not_found_error'],
    [gatewayError(413, 'request_too_large'), 413, 'request_too_large'],
    [gatewayError(429, 'rate_limit'), 429, 'rate_limit_error'],
    [gatewayError(500, 'internal'), 500, 'api_error'],
    [gatewayError(503, 'overloaded'), 529, 'overloaded_error'],
    [gatewayError(503, 'upstream'), 529, 'overloaded_error'],
    [gatewayError(504, 'timeout'), 504, 'timeout_error'],
    [gatewayError(502, 'upstream'), 502, 'api_error'],
  ])('renders %s as %i %s', (error, status, type) => {
    const encoded = encodeAnthropicError(error, 'req_1');
    expect(encoded.status).toBe(status);
    expect(encoded.body).toEqual({
      type: 'error',
      error: { type, message: error.message },
      request_id: 'req_1',
    });
  });

  it('reports an exhausted budget as a 429 that says so and must not be retried', () => {
    const encoded = encodeAnthropicError(
      gatewayError(402, 'budget_exceeded', { message: 'Key limit reached' }),
      'abc',
    );
    expect(encoded.status).toBe(429);
    expect(encoded.body.error).toEqual({
      type: 'rate_limit_error',
      message: 'Budget exceeded: Key limit reached',
    });
    expect(encoded.body.request_id).toBe('req_abc');
    expect(encoded.headers).toMatchObject({ 'x-should-retry': 'false' });
  });

  it('reports a rejected upstream key as a non-retryable 502 api_error and passes retry-after and headers', () => {
    const auth = encodeAnthropicError(
      gatewayError(401, 'upstream_auth', { message: 'Upstream rejected the key' }),
      'r',
    );
    expect(auth.status).toBe(502);
    expect(auth.body.error.type).toBe('api_error');
    expect(auth.headers).toEqual({ 'x-should-retry': 'false' });
    const limited = encodeAnthropicError(
      gatewayError(429, 'rate_limit', {
        retryAfter: 7.2,
        headers: { 'x-ratelimit-remaining-requests': '0' },
      }),
      'r',
    );
    expect(limited.headers).toEqual({ 'retry-after': '8', 'x-ratelimit-remaining-requests': '0' });
  });
});

describe('parseAnthropicError', () => {
  it('reads the Anthropic, OpenAI and musistudio shapes', () => {
    expect(
      parseAnthropicError(529, '{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}'),
    ).toEqual({ message: 'Overloaded', code: 'overloaded_error', type: 'overloaded_error' });
    expect(
      parseAnthropicError(400, '{"error":{"message":"bad","type":"invalid_request_error","code":"x1"}}'),
    ).toEqual({
      message: 'bad',
      code: 'x1',
      type: 'invalid_request_error',
    });
    expect(
      parseAnthropicError(500, '{"type":"error","message":{"type":"api_error","message":"boom"}}'),
    ).toMatchObject({
      message: 'boom',
    });
  });

  it('tolerates non-JSON bodies and truncates them to 500 characters', () => {
    const html = `<html>${'x'.repeat(2000)}</html>`;
    const parsed = parseAnthropicError(502, html);
    expect(parsed.message.startsWith('<html>')).toBe(true);
    expect(parsed.message.length).toBeLessThanOrEqual(501);
    expect(parseAnthropicError(503, '')).toEqual({ message: 'Upstream returned HTTP 503' });
  });
});
