import { describe, expect, it } from 'vitest';
import { capToolId, toNineAlphanumericId } from './map-tool-id.ts';
import { encodeChatMessages } from './encode-chat-messages.ts';

describe('tool-call ids for OpenAI chat upstreams', () => {
  it('keeps ids within the limit and hashes longer ones deterministically', () => {
    expect(capToolId('toolu_01ABCdef', 40)).toBe('toolu_01ABCdef');
    const long = `call_${'x'.repeat(60)}`;
    const capped = capToolId(long, 40);
    expect(capped).toMatch(/^call_[A-Za-z0-9_-]{32}$/);
    expect(capToolId(long, 40)).toBe(capped);
    expect(capToolId(`${long}y`, 40)).not.toBe(capped);
  });

  it('gives a call and its result the same capped id; the Mistral quirk still wins', () => {
    const id = `toolu_${'a'.repeat(50)}`;
    const request = {
      model: 'm',
      system: [],
      stream: false,
      messages: [
        {
          role: 'assistant' as const,
          content: [{ type: 'tool_call' as const, id, name: 'f', arguments: '{}' }],
        },
        { role: 'user' as const, content: [{ type: 'tool_result' as const, toolCallId: id, content: 'ok' }] },
      ],
    };
    const [assistant, tool] = encodeChatMessages(request) as Array<Record<string, any>>;
    expect(assistant!.tool_calls[0].id).toHaveLength(37);
    expect(tool!.tool_call_id).toBe(assistant!.tool_calls[0].id);
    const [mistral] = encodeChatMessages(request, { toolIdNineAlnum: true }) as Array<Record<string, any>>;
    expect(mistral!.tool_calls[0].id).toBe(toNineAlphanumericId(id));
  });
});
