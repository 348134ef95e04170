import { readFileSync } from 'node:fs';

/** The reference SSE captures the official SDKs accepted (protocols.md 4). */
export type WireCapture = 'chat' | 'responses' | 'anthropic' | 'gemini';

/** The captures live in the repository: `tests/fixtures/wire/<name>.txt`. */
const fixtures = new URL('../fixtures/wire/', import.meta.url);

/** A reference capture's bytes (for tests that split it at every position). */
export function readWireCaptureBytes(name: WireCapture): Buffer {
  return readFileSync(new URL(`${name}.txt`, fixtures));
}

/** A reference capture as text. */
export function readWireCapture(name: WireCapture): string {
  return readWireCaptureBytes(name).toString('utf8');
}
