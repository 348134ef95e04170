import {
  isObject,
  joinText,
  MessageList,
  type JsonObject,
  type PromptView,
  type TextSlot,
} from './prompt-view.ts';

const textParts = ['input_text', 'output_text', 'text'] as const;

/** A message item (`type: "message"`, or the short form with only `role` and `content`). */
function messageRole(item: unknown): unknown {
  if (!isObject(item) || (item.type !== undefined && item.type !== 'message')) return undefined;
  return item.role;
}

function isSystem(item: unknown): boolean {
  const role = messageRole(item);
  return role === 'system' || role === 'developer';
}

/**
 * Responses: the system prompt is `instructions` followed by the leading
 * system/developer items of `input` (prepend edits `instructions`, append the
 * last leading item, or `instructions` when there is none). `input` may be a
 * plain string: that is one user message.
 */
export function createResponsesPromptView(body: JsonObject): PromptView {
  let instructions: unknown = body.instructions;
  let inputText: string | undefined = typeof body.input === 'string' ? body.input : undefined;
  const input = new MessageList(body.input);
  const items = input.items;

  const userIndexes = (): number[] => input.indexesWhere((item) => messageRole(item) === 'user');
  const instructionsSlot: TextSlot = {
    get: () => instructions as string,
    set: (text) => {
      instructions = text;
    },
  };
  const inputTextSlot: TextSlot = {
    get: () => inputText!,
    set: (text) => {
      inputText = text;
    },
  };

  return {
    systemTexts: () => [
      ...(typeof instructions === 'string' ? [instructionsSlot] : []),
      ...input.indexesWhere(isSystem).flatMap((index) => input.textSlots(index, textParts)),
    ],
    userTexts: () =>
      inputText !== undefined
        ? [inputTextSlot]
        : userIndexes().flatMap((index) => input.textSlots(index, textParts)),
    lastUserText() {
      if (inputText !== undefined) return inputText;
      const index = userIndexes().at(-1);
      return index === undefined ? '' : input.joinedText(index, textParts);
    },
    setSystem(mode, text) {
      const current = typeof instructions === 'string' ? instructions : '';
      if (mode === 'override') {
        instructions = text;
        input.removeWhere(isSystem);
        return;
      }
      let end = 0;
      while (end < items.length && isSystem(items[end])) end++;
      if (mode === 'append' && end > 0) input.addText(end - 1, 'append', text, 'input_text');
      else instructions = joinText(mode, text, current);
    },
    addToLastUser(position, text) {
      if (inputText !== undefined) {
        inputText = joinText(position, text, inputText);
        return;
      }
      const index = userIndexes().at(-1);
      if (index !== undefined) input.addText(index, position, text, 'input_text');
    },
    isFirstTurn() {
      if (body.previous_response_id) return false;
      if (inputText !== undefined) return true;
      // Any item that is not a user/system/developer message is model output or a tool result.
      return (
        userIndexes().length === 1 &&
        items.every((item) => messageRole(item) !== undefined && messageRole(item) !== 'assistant')
      );
    },
    result() {
      const edited: JsonObject = { ...body, input: inputText ?? items };
      if (instructions !== undefined) edited.instructions = instructions;
      return edited;
    },
  };
}
