import { jsonPieces } from './json-pieces.ts';

/**
 * Below this the body's one string and Buffer stay small enough to be cheap: V8 puts strings of
 * 128 KB and more in its large-object space, and glibc serves allocations that large with fresh
 * mappings (its mmap threshold, which `MALLOC_TRIM_THRESHOLD_` keeps there), each paid in page faults.
 */
const piecewiseFromBytes = 128 * 1024;
/** The Buffers a large body is written into: malloc serves them from its free lists, not fresh pages. */
const bufferBytes = 64 * 1024;

/** Serialized pieces written one after the other into Buffers of `bufferBytes`. */
class PieceWriter {
  readonly buffers: Buffer[] = [];
  #buffer = Buffer.allocUnsafe(bufferBytes);
  #offset = 0;

  write(text: string): void {
    const room = this.#buffer.length - this.#offset;
    // A UTF-16 unit is at most 3 bytes of UTF-8: only a piece that might not fit is measured.
    if (text.length * 3 > room) {
      const bytes = Buffer.byteLength(text);
      if (bytes > room) {
        this.#flush();
        if (bytes > bufferBytes) {
          this.buffers.push(Buffer.from(text));
          return;
        }
      }
    }
    this.#offset += this.#buffer.write(text, this.#offset);
  }

  finish(): Buffer[] {
    this.#flush();
    return this.buffers;
  }

  #flush(): void {
    if (this.#offset > 0) this.buffers.push(this.#buffer.subarray(0, this.#offset));
    this.#buffer = Buffer.allocUnsafe(bufferBytes);
    this.#offset = 0;
  }
}

/**
 * An upstream body as JSON: the string `JSON.stringify(body)` for an ordinary request, or, for a
 * large one (`sizeHint`: the client's body in bytes, 128 KB or more), the same bytes as Buffers of
 * 64 KB. The body's pieces (json-pieces.ts) are written straight into the Buffers, so no string or
 * Buffer as large as the body is ever made: on this kind of VM a fresh allocation of hundreds of
 * KB costs more in page faults than the serialization (docs/performance.md, "Agent-size
 * pass-through").
 */
export function serializeJsonBody(body: Record<string, unknown>, sizeHint: number): string | Buffer[] {
  if (sizeHint < piecewiseFromBytes) return JSON.stringify(body);
  const writer = new PieceWriter();
  for (const piece of jsonPieces(body)) writer.write(piece);
  return writer.finish();
}
