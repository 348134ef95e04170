import { isUtf8 } from 'node:buffer';

const quote = 0x22;
const backslash = 0x5c;
const openBrace = 0x7b;
const closeBrace = 0x7d;
const openBracket = 0x5b;
const closeBracket = 0x5d;
const colon = 0x3a;
const comma = 0x2c;

// Where the scan is in the top-level object's skeleton (outside the pieces JSON.parse reads).
const beforeObject = 0;
const firstKeyOrEnd = 1;
const nextKey = 2;
const inKey = 3;
const afterKey = 4;
const beforeValue = 5;
const inValue = 6;
const firstElementOrEnd = 7;
const nextElement = 8;
const inElement = 9;
const afterArray = 10;
const afterObject = 11;

/** Array elements smaller than this are parsed in groups (one JSON.parse per group, not per element)… */
const smallElementBytes = 256;
/** …of up to about this many bytes. */
const groupBytes = 8 * 1024;

function isWhitespace(byte: number): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}

/** A span of a body's bytes, as offsets from its first byte. */
export interface ByteRange {
  start: number;
  end: number;
}

/** A JSON body's bytes as they arrived, and where its top-level `model` string is. */
export interface RawJsonBody {
  /** The chunks as they arrived, never joined. */
  chunks: Buffer[];
  size: number;
  /**
   * The top-level `model` string token (its quotes included), when the object has exactly one
   * `model` member, its value is a string and every byte is valid UTF-8: editing these bytes then
   * means exactly what editing the parsed value means.
   */
  model: ByteRange | undefined;
}

/** A JSON object body read by `ChunkedJsonParser`. */
export interface ChunkedJsonBody extends RawJsonBody {
  /** What `JSON.parse` of the whole body returns: same members, same order, same values. */
  value: Record<string, unknown>;
}

/**
 * Parses a JSON object body chunk by chunk as it arrives, without joining the chunks or decoding
 * the whole body into one string: one byte scan finds the top-level members and the elements of
 * top-level arrays (`messages`, `tools`, `input`, `contents`), and each is decoded and handed to
 * `JSON.parse` on its own as soon as its last byte is in (small elements in groups of a few KB: a
 * call per token of a token array would cost more than the parse). An agent-size body (hundreds of KB) is
 * then parsed from strings of a few KB, each in the young generation, instead of one string as large
 * as the body: on this kind of VM a fresh 400 KB allocation alone costs milliseconds of page faults,
 * more than the parse (docs/performance.md, "Agent-size pass-through"). The same scan counts the
 * nesting, so no walk over the parsed value is needed for the depth limit.
 *
 * `end()` answers undefined whenever the body is anything but a JSON object nested at most
 * `maxDepth` levels (`{}` is one) that the scan and `JSON.parse` read without doubt: the caller then
 * parses the whole body the ordinary way, which finds the exact error (or, should the scan ever
 * decline a valid body, the same value).
 */
export class ChunkedJsonParser {
  readonly #maxDepth: number;
  readonly #chunks: Buffer[] = [];
  /** Offset of each chunk's first byte in the body. */
  readonly #starts: number[] = [];
  #size = 0;
  #failed = false;
  #state = beforeObject;
  /** Nesting of the byte being scanned: 1 inside the top-level object, 2 inside a top-level array. */
  #depth = 0;
  #inString = false;
  /** Backslashes that ended the previous chunk inside a string (an odd count escapes the next byte). */
  #carriedBackslashes = 0;
  /** Where the piece being scanned (a key, a member's value, an array element) starts. */
  #pieceStart = 0;
  #pieceChunk = 0;
  /** The end of a member value's first string at the member's level: a string value's token end. */
  #pieceStringEnd = -1;
  #key = '';
  #array: unknown[] = [];
  /** Where the array element being scanned starts. */
  #elementStart = 0;
  #elementChunk = 0;
  /** Small elements read but not parsed yet: they run from the piece's start to `#groupEnd`. */
  #groupCount = 0;
  #groupEnd = 0;
  #groupEndChunk = 0;
  readonly #value: Record<string, unknown> = {};
  #models = 0;
  #model: ByteRange | undefined;
  #validUtf8 = true;
  /** The start of a UTF-8 sequence the last chunk ended in the middle of. */
  #utf8Tail: Buffer | undefined;

  constructor(maxDepth: number) {
    this.#maxDepth = maxDepth;
  }

  /** The chunks written so far (for a caller that falls back to parsing them whole). */
  get chunks(): Buffer[] {
    return this.#chunks;
  }

  /** Scan the next chunk and parse whichever pieces it completes. */
  write(chunk: Buffer): void {
    const chunkIndex = this.#chunks.length;
    const base = this.#size;
    this.#chunks.push(chunk);
    this.#starts.push(base);
    this.#size += chunk.length;
    if (this.#validUtf8 && !this.#failed) this.#checkUtf8(chunk);
    const length = chunk.length;
    let index = 0;
    while (index < length && !this.#failed) {
      if (this.#inString) {
        index = this.#skipString(chunk, index, base);
        continue;
      }
      const byte = chunk[index]!;
      switch (this.#state) {
        case inValue:
        case inElement: {
          const level = this.#state === inValue ? 1 : 2;
          index = this.#scanPiece(chunk, index, base, level);
          if (index === length || this.#failed) break;
          // The piece ends at this comma or bracket, at the level of the object or the array.
          const end = chunk[index]!;
          if (this.#state === inValue) {
            if (end === closeBracket) this.#failed = true;
            else {
              this.#finishMember(chunkIndex, index);
              this.#state = end === comma ? nextKey : afterObject;
            }
          } else if (end === closeBrace) {
            this.#failed = true;
          } else {
            this.#finishElement(chunkIndex, index, base + index);
            if (end === comma) this.#state = nextElement;
            else this.#finishArray();
          }
          index++;
          break;
        }
        case firstKeyOrEnd:
        case nextKey:
          if (byte === quote) {
            this.#startPiece(chunkIndex, base + index);
            this.#inString = true;
            this.#carriedBackslashes = 0;
            this.#state = inKey;
          } else if (byte === closeBrace && this.#state === firstKeyOrEnd) {
            this.#state = afterObject;
          } else if (!isWhitespace(byte)) this.#failed = true;
          index++;
          break;
        case beforeValue:
          if (isWhitespace(byte)) index++;
          else if (byte === openBracket) {
            if (this.#maxDepth < 2) this.#failed = true;
            this.#depth = 2;
            this.#array = [];
            this.#state = firstElementOrEnd;
            index++;
          } else {
            this.#startPiece(chunkIndex, base + index);
            this.#pieceStringEnd = -1;
            this.#state = inValue;
          }
          break;
        case firstElementOrEnd:
        case nextElement:
          if (isWhitespace(byte)) index++;
          else if (byte === closeBracket && this.#state === firstElementOrEnd) {
            this.#finishArray();
            index++;
          } else {
            this.#elementStart = base + index;
            this.#elementChunk = chunkIndex;
            this.#state = inElement;
          }
          break;
        default:
          index = this.#skeletonByte(byte, index);
      }
    }
  }

  /** The parsed body, or undefined when the caller must parse the whole body itself. */
  end(): ChunkedJsonBody | undefined {
    if (this.#failed || this.#inString || this.#state !== afterObject) return undefined;
    return {
      value: this.#value,
      chunks: this.#chunks,
      size: this.#size,
      model: this.#models === 1 && this.#validUtf8 && !this.#utf8Tail ? this.#model : undefined,
    };
  }

  /**
   * Scan a member's value or an array element from `index` (the hot loop): strings are skipped
   * natively, nesting is counted. Stops at the comma or bracket that ends the piece (its index is
   * returned), or at the chunk's end (`chunk.length`).
   */
  #scanPiece(chunk: Buffer, index: number, base: number, level: number): number {
    const length = chunk.length;
    let depth = this.#depth;
    while (index < length) {
      const byte = chunk[index]!;
      if (byte === quote) {
        this.#depth = depth;
        this.#inString = true;
        this.#carriedBackslashes = 0;
        index = this.#skipString(chunk, index + 1, base);
        if (this.#inString) return length;
        continue;
      }
      if (byte === openBrace || byte === openBracket) {
        if (++depth > this.#maxDepth) {
          this.#failed = true;
          return length;
        }
      } else if (byte === closeBrace || byte === closeBracket) {
        if (depth === level) break;
        depth--;
      } else if (byte === comma && depth === level) break;
      index++;
    }
    this.#depth = depth;
    return index;
  }

  /** The skeleton between pieces: the object's braces, a key's colon, the comma after an array. */
  #skeletonByte(byte: number, index: number): number {
    if (isWhitespace(byte)) return index + 1;
    switch (this.#state) {
      case beforeObject:
        if (byte !== openBrace) break;
        this.#depth = 1;
        this.#state = firstKeyOrEnd;
        return index + 1;
      case afterKey:
        if (byte !== colon) break;
        this.#state = beforeValue;
        return index + 1;
      case afterArray:
        if (byte === comma) this.#state = nextKey;
        else if (byte === closeBrace) this.#state = afterObject;
        else break;
        return index + 1;
    }
    this.#failed = true;
    return index + 1;
  }

  /**
   * Skip string content from `index` to just past its closing quote (or the chunk's end): the
   * native search finds each quote, and only the backslashes right before it are counted.
   */
  #skipString(chunk: Buffer, index: number, base: number): number {
    let from = index;
    for (;;) {
      const close = chunk.indexOf(quote, from);
      if (close < 0) {
        let at = chunk.length - 1;
        while (at >= index && chunk[at] === backslash) at--;
        const run = chunk.length - 1 - at;
        this.#carriedBackslashes = at < index ? this.#carriedBackslashes + run : run;
        return chunk.length;
      }
      let at = close - 1;
      while (at >= index && chunk[at] === backslash) at--;
      const run = close - 1 - at + (at < index ? this.#carriedBackslashes : 0);
      if (run % 2 === 0) {
        this.#inString = false;
        this.#carriedBackslashes = 0;
        this.#stringClosed(base + close + 1, close + 1);
        return close + 1;
      }
      from = close + 1;
    }
  }

  #stringClosed(end: number, localEnd: number): void {
    if (this.#state === inKey) {
      const key = this.#parsePiece(this.#chunks.length - 1, localEnd);
      this.#key = key as string;
      this.#state = afterKey;
    } else if (this.#state === inValue && this.#depth === 1 && this.#pieceStringEnd < 0) {
      this.#pieceStringEnd = end;
    }
  }

  #startPiece(chunkIndex: number, start: number): void {
    this.#pieceStart = start;
    this.#pieceChunk = chunkIndex;
  }

  #finishMember(chunkIndex: number, localEnd: number): void {
    const value = this.#parsePiece(chunkIndex, localEnd);
    if (this.#failed) return;
    this.#assign(value);
    if (this.#key === 'model') {
      this.#models++;
      this.#model =
        typeof value === 'string' ? { start: this.#pieceStart, end: this.#pieceStringEnd } : undefined;
    }
  }

  /**
   * An element is complete (its last byte just before `localEnd`): a large one is parsed now, a
   * small one joins the group of small ones before it, parsed once the group is large enough.
   */
  #finishElement(chunkIndex: number, localEnd: number, end: number): void {
    if (end - this.#elementStart >= smallElementBytes) {
      this.#parseGroup();
      this.#startPiece(this.#elementChunk, this.#elementStart);
      this.#array.push(this.#parsePiece(chunkIndex, localEnd));
      return;
    }
    if (this.#groupCount === 0) this.#startPiece(this.#elementChunk, this.#elementStart);
    this.#groupCount++;
    this.#groupEnd = localEnd;
    this.#groupEndChunk = chunkIndex;
    if (end - this.#pieceStart >= groupBytes) this.#parseGroup();
  }

  /** Parse the pending small elements with one JSON.parse of them as an array. */
  #parseGroup(): void {
    const count = this.#groupCount;
    if (count === 0) return;
    this.#groupCount = 0;
    if (count === 1) {
      this.#array.push(this.#parsePiece(this.#groupEndChunk, this.#groupEnd));
      return;
    }
    const elements = this.#parsePiece(this.#groupEndChunk, this.#groupEnd, true) as unknown[] | undefined;
    if (elements) for (const element of elements) this.#array.push(element);
  }

  #finishArray(): void {
    this.#parseGroup();
    this.#assign(this.#array);
    if (this.#key === 'model') {
      this.#models++;
      this.#model = undefined;
    }
    this.#depth = 1;
    this.#state = afterArray;
  }

  /** Set a member as JSON.parse does: the last of duplicate keys wins, `__proto__` is an own property. */
  #assign(value: unknown): void {
    if (this.#key === '__proto__')
      Object.defineProperty(this.#value, '__proto__', {
        value,
        writable: true,
        enumerable: true,
        configurable: true,
      });
    else this.#value[this.#key] = value;
  }

  /**
   * Decode and parse the piece from its start to `localEnd` in chunk `chunkIndex` (exclusive); a
   * group of elements (`asArray`) is parsed as the array they are part of.
   */
  #parsePiece(chunkIndex: number, localEnd: number, asArray = false): unknown {
    const first = this.#pieceChunk;
    const localStart = this.#pieceStart - this.#starts[first]!;
    let text: string;
    if (first === chunkIndex) text = this.#chunks[chunkIndex]!.toString('utf8', localStart, localEnd);
    else {
      // A piece across chunks is joined first: a chunk may end inside a character.
      const parts = [this.#chunks[first]!.subarray(localStart)];
      for (let index = first + 1; index < chunkIndex; index++) parts.push(this.#chunks[index]!);
      parts.push(this.#chunks[chunkIndex]!.subarray(0, localEnd));
      text = Buffer.concat(parts).toString('utf8');
    }
    try {
      return JSON.parse(asArray ? `[${text}]` : text);
    } catch {
      this.#failed = true;
      return undefined;
    }
  }

  /**
   * Whether the bytes so far are valid UTF-8 (the decode replaced what is not, so the bytes would
   * then say other than the parse read): one native check per chunk, and a sequence a chunk ends in
   * the middle of is checked with the bytes that complete it.
   */
  #checkUtf8(chunk: Buffer): void {
    let start = 0;
    const tail = this.#utf8Tail;
    if (tail) {
      this.#utf8Tail = undefined;
      const missing = sequenceLength(tail[0]!) - tail.length;
      if (chunk.length < missing) {
        this.#utf8Tail = Buffer.concat([tail, chunk]);
        return;
      }
      if (!isUtf8(Buffer.concat([tail, chunk.subarray(0, missing)]))) {
        this.#validUtf8 = false;
        return;
      }
      start = missing;
    }
    let end = chunk.length;
    for (let back = 1; back <= 3 && end - back >= start; back++) {
      const byte = chunk[end - back]!;
      if (byte < 0x80) break;
      if (byte >= 0xc0) {
        if (sequenceLength(byte) > back) {
          this.#utf8Tail = chunk.subarray(end - back);
          end -= back;
        }
        break;
      }
    }
    if (!isUtf8(chunk.subarray(start, end))) this.#validUtf8 = false;
  }
}

/** How many bytes the UTF-8 sequence a lead byte starts has (a byte that leads none fails isUtf8 anyway). */
function sequenceLength(lead: number): number {
  return lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : 2;
}
