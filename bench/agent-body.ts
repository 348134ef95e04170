/**
 * Agent-size Anthropic Messages bodies, like Claude Code's: a system prompt, 30 tools with JSON
 * schemas, and a long conversation of tool calls whose results carry file contents, grown to about
 * `targetBytes`. Deterministic (no randomness), so every run sends the same bytes.
 */

const lorem =
  'export function handle(request: Request): Response {\n  const url = new URL(request.url);\n  if (url.pathname === "/health") return new Response("ok");\n  return fetch(upstream + url.pathname, { method: request.method, headers: request.headers });\n}\n';

function tool(index: number): object {
  return {
    name: `tool_${index}`,
    description: `Tool ${index}: reads, edits or searches files in the workspace. ${'Use it when the task needs it. '.repeat(6)}`,
    input_schema: {
      type: 'object',
      properties: {
        path: { type: 'string', description: 'Absolute path of the file' },
        pattern: { type: 'string', description: 'A regular expression to search for' },
        limit: { type: 'integer', minimum: 1, maximum: 2000, description: 'Lines to read' },
        replace_all: { type: 'boolean', description: 'Replace every occurrence' },
      },
      required: ['path'],
      additionalProperties: false,
    },
  };
}

/** `{ model, max_tokens, system, tools (30), messages }` of about `targetBytes` serialized. */
export function agentMessagesBody(options: { model: string; targetBytes: number; stream: boolean }): string {
  const messages: object[] = [{ role: 'user', content: 'Fix the failing test in src/server.ts.' }];
  const build = (): string =>
    JSON.stringify({
      model: options.model,
      max_tokens: 64,
      system: 'You are an agent that edits code. Be careful and precise.',
      tools: Array.from({ length: 30 }, (_, index) => tool(index)),
      messages,
      ...(options.stream ? { stream: true } : {}),
    });
  // One tool call and its result per turn, each result a few KB of "file contents", until the size is reached.
  for (let turn = 0; build().length < options.targetBytes; turn++) {
    const id = `toolu_${String(turn).padStart(6, '0')}`;
    messages.push({
      role: 'assistant',
      content: [
        { type: 'text', text: `Reading file ${turn}.` },
        { type: 'tool_use', id, name: `tool_${turn % 30}`, input: { path: `/work/src/file-${turn}.ts` } },
      ],
    });
    messages.push({
      role: 'user',
      content: [{ type: 'tool_result', tool_use_id: id, content: lorem.repeat(16) }],
    });
  }
  return build();
}
