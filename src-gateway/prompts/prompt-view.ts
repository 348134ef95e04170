/**
 * One protocol's request body seen as what prompt rules work on: a system
 * prompt, user messages, and whether this is the first turn. Each view edits a
 * copy-on-write working copy: the client's body and its nested objects are
 * never mutated, untouched messages are shared, not cloned.
 */
export interface PromptView {
  /** Every system-level text (Chat system/developer messages, Responses `instructions` and system/developer items, Anthropic `system`). */
  systemTexts(): TextSlot[];
  /** Every user message's text. */
  userTexts(): TextSlot[];
  /** The text of the last user message (text parts joined with a newline); empty when there is none. */
  lastUserText(): string;
  /** Replace the whole system prompt, or add to its start or end. */
  setSystem(mode: 'override' | 'prepend' | 'append', text: string): void;
  /** Add text at the start or end of the last user message (nothing when there is none). */
  addToLastUser(position: 'prepend' | 'append', text: string): void;
  /** Exactly one user message and no assistant turn yet. */
  isFirstTurn(): boolean;
  /** The edited body. */
  result(): Record<string, unknown>;
}

export interface TextSlot {
  get(): string;
  set(text: string): void;
}

/** Between added text and existing text: a paragraph break. */
export const joiner = '\n\n';

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Join added text to existing string content. */
export function joinText(position: 'prepend' | 'append', text: string, existing: string): string {
  if (existing === '') return text;
  return position === 'prepend' ? text + joiner + existing : existing + joiner + text;
}

/**
 * A working copy of one array of messages (or items): reading is free, the
 * first write to an element copies that element (and its content array), so
 * the original array and objects stay untouched.
 */
export class MessageList {
  readonly items: unknown[];
  private readonly copied = new Set<unknown>();

  constructor(source: unknown) {
    this.items = Array.isArray(source) ? source.slice() : [];
  }

  /** The message at `index`, copied once before its first edit. */
  writable(index: number): JsonObject {
    const item = this.items[index] as JsonObject;
    if (this.copied.has(item)) return item;
    const copy: JsonObject = { ...item };
    if (Array.isArray(copy.content)) copy.content = copy.content.slice();
    this.items[index] = copy;
    this.copied.add(copy);
    return copy;
  }

  insert(index: number, item: JsonObject): void {
    this.items.splice(index, 0, item);
    this.copied.add(item);
  }

  /** The indexes of the items `predicate` accepts, in order. */
  indexesWhere(predicate: (item: unknown) => boolean): number[] {
    return this.items.flatMap((item, index) => (predicate(item) ? [index] : []));
  }

  removeWhere(predicate: (item: unknown) => boolean): void {
    for (let index = this.items.length - 1; index >= 0; index--) {
      if (predicate(this.items[index])) this.items.splice(index, 1);
    }
  }

  /**
   * Slots for the text in the message at `index`: string content is one slot;
   * array content gives one slot per part whose `type` is in `partTypes`.
   */
  textSlots(index: number, partTypes: readonly string[]): TextSlot[] {
    const message = this.items[index] as JsonObject;
    if (typeof message.content === 'string') {
      return [
        {
          get: () => (this.items[index] as JsonObject).content as string,
          set: (text) => {
            this.writable(index).content = text;
          },
        },
      ];
    }
    if (!Array.isArray(message.content)) return [];
    const slots: TextSlot[] = [];
    message.content.forEach((part, partIndex) => {
      if (!isObject(part) || !partTypes.includes(part.type as string) || typeof part.text !== 'string')
        return;
      slots.push({
        get: () => ((this.items[index] as JsonObject).content as JsonObject[])[partIndex]!.text as string,
        set: (text) => {
          const content = this.writable(index).content as JsonObject[];
          content[partIndex] = { ...content[partIndex], text };
        },
      });
    });
    return slots;
  }

  /** The text of the message at `index`: its text parts (see `textSlots`) joined with a newline. */
  joinedText(index: number, partTypes: readonly string[]): string {
    return this.textSlots(index, partTypes)
      .map((slot) => slot.get())
      .join('\n');
  }

  /**
   * Add text to the message at `index`: joined to string content, or as a new
   * part (`{ type: partType, text }`) at `partIndex` of array content.
   */
  addText(
    index: number,
    position: 'prepend' | 'append',
    text: string,
    partType: string,
    partIndex?: number,
  ): void {
    const message = this.writable(index);
    if (Array.isArray(message.content)) {
      const content = message.content as unknown[];
      const at = partIndex ?? (position === 'prepend' ? 0 : content.length);
      content.splice(at, 0, { type: partType, text });
    } else {
      message.content = joinText(position, text, typeof message.content === 'string' ? message.content : '');
    }
  }
}
