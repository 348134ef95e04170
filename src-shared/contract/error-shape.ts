import { z } from 'zod';

/** One invalid field: its path in the operation's input (`body.targets.0.modelId`) and what is wrong. */
export const fieldIssueSchema = z.object({ path: z.string(), message: z.string() });

/**
 * The one error shape both bindings send, the same object on both: HTTP as `{ error: shape }` (the
 * answer's status is `shape.status`), IPC as `{ ok: false, error: shape }` (Electron drops custom
 * error properties, so errors cross as data). Messages name objects by name and id, never secrets.
 */
export const errorShapeSchema = z.object({
  status: z.number().int(),
  code: z.string(),
  message: z.string(),
  /** For invalid input: each field that failed. */
  details: z.array(fieldIssueSchema).optional(),
  /** Seconds until a throttled call may be retried (429). */
  retryAfter: z.number().optional(),
});
export type ErrorShape = z.infer<typeof errorShapeSchema>;

/** An `/api` error answer's body. */
export const errorBodySchema = z.object({ error: errorShapeSchema });
export type ErrorBody = z.infer<typeof errorBodySchema>;
export type FieldIssue = z.infer<typeof fieldIssueSchema>;

/** A failed contract call on the client side: the shape above as a throwable error. */
export class ContractCallError extends Error implements ErrorShape {
  readonly status: number;
  readonly code: string;
  readonly details?: FieldIssue[];
  readonly retryAfter?: number;

  constructor(shape: ErrorShape) {
    super(shape.message);
    this.name = 'ContractCallError';
    this.status = shape.status;
    this.code = shape.code;
    if (shape.details) this.details = shape.details;
    if (shape.retryAfter !== undefined) this.retryAfter = shape.retryAfter;
  }
}

/** What an IPC call answers. */
export type IpcAnswer<Value> = { ok: true; value: Value } | { ok: false; error: ErrorShape };
