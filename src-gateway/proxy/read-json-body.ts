import type { IncomingMessage } from 'node:http';
import { GatewayError, invalidRequest } from '../lib/errors.ts';
import { exceedsJsonDepth, maxJsonDepth } from '../lib/exceeds-json-depth.ts';
import { ChunkedJsonParser, type RawJsonBody } from '../lib/chunked-json-parser.ts';

/** Each parsed body's size in bytes, for what may still be added to it (prompt rules) under the limit. */
const bodySizes = new WeakMap<object, number>();

/** The size in bytes of a body `readJsonBody` returned (0 for any other object). */
export function jsonBodyBytes(body: object): number {
  return bodySizes.get(body) ?? 0;
}

/**
 * Bodies from this size on are parsed as their chunks arrive (lib/chunked-json-parser.ts: no join,
 * no body-sized string) and keep the client's bytes beside the parse, so a pass-through can edit
 * them instead of serializing the whole body again (replace-top-level-model.ts). Smaller ones are
 * one chunk, cheapest parsed whole, cost little to serialize and are not worth holding twice.
 */
const chunkedFromBytes = 8 * 1024;
const rawBodies = new WeakMap<object, RawJsonBody>();

/** The bytes the client sent for a body `readJsonBody` returned (large bodies only), else undefined. */
export function rawJsonBody(body: object): RawJsonBody | undefined {
  return rawBodies.get(body);
}

/**
 * Read and parse a JSON request body once, refusing bodies over `limit` bytes
 * with 413 as soon as the limit is crossed (the rest is not buffered), and
 * bodies nested deeper than `maxJsonDepth` with 400 (see exceeds-json-depth.ts).
 */
export function readJsonBody(request: IncomingMessage, limit: number): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const declared = Number(request.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      request.resume();
      reject(tooLarge(limit));
      return;
    }
    let chunks: Buffer[] = [];
    // Large bodies (declared, or once they have grown large) go to the chunked parser as they arrive.
    let parser =
      Number.isFinite(declared) && declared >= chunkedFromBytes
        ? new ChunkedJsonParser(maxJsonDepth)
        : undefined;
    let size = 0;
    let failed = false;
    request.on('data', (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > limit) {
        failed = true;
        reject(tooLarge(limit));
        return;
      }
      if (parser) {
        parser.write(chunk);
        return;
      }
      chunks.push(chunk);
      if (size >= chunkedFromBytes) {
        parser = new ChunkedJsonParser(maxJsonDepth);
        for (const earlier of chunks) parser.write(earlier);
        chunks = [];
      }
    });
    request.on('error', (error) => {
      if (!failed)
        reject(
          new GatewayError({
            status: 400,
            kind: 'invalid_request',
            code: 'body_read_error',
            message: 'Could not read the request body',
            cause: error,
          }),
        );
      failed = true;
    });
    request.on('end', () => {
      if (failed) return;
      if (size === 0) {
        reject(invalidRequest('The request body is empty; send a JSON object.'));
        return;
      }
      const parsed = parser?.end();
      if (parsed) {
        bodySizes.set(parsed.value, size);
        rawBodies.set(parsed.value, { chunks: parsed.chunks, size: parsed.size, model: parsed.model });
        resolve(parsed.value);
        return;
      }
      // Small bodies, and whatever the chunked parser declined (an error, found here exactly).
      const all = parser ? parser.chunks : chunks;
      let value: unknown;
      try {
        value = JSON.parse((all.length === 1 ? all[0]! : Buffer.concat(all)).toString('utf8'));
      } catch {
        reject(
          new GatewayError({
            status: 400,
            kind: 'invalid_request',
            code: 'invalid_json',
            message: 'The request body is not valid JSON.',
          }),
        );
        return;
      }
      if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        reject(invalidRequest('The request body must be a JSON object.'));
        return;
      }
      if (exceedsJsonDepth(value)) {
        reject(
          new GatewayError({
            status: 400,
            kind: 'invalid_request',
            code: 'json_too_deep',
            message: `The request body nests objects or arrays deeper than ${maxJsonDepth} levels.`,
          }),
        );
        return;
      }
      bodySizes.set(value, size);
      resolve(value as Record<string, unknown>);
    });
  });
}

function tooLarge(limit: number): GatewayError {
  return new GatewayError({
    status: 413,
    kind: 'request_too_large',
    code: 'request_too_large',
    message: `The request body exceeds the ${Math.round(limit / 1024 / 1024)} MB limit.`,
  });
}
