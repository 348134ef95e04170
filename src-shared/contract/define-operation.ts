import type { z } from 'zod';
import type { Principal } from '../schemas/auth.ts';

/**
 * One admin operation, declared once: its input, its output, the errors it documents.
 * The HTTP binding (route table), the IPC binding, the OpenAPI document and the renderer's
 * typed client are all derived from these declarations.
 *
 * Input convention (so one rule maps every transport): path parameters and query parameters
 * are top-level fields (`id`, `from`, `limit`), a request body is the field `body`.
 */
export interface Operation<Input extends z.ZodType = z.ZodType, Output extends z.ZodType = z.ZodType> {
  /** Filled in by `defineContract`: `<domain>.<operation>`, e.g. `providers.create`. */
  readonly name: string;
  readonly summary: string;
  readonly input: Input;
  /** The answer; for a streaming operation, the schema of one item. */
  readonly output: Output;
  /** Statuses this operation may fail with (documented; 400 for invalid input is always possible). */
  readonly errors: readonly number[];
  /** Answers an async iterable of `output` items instead of one value (log export). */
  readonly stream?: boolean;
  /** Callable without a login (auth status, setup, login). */
  readonly public?: boolean;
}

export type OperationInput<Op> = Op extends Operation<infer Input, z.ZodType> ? z.input<Input> : never;
export type ParsedInput<Op> = Op extends Operation<infer Input, z.ZodType> ? z.output<Input> : never;
export type OperationOutput<Op> = Op extends Operation<z.ZodType, infer Output> ? z.output<Output> : never;

/** A domain: its operations by short name. */
export type Domain = Record<string, Operation>;
/** The whole contract: domains by name. */
export type Contract = Record<string, Domain>;

/** What a client calls: `client.providers.create({ body })` → the typed answer. */
export type ContractClient<C extends Contract> = {
  [D in keyof C]: {
    [O in keyof C[D]]: C[D][O] extends { stream: true }
      ? (input: OperationInput<C[D][O]>) => AsyncIterable<OperationOutput<C[D][O]>>
      : (input: OperationInput<C[D][O]>) => Promise<OperationOutput<C[D][O]>>;
  };
};

/** Who calls, as the binding knows it. Services use it for per-admin operations (API tokens, password). */
export interface CallContext {
  /** The logged-in admin or API token; absent on public operations. */
  principal?: Principal;
  /** The caller's address (HTTP), `ipc` (the desktop window) or `local`. */
  clientIp: string;
  /** Which binding carries the call; `local` is a composition root calling `gateway.admin` itself (the CLI). */
  transport: 'http' | 'ipc' | 'local';
}

/** What the gateway implements: every operation takes its parsed input and the call context. */
export type ContractImplementation<C extends Contract> = {
  [D in keyof C]: {
    [O in keyof C[D]]: C[D][O] extends { stream: true }
      ? (input: ParsedInput<C[D][O]>, context: CallContext) => AsyncIterable<z.input<C[D][O]['output']>>
      : (input: ParsedInput<C[D][O]>, context: CallContext) => Promise<z.input<C[D][O]['output']>>;
  };
};

/**
 * Declare an operation (its name is filled in by `defineContract`). A streaming declaration keeps
 * `stream: true` in its type, so clients and implementations see an async iterable.
 */
export function operation<Input extends z.ZodType, Output extends z.ZodType>(
  definition: Omit<Operation<Input, Output>, 'name'> & { stream: true },
): Operation<Input, Output> & { stream: true };
export function operation<Input extends z.ZodType, Output extends z.ZodType>(
  definition: Omit<Operation<Input, Output>, 'name'>,
): Operation<Input, Output>;
export function operation<Input extends z.ZodType, Output extends z.ZodType>(
  definition: Omit<Operation<Input, Output>, 'name'>,
): Operation<Input, Output> {
  return { ...definition, name: '' };
}

/** Name every operation `<domain>.<operation>` and freeze the contract. */
export function defineContract<C extends Contract>(contract: C): C {
  for (const [domainName, domain] of Object.entries(contract)) {
    for (const [operationName, definition] of Object.entries(domain)) {
      (definition as { name: string }).name = `${domainName}.${operationName}`;
      Object.freeze(definition);
    }
    Object.freeze(domain);
  }
  return Object.freeze(contract);
}

/** Every operation of a contract, in declaration order. */
export function operationsOf(contract: Contract): Operation[] {
  return Object.values(contract).flatMap((domain) => Object.values(domain));
}
