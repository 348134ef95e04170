import { describe, expect, it } from 'vitest';
import { GatewayError, invalidRequest } from '../../lib/errors.ts';
import { encodeResponsesError } from './encode-responses-error.ts';
import { parseResponsesError } from './parse-responses-error.ts';

describe('encodeResponsesError', () => {
  it('renders the OpenAI error body with the param', () => {
    const rendered = encodeResponsesError(
      invalidRequest("Missing required parameter: 'model'.", 'model'),
      'req1',
    );
    expect(rendered.status).toBe(400);
    expect(rendered.body).toEqual({
      error: {
        message: "Missing required parameter: 'model'.",
        type: 'invalid_request_error',
        param: 'model',
        code: 'invalid_request_error',
      },
    });
  });

  it('sends 529 as 503 and passes retry-after and extra headers', () => {
    const rendered = encodeResponsesError(
      new GatewayError({
        status: 529,
        kind: 'overloaded',
        code: 'overloaded',
        message: 'Overloaded',
        retryAfter: 2.5,
        headers: { 'x-ratelimit-remaining-requests': '0' },
      }),
      'req1',
    );
    expect(rendered.status).toBe(503);
    expect(rendered.headers).toEqual({ 'x-ratelimit-remaining-requests': '0', 'retry-after': '3' });
    expect(rendered.body).toMatchObject({ error: { type: 'server_error', code: 'overloaded' } });
  });

  it('tells SDKs not to retry an upstream auth failure', () => {
    const rendered = encodeResponsesError(
      new GatewayError({
        status: 502,
        kind: 'upstream_auth',
        code: 'upstream_auth_error',
        message: 'Upstream rejected the key',
      }),
      'req1',
    );
    expect(rendered.headers?.['x-should-retry']).toBe('false');
  });

  it.each([
    [401, 'authentication', 'invalid_request_error'],
    [403, 'permission', 'permission_denied'],
    [429, 'rate_limit', 'rate_limit_exceeded'],
    [429, 'budget_exceeded', 'insufficient_quota'],
    [500, 'internal', 'server_error'],
    [504, 'timeout', 'timeout'],
  ] as const)('maps %i %s to type %s', (status, kind, type) => {
    const rendered = encodeResponsesError(
      new GatewayError({ status, kind, code: 'c', message: 'm' }),
      'req1',
    );
    expect(rendered.status).toBe(status);
    expect(rendered.body).toMatchObject({ error: { type } });
  });
});

describe('parseResponsesError', () => {
  it('reads the OpenAI error shape', () => {
    const body = JSON.stringify({
      error: { message: 'Bad key', type: 'invalid_request_error', code: 'invalid_api_key' },
    });
    expect(parseResponsesError(401, body)).toEqual({
      message: 'Bad key',
      code: 'invalid_api_key',
      type: 'invalid_request_error',
    });
  });

  it('reads the Codex backend detail shape', () => {
    expect(parseResponsesError(400, '{"detail":"Instructions are not valid"}')).toEqual({
      message: 'Instructions are not valid',
    });
  });

  it('tolerates non-JSON bodies and truncates them to 500 characters', () => {
    const html = `<html>${'x'.repeat(2000)}</html>`;
    const parsed = parseResponsesError(502, html);
    expect(parsed.message.startsWith('<html>')).toBe(true);
    expect(parsed.message.length).toBeLessThanOrEqual(501);
    expect(parseResponsesError(503, '')).toEqual({ message: 'Upstream returned HTTP 503' });
  });
});
