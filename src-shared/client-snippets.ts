/**
 * Copy-paste setup for the clients the desktop app does not configure itself
 * (it writes Claude Code's and Codex's files: src-main/client-setup/). Pure
 * and browser-safe, for the renderer's "Connect a client" page. The recipes
 * follow docs/clients.md; each text holds the key as given, so a screen that
 * shows them masked passes a masked key and copies with the real one.
 */
export interface ClientSnippetOptions {
  /** The gateway's root URL (`http://127.0.0.1:3000`); a trailing `/` or `/v1` is ignored. */
  gatewayUrl: string;
  /** A virtual key (`sk-...`). */
  apiKey: string;
  /** A gateway model or virtual model name. */
  model: string;
}

export interface ClientSnippet {
  /** Stable id, also the i18n key for the title and the note. */
  id: string;
  title: string;
  /** For syntax highlighting. */
  language: 'text' | 'yaml' | 'json' | 'bash' | 'python' | 'typescript';
  /** Where the text goes, when it goes in a file. */
  file?: string;
  text: string;
  /** A caveat to show with it (English; the renderer may translate by id). */
  note?: string;
}

export function copyPasteSnippets(options: ClientSnippetOptions): ClientSnippet[] {
  const root = options.gatewayUrl.trim().replace(/\/+$/, '').replace(/\/v1$/, '');
  const openaiBase = `${root}/v1`;
  const { apiKey, model } = options;
  const string = (value: string): string => JSON.stringify(value); // a valid literal in JS, Python, JSON and YAML
  const shell = (value: string): string => `'${value.replace(/'/g, `'\\''`)}'`;
  const chatBody = JSON.stringify({ model, messages: [{ role: 'user', content: 'Hello' }] });
  const messagesBody = JSON.stringify({
    model,
    max_tokens: 1024,
    messages: [{ role: 'user', content: 'Hello' }],
  });

  return [
    {
      id: 'cline',
      title: 'Cline',
      language: 'text',
      text: [
        'API Provider: OpenAI Compatible',
        `Base URL: ${openaiBase}`,
        `API Key: ${apiKey}`,
        `Model ID: ${model}`,
      ].join('\n'),
      note: 'In Cline\u2019s settings. The Anthropic provider works too, with "Use custom base URL" set to the root URL (no /v1).',
    },
    {
      id: 'continue',
      title: 'Continue',
      language: 'yaml',
      file: '~/.continue/config.yaml',
      text: [
        'models:',
        '  - name: LLM Gateway',
        '    provider: openai',
        `    model: ${string(model)}`,
        `    apiBase: ${string(openaiBase)}`,
        `    apiKey: ${string(apiKey)}`,
        '    roles: [chat, edit, apply]',
      ].join('\n'),
    },
    {
      id: 'cursor',
      title: 'Cursor',
      language: 'text',
      text: [
        'Settings \u2192 Models \u2192 API Keys',
        `OpenAI API Key: ${apiKey}`,
        `Override OpenAI Base URL: ${openaiBase}`,
        `Add a custom model: ${model}`,
      ].join('\n'),
      note:
        'Cursor sends these requests from its own servers, which cannot reach 127.0.0.1 or your LAN: ' +
        'the gateway must be reachable from the internet (a tunnel) for Cursor to use it.',
    },
    {
      id: 'opencode',
      title: 'opencode',
      language: 'json',
      file: 'opencode.json (project) or ~/.config/opencode/opencode.json',
      text: JSON.stringify(
        {
          $schema: 'https://opencode.ai/config.json',
          provider: {
            'llm-gateway': {
              npm: '@ai-sdk/openai-compatible',
              name: 'LLM Gateway',
              options: { baseURL: openaiBase, apiKey },
              models: { [model]: { name: model } },
            },
          },
          model: `llm-gateway/${model}`,
        },
        null,
        2,
      ),
    },
    {
      id: 'curl-openai',
      title: 'curl (OpenAI Chat Completions)',
      language: 'bash',
      text: [
        `curl ${shell(`${openaiBase}/chat/completions`)} \\`,
        `  -H ${shell(`Authorization: Bearer ${apiKey}`)} \\`,
        `  -H 'Content-Type: application/json' \\`,
        `  -d ${shell(chatBody)}`,
      ].join('\n'),
    },
    {
      id: 'curl-anthropic',
      title: 'curl (Anthropic Messages)',
      language: 'bash',
      text: [
        `curl ${shell(`${openaiBase}/messages`)} \\`,
        `  -H ${shell(`x-api-key: ${apiKey}`)} \\`,
        `  -H 'anthropic-version: 2023-06-01' \\`,
        `  -H 'Content-Type: application/json' \\`,
        `  -d ${shell(messagesBody)}`,
      ].join('\n'),
    },
    {
      id: 'openai-python',
      title: 'OpenAI SDK (Python)',
      language: 'python',
      text: [
        'from openai import OpenAI',
        '',
        `client = OpenAI(base_url=${string(openaiBase)}, api_key=${string(apiKey)})`,
        'completion = client.chat.completions.create(',
        `    model=${string(model)},`,
        '    messages=[{"role": "user", "content": "Hello"}],',
        ')',
        'print(completion.choices[0].message.content)',
      ].join('\n'),
    },
    {
      id: 'openai-js',
      title: 'OpenAI SDK (JavaScript)',
      language: 'typescript',
      text: [
        "import OpenAI from 'openai';",
        '',
        `const client = new OpenAI({ baseURL: ${string(openaiBase)}, apiKey: ${string(apiKey)} });`,
        'const completion = await client.chat.completions.create({',
        `  model: ${string(model)},`,
        "  messages: [{ role: 'user', content: 'Hello' }],",
        '});',
        'console.log(completion.choices[0].message.content);',
      ].join('\n'),
    },
    {
      id: 'anthropic-python',
      title: 'Anthropic SDK (Python)',
      language: 'python',
      text: [
        'from anthropic import Anthropic',
        '',
        '# The root URL, no /v1: the SDK adds /v1/messages itself.',
        `client = Anthropic(base_url=${string(root)}, api_key=${string(apiKey)})`,
        'message = client.messages.create(',
        `    model=${string(model)},`,
        '    max_tokens=1024,',
        '    messages=[{"role": "user", "content": "Hello"}],',
        ')',
        'print(message.content[0].text)',
      ].join('\n'),
    },
    {
      id: 'anthropic-js',
      title: 'Anthropic SDK (JavaScript)',
      language: 'typescript',
      text: [
        "import Anthropic from '@anthropic-ai/sdk';",
        '',
        '// The root URL, no /v1: the SDK adds /v1/messages itself.',
        `const client = new Anthropic({ baseURL: ${string(root)}, apiKey: ${string(apiKey)} });`,
        'const message = await client.messages.create({',
        `  model: ${string(model)},`,
        '  max_tokens: 1024,',
        "  messages: [{ role: 'user', content: 'Hello' }],",
        '});',
        "console.log(message.content[0].type === 'text' ? message.content[0].text : message.content);",
      ].join('\n'),
    },
  ];
}
