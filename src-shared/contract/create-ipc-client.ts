import type { Contract, ContractClient } from './define-operation.ts';
import { ContractCallError, type IpcAnswer } from './error-shape.ts';
import { adminIpcChannel, adminStreamChannels } from './ipc-channels.ts';

/** What the preload bridge offers: invoke one contract channel with one argument. */
export type IpcInvoke = (channel: string, argument: unknown) => Promise<unknown>;

async function unwrap<Value>(answer: Promise<unknown>): Promise<Value> {
  const settled = (await answer) as IpcAnswer<Value>;
  if (!settled.ok) throw new ContractCallError(settled.error);
  return settled.value;
}

/**
 * The renderer's typed client over IPC: `client.providers.create({ body })` resolves with the
 * provider or rejects with a `ContractCallError` carrying the same status, code and field details
 * as the HTTP API. Streaming operations are async iterables pulled batch by batch.
 */
export function createIpcClient<C extends Contract>(contract: C, invoke: IpcInvoke): ContractClient<C> {
  const client: Record<string, Record<string, unknown>> = {};
  for (const [domainName, domain] of Object.entries(contract)) {
    const methods: Record<string, unknown> = {};
    for (const [operationName, operation] of Object.entries(domain)) {
      const channel = adminIpcChannel(operation.name);
      methods[operationName] = operation.stream
        ? (input: unknown) => pull(invoke, channel, input)
        : (input: unknown) => unwrap(invoke(channel, input ?? {}));
    }
    client[domainName] = methods;
  }
  return client as ContractClient<C>;
}

async function* pull(invoke: IpcInvoke, channel: string, input: unknown): AsyncGenerator<unknown> {
  const { streamId } = await unwrap<{ streamId: number }>(invoke(channel, input ?? {}));
  let done = false;
  try {
    while (!done) {
      const page = await unwrap<{ items: unknown[]; done: boolean }>(
        invoke(adminStreamChannels.next, streamId),
      );
      done = page.done;
      yield* page.items;
    }
  } finally {
    if (!done) await unwrap(invoke(adminStreamChannels.cancel, streamId)).catch(() => undefined);
  }
}
