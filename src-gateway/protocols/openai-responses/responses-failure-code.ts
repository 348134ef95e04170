/**
 * Codex reads only `response.failed.response.error.code` and acts on a few values
 * (codex-rs `sse/responses.rs`): `context_length_exceeded` and `insufficient_quota`
 * end the turn with a clear message, `rate_limit_exceeded` ("try again in Ns") is retried.
 * Gateway and vendor codes are folded onto those.
 */
const contextLengthPattern =
  /context[ _-]?(length|window)|maximum context|prompt is too long|too many (input )?tokens/i;

export function responsesFailureCode(status: number, code: string, message: string): string {
  if (
    code === 'context_length_exceeded' ||
    code === 'context_window_exceeded' ||
    code === 'model_context_window_exceeded' ||
    contextLengthPattern.test(message)
  ) {
    return 'context_length_exceeded';
  }
  if (code === 'budget_exceeded' || code === 'insufficient_quota' || status === 402)
    return 'insufficient_quota';
  if (status === 429) return 'rate_limit_exceeded';
  return code === '' ? 'server_error' : code;
}

/** The HTTP status an upstream Responses failure code stands for (the reverse direction). */
export function statusForResponsesCode(code: string | undefined): number {
  switch (code) {
    case 'rate_limit_exceeded':
    case 'insufficient_quota':
    case 'usage_not_included':
      return 429;
    case 'context_length_exceeded':
    case 'invalid_prompt':
    case 'invalid_request_error':
    case 'invalid_encrypted_content':
      return 400;
    case 'server_error':
      return 500;
    case 'server_is_overloaded':
    case 'slow_down':
      return 503;
    default:
      return 502;
  }
}
