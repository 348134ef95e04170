import { isObject, joinText, type JsonObject, type PromptView, type TextSlot } from './prompt-view.ts';

/** A user turn: role `user` (or none), not only `functionResponse` parts (those answer the model's calls). */
function isUserTurn(item: unknown): boolean {
  if (!isObject(item) || (item.role !== undefined && item.role !== 'user')) return false;
  if (!Array.isArray(item.parts)) return false;
  return (
    item.parts.length === 0 ||
    item.parts.some((part) => !isObject(part) || part.functionResponse === undefined)
  );
}

function isTextPart(part: unknown): part is JsonObject & { text: string } {
  return isObject(part) && typeof part.text === 'string' && part.thought !== true;
}

/**
 * Gemini `generateContent`: the system prompt is `systemInstruction` (a string or
 * a content of text parts; prepend/append add a part, so existing parts stay
 * byte-identical); user text is in the text parts of user turns. Copy on write:
 * the client's body and its objects are never mutated.
 */
export function createGeminiPromptView(body: JsonObject): PromptView {
  const contents: unknown[] = Array.isArray(body.contents) ? body.contents.slice() : [];
  const copied = new Set<unknown>();
  let system: unknown = isObject(body.systemInstruction)
    ? {
        ...body.systemInstruction,
        parts: Array.isArray(body.systemInstruction.parts) ? body.systemInstruction.parts.slice() : [],
      }
    : body.systemInstruction;

  /** The content at `index` with its own `parts` array, copied once before its first edit. */
  const writable = (index: number): JsonObject & { parts: unknown[] } => {
    const item = contents[index] as JsonObject;
    if (copied.has(item)) return item as JsonObject & { parts: unknown[] };
    const copy = { ...item, parts: (item.parts as unknown[]).slice() };
    contents[index] = copy;
    copied.add(copy);
    return copy;
  };
  const userIndexes = (): number[] => contents.flatMap((item, index) => (isUserTurn(item) ? [index] : []));
  const textSlots = (index: number): TextSlot[] => {
    const parts = (contents[index] as JsonObject).parts as unknown[];
    return parts.flatMap((part, partIndex) =>
      isTextPart(part)
        ? [
            {
              get: () => ((contents[index] as JsonObject).parts as JsonObject[])[partIndex]!.text as string,
              set: (text: string) => {
                const edited = writable(index).parts;
                edited[partIndex] = { ...(edited[partIndex] as JsonObject), text };
              },
            },
          ]
        : [],
    );
  };
  const systemSlots = (): TextSlot[] => {
    if (typeof system === 'string')
      return [
        {
          get: () => system as string,
          set: (text) => {
            system = text;
          },
        },
      ];
    if (!isObject(system)) return [];
    const parts = system.parts as unknown[];
    return parts.flatMap((part, index) =>
      isTextPart(part)
        ? [
            {
              get: () => (parts[index] as JsonObject).text as string,
              set: (text: string) => {
                parts[index] = { ...(parts[index] as JsonObject), text };
              },
            },
          ]
        : [],
    );
  };

  return {
    systemTexts: systemSlots,
    userTexts: () => userIndexes().flatMap(textSlots),
    lastUserText() {
      const index = userIndexes().at(-1);
      return index === undefined
        ? ''
        : textSlots(index)
            .map((slot) => slot.get())
            .join('\n');
    },
    setSystem(mode, text) {
      if (mode === 'override') system = { parts: [{ text }] };
      else if (isObject(system)) {
        const parts = system.parts as unknown[];
        if (mode === 'prepend') parts.unshift({ text });
        else parts.push({ text });
      } else system = joinText(mode, text, typeof system === 'string' ? system : '');
    },
    addToLastUser(position, text) {
      const index = userIndexes().at(-1);
      if (index === undefined) return;
      const parts = writable(index).parts;
      // Function responses stay first in a user turn: prepended text goes after them.
      const firstOther = parts.findIndex((part) => !isObject(part) || part.functionResponse === undefined);
      if (position === 'append') parts.push({ text });
      else parts.splice(Math.max(firstOther, 0), 0, { text });
    },
    isFirstTurn: () =>
      userIndexes().length === 1 && !contents.some((item) => isObject(item) && item.role === 'model'),
    result() {
      const edited: JsonObject = { ...body, contents };
      if (system !== undefined) edited.systemInstruction = system;
      return edited;
    },
  };
}
