import { describe, expect, it } from 'vitest';
import { GatewayError, invalidRequest } from '../../lib/errors.ts';
import { encodeChatError } from './encode-chat-error.ts';
import { parseChatError } from './parse-chat-error.ts';

describe('encodeChatError', () => {
  it('renders a 400 with the bad parameter', () => {
    expect(encodeChatError(invalidRequest("Invalid 'messages'", 'messages'), 'r1')).toEqual({
      status: 400,
      body: {
        error: {
          message: "Invalid 'messages'",
          type: 'invalid_request_error',
          param: 'messages',
          code: 'invalid_request_error',
        },
      },
    });
  });

  it('sends 503 instead of 529 and keeps retry-after and extra headers', () => {
    const error = new GatewayError({
      status: 529,
      kind: 'overloaded',
      code: 'overloaded',
      message: 'Upstream overloaded',
      retryAfter: 2.5,
      headers: { 'x-ratelimit-remaining-requests': '0' },
    });
    expect(encodeChatError(error, 'r1')).toEqual({
      status: 503,
      body: {
        error: { message: 'Upstream overloaded', type: 'server_error', param: null, code: 'overloaded' },
      },
      headers: { 'x-ratelimit-remaining-requests': '0', 'retry-after': '3' },
    });
  });

  it('picks the type by status and kind', () => {
    const render = (status: number, kind: GatewayError['kind']) =>
      encodeChatError(new GatewayError({ status, kind, code: 'c', message: 'm' }), 'r').body.error.type;
    expect(render(401, 'authentication')).toBe('invalid_request_error');
    expect(render(403, 'permission')).toBe('permission_denied');
    expect(render(404, 'not_found')).toBe('invalid_request_error');
    expect(render(429, 'rate_limit')).toBe('rate_limit_exceeded');
    expect(render(429, 'budget_exceeded')).toBe('insufficient_quota');
    expect(render(500, 'internal')).toBe('server_error');
    expect(render(504, 'timeout')).toBe('timeout');
  });

  it('tells SDKs not to retry when the upstream rejected the gateway credentials', () => {
    const error = new GatewayError({
      status: 502,
      kind: 'upstream_auth',
      code: 'upstream_auth_error',
      message: 'bad key',
    });
    expect(encodeChatError(error, 'r').headers).toEqual({ 'x-should-retry': 'false' });
  });
});

describe('parseChatError', () => {
  it('reads the OpenAI error shape', () => {
    const body = JSON.stringify({
      error: {
        message: 'Incorrect API key provided',
        type: 'invalid_request_error',
        param: null,
        code: 'invalid_api_key',
      },
    });
    expect(parseChatError(401, body)).toEqual({
      message: 'Incorrect API key provided',
      code: 'invalid_api_key',
      type: 'invalid_request_error',
    });
  });

  it('reads common vendor variants', () => {
    expect(parseChatError(400, '{"error":"model is required"}')).toEqual({ message: 'model is required' });
    expect(parseChatError(400, '{"detail":"Instructions are not valid"}')).toEqual({
      message: 'Instructions are not valid',
    });
    expect(
      parseChatError(429, '[{"error":{"code":429,"message":"Quota","status":"RESOURCE_EXHAUSTED"}}]'),
    ).toEqual({
      message: 'Quota',
      code: '429',
      type: 'RESOURCE_EXHAUSTED',
    });
  });

  it('passes non-JSON bodies on, truncated to 500 characters', () => {
    expect(parseChatError(502, '<html>Bad Gateway</html>')).toEqual({ message: '<html>Bad Gateway</html>' });
    const long = parseChatError(500, 'x'.repeat(2000)).message;
    expect(long.startsWith('x'.repeat(500))).toBe(true);
    expect(long.length).toBeLessThanOrEqual(501);
    expect(parseChatError(503, '   ')).toEqual({ message: 'Upstream returned HTTP 503' });
  });
});
