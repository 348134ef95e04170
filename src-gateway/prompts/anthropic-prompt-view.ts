import {
  isObject,
  joinText,
  MessageList,
  type JsonObject,
  type PromptView,
  type TextSlot,
} from './prompt-view.ts';

const textParts = ['text'] as const;

/**
 * A user turn: a `role: "user"` message that is not only tool results (those
 * answer the assistant's calls; Chat and Responses carry them outside user
 * messages, so skipping them here keeps a rule meaning the same everywhere).
 */
function isUserTurn(item: unknown): boolean {
  if (!isObject(item) || item.role !== 'user') return false;
  if (!Array.isArray(item.content)) return true;
  return (
    item.content.length === 0 ||
    item.content.some((block) => !isObject(block) || block.type !== 'tool_result')
  );
}

/**
 * Anthropic Messages: the system prompt is `system` (a string or text blocks;
 * prepend/append add a block so existing blocks and their `cache_control`
 * stay byte-identical); user text is in user turns.
 */
export function createAnthropicPromptView(body: JsonObject): PromptView {
  let system: unknown = Array.isArray(body.system) ? body.system.slice() : body.system;
  const messages = new MessageList(body.messages);
  const items = messages.items;

  const userIndexes = (): number[] => messages.indexesWhere(isUserTurn);
  const systemSlots = (): TextSlot[] => {
    if (typeof system === 'string') {
      return [
        {
          get: () => system as string,
          set: (text) => {
            system = text;
          },
        },
      ];
    }
    if (!Array.isArray(system)) return [];
    const blocks = system as JsonObject[];
    return blocks.flatMap((block, index) =>
      isObject(block) && block.type === 'text' && typeof block.text === 'string'
        ? [
            {
              get: () => blocks[index]!.text as string,
              set: (text: string) => {
                blocks[index] = { ...blocks[index], text };
              },
            },
          ]
        : [],
    );
  };

  return {
    systemTexts: systemSlots,
    userTexts: () => userIndexes().flatMap((index) => messages.textSlots(index, textParts)),
    lastUserText() {
      const index = userIndexes().at(-1);
      return index === undefined ? '' : messages.joinedText(index, textParts);
    },
    setSystem(mode, text) {
      if (mode === 'override') system = text;
      else if (Array.isArray(system)) {
        const block = { type: 'text', text };
        if (mode === 'prepend') system.unshift(block);
        else system.push(block);
      } else system = joinText(mode, text, typeof system === 'string' ? system : '');
    },
    addToLastUser(position, text) {
      const index = userIndexes().at(-1);
      if (index === undefined) return;
      const content = (items[index] as JsonObject).content;
      // Tool results must stay first in a user message: prepended text goes after them.
      const firstOther = Array.isArray(content)
        ? content.findIndex((block) => !isObject(block) || block.type !== 'tool_result')
        : -1;
      const at = position === 'prepend' && firstOther > 0 ? firstOther : undefined;
      messages.addText(index, position, text, 'text', at);
    },
    isFirstTurn: () =>
      userIndexes().length === 1 && !items.some((item) => isObject(item) && item.role === 'assistant'),
    result() {
      const edited: JsonObject =
        body.messages === undefined && items.length === 0 ? { ...body } : { ...body, messages: items };
      if (system !== undefined) edited.system = system;
      return edited;
    },
  };
}
