/**
 * The error bodies a client of each inbound protocol can parse (protocols.md 1.5):
 * OpenAI (Chat Completions and Responses) `{error:{message,type,param,code}}`,
 * Anthropic `{type:"error",error:{type,message}}`. Returns what is wrong; empty = fine.
 */
export type ClientProtocol = 'chat' | 'responses' | 'anthropic';

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export function errorShapeProblems(protocol: ClientProtocol, body: unknown): string[] {
  const problems: string[] = [];
  if (!isRecord(body)) return [`the error body is not an object: ${JSON.stringify(body)?.slice(0, 120)}`];
  const error = body.error;
  if (!isRecord(error)) return ['no `error` object'];
  if (typeof error.message !== 'string' || error.message === '')
    problems.push('error.message is not a non-empty string');
  if (typeof error.type !== 'string' || error.type === '')
    problems.push('error.type is not a non-empty string');
  if (protocol === 'anthropic') {
    if (body.type !== 'error') problems.push(`type is ${JSON.stringify(body.type)}, not "error"`);
  } else {
    if (!(error.param === null || typeof error.param === 'string'))
      problems.push('error.param is neither null nor a string');
    if (!(error.code === null || typeof error.code === 'string'))
      problems.push('error.code is neither null nor a string');
  }
  return problems;
}
