/**
 * Follows streamed JSON text and says when the top-level object has closed.
 * One pass over each chunk (strings and escapes respected, no re-parsing), so a
 * stream encoder can ask "are this tool call's arguments complete?" after every delta.
 */
export interface JsonObjectTracker {
  feed(text: string): void;
  /** The top-level value was an object and its closing brace has been seen. */
  readonly complete: boolean;
}

export function createJsonObjectTracker(): JsonObjectTracker {
  let depth = 0;
  let started = false;
  let complete = false;
  let inString = false;
  let escaped = false;
  return {
    feed(text) {
      if (complete) return;
      for (let index = 0; index < text.length; index++) {
        const code = text.charCodeAt(index);
        if (inString) {
          if (escaped) escaped = false;
          else if (code === 92 /* \ */) escaped = true;
          else if (code === 34 /* " */) inString = false;
          continue;
        }
        if (code === 34) inString = true;
        else if (code === 123 /* { */ || code === 91 /* [ */) {
          depth++;
          started = true;
        } else if (code === 125 /* } */ || code === 93 /* ] */) {
          depth--;
          if (started && depth === 0) {
            complete = true;
            return;
          }
        }
      }
    },
    get complete() {
      return complete;
    },
  };
}
