/**
 * The error bodies a client of each inbound protocol can parse (protocols.md 1.5):
 * OpenAI (Chat Completions and Responses) `{error:{message,type,param,code}}`,
 * Anthropic `{type:"error",error:{type,message}}`, Gemini `{error:{code,message,status}}`.
 * Returns what is wrong; empty = fine.
 */
export type ClientProtocol = 'chat' | 'responses' | 'anthropic' | 'gemini';

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
  if (protocol === 'gemini') {
    if (!Number.isInteger(error.code) || (error.code as number) < 400 || (error.code as number) > 599)
      problems.push(`error.code is ${JSON.stringify(error.code)}, not an HTTP error status`);
    if (typeof error.status !== 'string' || !/^[A-Z_]+$/.test(error.status))
      problems.push(`error.status is ${JSON.stringify(error.status)}, not a Google status name`);
    return problems;
  }
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
