import type { Response } from 'express';

/** What the response carries: strings as they are, anything else as a JSON line. */
function toText(item: unknown): string {
  return typeof item === 'string' ? item : `${JSON.stringify(item)}\n`;
}

/**
 * Write a stream's items to an HTTP answer whose headers are set, as they come: each write waits
 * for `drain` when the socket's buffer is full (a slow client never grows memory), and a client
 * that goes away stops the iterator (its `finally` runs, so the producer stops reading). Items
 * produced in the same turn of the event loop go out in one socket write (cork until the next
 * tick). `first` is the iterator's first step, already taken so that a failure before any item
 * could still be answered as an error. An error after the headers cannot be: the connection is
 * destroyed (so the client sees a cut-off download rather than a complete-looking one) and the
 * error is thrown on for the caller to log.
 */
export async function writeStream(
  response: Response,
  iterator: AsyncIterator<unknown>,
  first: IteratorResult<unknown>,
): Promise<void> {
  // A client that left before the first item was taken is gone already.
  let gone = response.destroyed;
  let wake: (() => void) | undefined;
  const onClose = () => {
    gone = !response.writableFinished;
    wake?.();
  };
  const onDrain = () => wake?.();
  response.on('close', onClose);
  response.on('drain', onDrain);
  let corked = false;
  let step = first;
  try {
    while (!step.done && !gone) {
      if (!corked) {
        corked = true;
        response.cork();
        process.nextTick(() => {
          corked = false;
          response.uncork();
        });
      }
      if (!response.write(toText(step.value)) && !gone)
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
      wake = undefined;
      if (gone) break;
      step = await iterator.next();
    }
    if (!gone) response.end();
  } catch (error) {
    response.destroy();
    throw error;
  } finally {
    response.off('close', onClose);
    response.off('drain', onDrain);
    if (!step.done) await iterator.return?.();
  }
}
