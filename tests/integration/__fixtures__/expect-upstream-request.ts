/**
 * What the upstream must have received from a translated (or passed-through)
 * request, asserted the same way for every inbound protocol.
 */
import { expect } from 'vitest';
import type { RecordedRequest } from '../../support/mock-upstream.ts';
import {
  expectedUpstreamPath,
  upstreamToolRoundTrip,
  upstreamUserText,
  type UpstreamCase,
} from './protocol-harness.ts';

/** A non-stream request reached `target`'s family, path and model with `userText` as the user's words. */
export function expectUpstreamRequest(
  received: RecordedRequest,
  target: UpstreamCase,
  userText: string,
): void {
  expect(received.path).toBe(expectedUpstreamPath(target.kind, false, target.upstreamModel));
  expect(received.family).toBe(target.kind);
  if (target.kind !== 'gemini') expect(received.body.model).toBe(target.upstreamModel);
  expect(upstreamUserText(target.kind, received.body)).toBe(userText);
}

/** A stream request reached `target`'s streaming path and asked that family for a stream. */
export function expectUpstreamStreamRequest(received: RecordedRequest, target: UpstreamCase): void {
  expect(received.path).toBe(expectedUpstreamPath(target.kind, true, target.upstreamModel));
  if (target.kind === 'gemini') expect(received.query.alt).toBe('sse');
  else expect(received.body.stream).toBe(true);
}

/**
 * The replayed `get_weather` call for Paris and its "Sunny, 21 C" result reached the
 * upstream in its family's shape, paired by `callId` (Gemini pairs them by name).
 */
export function expectWeatherRoundTrip(
  received: RecordedRequest,
  target: UpstreamCase,
  callId: string,
): void {
  const trip = upstreamToolRoundTrip(target.kind, received.body);
  expect(trip.call).toMatchObject({ name: 'get_weather', args: { location: 'Paris' } });
  expect(trip.result.text).toContain('Sunny, 21 C');
  if (target.kind === 'gemini') expect(trip.result.name).toBe('get_weather');
  else expect([trip.call.id, trip.result.id]).toEqual([callId, callId]);
}
