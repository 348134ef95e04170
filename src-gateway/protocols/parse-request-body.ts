import type { z } from 'zod';
import { invalidRequest } from '../lib/errors.ts';

/**
 * An inbound body checked against its protocol's schema: the parsed value, or a 400
 * GatewayError naming the most specific offending field (`messages[0].content: ...`).
 */
export function parseRequestBody<Schema extends z.ZodType>(schema: Schema, body: unknown): z.output<Schema> {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const { message, param } = describeIssue(parsed.error);
  throw invalidRequest(message, param);
}

function describeIssue(error: z.ZodError): { message: string; param: string | null } {
  const issue = deepestIssue(error.issues);
  if (!issue) return { message: 'Invalid request body', param: null };
  const param = issue.path
    .map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`))
    .join('');
  const name = param.startsWith('.') ? param.slice(1) : param;
  if (name === '') return { message: issue.message, param: null };
  return { message: `${name}: ${issue.message}`, param: name };
}

type Issue = z.ZodError['issues'][number];

/** A union failure nests the real cause; report the most specific one. */
function deepestIssue(issues: readonly Issue[]): Issue | undefined {
  const first = issues[0];
  if (!first) return undefined;
  if (first.code === 'invalid_union' && 'errors' in first && Array.isArray(first.errors)) {
    const candidates = (first.errors as Issue[][])
      .map((branch) => deepestIssue(branch))
      .filter((issue) => !!issue);
    const best = candidates.sort((left, right) => right.path.length - left.path.length)[0];
    if (best) return { ...best, path: [...first.path, ...best.path] } as Issue;
  }
  return first;
}
