import type { z } from 'zod';
import {
  operationsOf,
  type CallContext,
  type Contract,
  type ContractImplementation,
  type ErrorShape,
  type Operation,
} from '../../src-shared/contract/index.ts';
import type { Logger } from '../lib/logger.ts';
import { AdminError, errorShapeOf, fieldIssuesOf, invalidInput, storageError } from '../lib/admin-error.ts';

/** Runs contract operations by name: the one entry point both bindings (HTTP, IPC) call. */
export interface ContractDispatcher {
  /** Every operation, in declaration order. */
  readonly operations: readonly Operation[];
  /** Validate the input with the operation's schema, run it, answer its value (or throw). */
  call(name: string, input: unknown, context: CallContext): Promise<unknown>;
  /** The same for a streaming operation: items as they are produced. */
  stream(name: string, input: unknown, context: CallContext): AsyncIterable<unknown>;
  /** Anything thrown, as the serializable error shape (internals logged, never sent). */
  toErrorShape(error: unknown): ErrorShape;
}

type Handler = (input: unknown, context: CallContext) => unknown;

/**
 * Bind a contract to its implementation. Every operation must be implemented (the type says so;
 * this checks it at start too, so a gap fails loudly instead of answering 500 later).
 */
export function createContractDispatcher<C extends Contract>(
  contract: C,
  implementation: ContractImplementation<C>,
  logger: Logger,
): ContractDispatcher {
  const handlers = new Map<string, { operation: Operation; handler: Handler }>();
  for (const [domainName, domain] of Object.entries(contract)) {
    for (const [operationName, operation] of Object.entries(domain)) {
      const handler = (implementation as Record<string, Record<string, Handler>>)[domainName]?.[
        operationName
      ];
      if (typeof handler !== 'function') throw new Error(`No implementation for ${operation.name}`);
      handlers.set(operation.name, { operation, handler });
    }
  }

  function find(name: string, stream: boolean): { operation: Operation; handler: Handler } {
    const entry = handlers.get(name);
    if (!entry) throw new AdminError(404, 'not_found', `No operation "${name}"`);
    if (Boolean(entry.operation.stream) !== stream)
      throw new AdminError(
        400,
        'invalid_request',
        `"${name}" is ${stream ? 'not ' : ''}a streaming operation`,
      );
    return entry;
  }

  return {
    operations: operationsOf(contract),
    async call(name, input, context) {
      const { operation, handler } = find(name, false);
      if (!operation.public && !context.principal) throw new AdminError(401, 'unauthorized', 'Log in first');
      return handler(parseOperationInput(operation, input), context);
    },
    stream(name, input, context) {
      const { operation, handler } = find(name, true);
      if (!operation.public && !context.principal) throw new AdminError(401, 'unauthorized', 'Log in first');
      return handler(parseOperationInput(operation, input), context) as AsyncIterable<unknown>;
    },
    toErrorShape(error) {
      if (error instanceof AdminError) return errorShapeOf(error);
      logger.error({ err: error }, 'admin operation failed');
      const storage = storageError(error);
      if (storage) return errorShapeOf(storage);
      return { status: 500, code: 'internal_error', message: 'Internal error' };
    },
  };
}

/** Validate an operation's input, or fail with 400 naming each field. */
export function parseOperationInput(operation: Operation, input: unknown): unknown {
  const result = (operation.input as z.ZodType).safeParse(input ?? {});
  if (result.success) return result.data;
  throw invalidInput(fieldIssuesOf(result.error, true));
}
