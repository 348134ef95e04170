import { describe, expect, it } from 'vitest';
import { createSseParser, type SseEvent } from './sse.ts';

function parseWhole(text: string): SseEvent[] {
  const parser = createSseParser();
  return [...parser.push(Buffer.from(text)), ...parser.end()];
}

function parseSplit(bytes: Buffer, cuts: number[]): SseEvent[] {
  const parser = createSseParser();
  const out: SseEvent[] = [];
  let from = 0;
  for (const cut of [...cuts, bytes.length]) {
    out.push(...parser.push(bytes.subarray(from, cut)));
    from = cut;
  }
  return [...out, ...parser.end()];
}

const stream = [
  ': a comment first\n',
  'event: message_start\ndata: {"type":"message_start","text":"héllo ✓"}\n\n',
  'data: line one\r\ndata: line two\r\n\r\n',
  'id: 7\rdata: after a lone CR\r\r',
  'event: ping\ndata:no-space\n\n',
  'data: {"emoji":"🦊"}\n\n',
  'data: [DONE]\n\n',
].join('');

describe('createSseParser', () => {
  it('follows the event-stream rules: comments, LF / CRLF / CR line ends, multi-line data, ids', () => {
    expect(parseWhole(stream)).toEqual([
      { event: 'message_start', data: '{"type":"message_start","text":"héllo ✓"}' },
      { data: 'line one\nline two' },
      { data: 'after a lone CR', id: '7' },
      { event: 'ping', data: 'no-space', id: '7' },
      { data: '{"emoji":"🦊"}', id: '7' },
      { data: '[DONE]', id: '7' },
    ]);
  });

  it('gives the same events wherever the bytes are cut (inside a CRLF, inside a UTF-8 character)', () => {
    const bytes = Buffer.from(stream);
    const whole = parseWhole(stream);
    for (let cut = 1; cut < bytes.length; cut++) {
      expect(parseSplit(bytes, [cut])).toEqual(whole);
    }
    for (let cut = 1; cut + 7 < bytes.length; cut += 5) {
      expect(parseSplit(bytes, [cut, cut + 3, cut + 7])).toEqual(whole);
    }
  });

  it('drops a byte order mark opening the stream, even one cut in pieces, and keeps any later one', () => {
    const bytes = Buffer.from('\ufeffevent: ping\ndata: \ufeffkept\n\n');
    const expected = [{ event: 'ping', data: '\ufeffkept' }];
    for (let cut = 1; cut < bytes.length; cut++) expect(parseSplit(bytes, [cut])).toEqual(expected);
  });

  it('reads malformed UTF-8 as TextDecoder does (U+FFFD), wherever the bytes are cut', () => {
    const bytes = Buffer.concat([
      Buffer.from('data: a'),
      Buffer.from([0xff, 0xc3, 0x28, 0xe2, 0x82, 0x41, 0xed, 0xa0, 0x80, 0xf0, 0x9f, 0x98]),
      Buffer.from('\n\ndata: b'),
      Buffer.from([0xe2, 0x82]),
    ]);
    const reference = new TextDecoder('utf-8').decode(bytes);
    const expected = reference.split('\n\n').map((event) => ({ data: event.slice('data: '.length) }));
    for (let cut = 1; cut < bytes.length; cut++) {
      expect(parseSplit(bytes, [cut])).toEqual(expected);
      expect(parseSplit(bytes, [cut, Math.min(cut + 2, bytes.length)])).toEqual(expected);
    }
  });

  it('counts a final event without its blank line at the end of input', () => {
    expect(parseWhole('data: one\n\ndata: last')).toEqual([{ data: 'one' }, { data: 'last' }]);
  });

  it('is idle only between whole events', () => {
    const parser = createSseParser();
    expect(parser.idle()).toBe(true);
    parser.push(Buffer.from('data: {"a":'));
    expect(parser.idle()).toBe(false);
    parser.push(Buffer.from('1}\n'));
    expect(parser.idle()).toBe(false); // the event still needs its blank line
    expect(parser.push(Buffer.from('\n'))).toEqual([{ data: '{"a":1}' }]);
    expect(parser.idle()).toBe(true);
    parser.push(Buffer.from(': keep-alive\n'));
    expect(parser.idle()).toBe(true); // a comment holds nothing back
    parser.push(Buffer.from('event: x\n'));
    expect(parser.idle()).toBe(false);
  });
});

describe('createSseParser limits', () => {
  it('ends an endless line with a 502 once the unfinished event passes the limit, whatever the chunking', () => {
    const parser = createSseParser({ maxEventChars: 1000 });
    expect(parser.push('data: {"ok":true}\n\n')).toEqual([{ data: '{"ok":true}' }]);
    expect(parser.push('data: ' + 'a'.repeat(500))).toEqual([]);
    let thrown: unknown;
    try {
      for (let index = 0; index < 10; index++) parser.push('a'.repeat(100));
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({ status: 502, code: 'upstream_event_too_large', retryable: true });
  });

  it('counts data lines gathered without a blank line toward the same limit', () => {
    const parser = createSseParser({ maxEventChars: 1000 });
    expect(() => {
      for (let index = 0; index < 20; index++) parser.push(`data: ${'b'.repeat(90)}\n`);
    }).toThrow(/larger than 1000 characters/);
  });

  it('accepts any number of events as long as each one fits', () => {
    const parser = createSseParser({ maxEventChars: 1000 });
    let count = 0;
    for (let index = 0; index < 100; index++) count += parser.push(`data: ${'c'.repeat(900)}\n\n`).length;
    expect(count).toBe(100);
  });
});
