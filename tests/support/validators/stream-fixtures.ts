import { readWireCapture, type WireCapture } from '../wire-captures.ts';
import { parseSseText } from './parse-sse-text.ts';

/** One editable SSE event: `data` is the parsed JSON, or a raw string such as `[DONE]`. */
export interface EditableEvent {
  event?: string;
  data: Record<string, any> | string;
}

/** A reference capture as editable events, for building broken variants in validator tests. */
export function captureEvents(name: WireCapture): EditableEvent[] {
  return parseSseText(readWireCapture(name)).map((event) => {
    let data: EditableEvent['data'] = event.data;
    try {
      data = JSON.parse(event.data) as Record<string, unknown>;
    } catch {
      // `[DONE]` stays a string.
    }
    return event.event === undefined ? { data } : { event: event.event, data };
  });
}

/** Serialize events back to SSE text. */
export function toSseText(events: EditableEvent[]): string {
  return events
    .map(
      (event) =>
        `${event.event === undefined ? '' : `event: ${event.event}\n`}data: ${typeof event.data === 'string' ? event.data : JSON.stringify(event.data)}\n\n`,
    )
    .join('');
}

/** Renumber Responses `sequence_number`s after events were added or removed. */
export function renumber(events: EditableEvent[]): EditableEvent[] {
  events.forEach((event, index) => {
    if (typeof event.data !== 'string') event.data.sequence_number = index;
  });
  return events;
}
