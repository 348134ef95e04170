import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkResponsesStream } from './check-responses-stream.ts';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const capture = readFileSync(new URL('../shared/data/wire/responses.txt', `file://${repoRoot}`), 'utf8');

describe('checkResponsesStream', () => {
  it('accepts the reference capture', () => {
    expect(checkResponsesStream(capture).violations).toEqual([]);
  });

  it('rejects an item id that changes between added and done', () => {
    const broken = capture.replace(
      '"output_index":2,"item":{"id":"fc_Mock1","type":"function_call","status":"completed"',
      '"output_index":2,"item":{"id":"fc_OTHER","type":"function_call","status":"completed"',
    );
    expect(checkResponsesStream(broken).violations.join('\n')).toContain('fc_OTHER');
  });

  it('rejects a text delta without content_part.added', () => {
    const frames = capture
      .split('\n\n')
      .filter((frame) => !frame.includes('event: response.content_part.added'));
    expect(checkResponsesStream(frames.join('\n\n')).violations.join('\n')).toContain(
      'before its part was added',
    );
  });

  it('rejects a stream without a terminal event, and an empty final output', () => {
    const frames = capture.trim().split('\n\n');
    expect(checkResponsesStream(frames.slice(0, -1).join('\n\n') + '\n\n').violations).toContain(
      'stream has no terminal response event',
    );
    const emptied = capture.replace(
      /("type":"response\.completed".*?"output":)\[.*\](,"parallel_tool_calls")/,
      '$1[]$2',
    );
    expect(checkResponsesStream(emptied).violations.join('\n')).toContain(
      'output differs from the done items',
    );
  });
});
