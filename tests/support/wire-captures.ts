import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The reference SSE captures the official SDKs accepted (protocols.md 4). */
export type WireCapture = 'chat' | 'responses' | 'anthropic' | 'gemini';

/** The repository root (this file lives in `tests/support/`). */
const repositoryRoot = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Read a reference capture from `../shared/data/wire/` beside the repository.
 * The captures are shared data and are never copied into the repo.
 */
export function readWireCapture(name: WireCapture): string {
  return readFileSync(new URL(`../shared/data/wire/${name}.txt`, `file://${repositoryRoot}`), 'utf8');
}
