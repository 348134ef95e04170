import { isObject, MessageList, type JsonObject, type PromptView } from './prompt-view.ts';

const textParts = ['text'] as const;

function roleOf(item: unknown): unknown {
  return isObject(item) ? item.role : undefined;
}

function isSystem(item: unknown): boolean {
  const role = roleOf(item);
  return role === 'system' || role === 'developer';
}

/**
 * Chat Completions: the system prompt is the leading run of system/developer
 * messages (prepend edits its first message, append its last); user text is
 * in `role: "user"` messages, string or `text` parts.
 */
export function createChatPromptView(body: JsonObject): PromptView {
  const messages = new MessageList(body.messages);
  const items = messages.items;

  const lastUser = (): number => items.findLastIndex((item) => roleOf(item) === 'user');
  const leadingSystemEnd = (): number => {
    let end = 0;
    while (end < items.length && isSystem(items[end])) end++;
    return end;
  };

  return {
    systemTexts: () =>
      messages.indexesWhere(isSystem).flatMap((index) => messages.textSlots(index, textParts)),
    userTexts: () =>
      messages
        .indexesWhere((item) => roleOf(item) === 'user')
        .flatMap((index) => messages.textSlots(index, textParts)),
    lastUserText() {
      const index = lastUser();
      return index < 0 ? '' : messages.joinedText(index, textParts);
    },
    setSystem(mode, text) {
      if (mode === 'override') {
        const role = isSystem(items[0]) ? roleOf(items[0]) : 'system';
        messages.removeWhere(isSystem);
        messages.insert(0, { role, content: text });
        return;
      }
      const end = leadingSystemEnd();
      if (end === 0) messages.insert(0, { role: 'system', content: text });
      else messages.addText(mode === 'prepend' ? 0 : end - 1, mode, text, 'text');
    },
    addToLastUser(position, text) {
      const index = lastUser();
      if (index >= 0) messages.addText(index, position, text, 'text');
    },
    isFirstTurn: () =>
      messages.indexesWhere((item) => roleOf(item) === 'user').length === 1 &&
      !items.some((item) => roleOf(item) === 'assistant' || roleOf(item) === 'tool'),
    result: () =>
      body.messages === undefined && items.length === 0 ? { ...body } : { ...body, messages: items },
  };
}
