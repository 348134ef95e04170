import { isDeepStrictEqual } from 'node:util';
import { claudeCodeRecipe } from '../../src-shared/client-recipes.ts';
import { ClientSetupError } from './client-setup-error.ts';
import type { ClientSetupOptions } from './client-setup-input.ts';
import type { ConfigEdit } from './config-edit.ts';
import { isPlainObject } from './is-plain-object.ts';
import { describeJsonError } from './describe-parse-error.ts';
import { setJsonMember } from './set-json-member.ts';
import { detectTextLayout } from './text-layout.ts';

/**
 * The alias model variables (`opus`, `sonnet`, `haiku`) point at the chosen model so every
 * request names a gateway model, with no alias to set up in the gateway; the variables that
 * would override the model are updated only when the file already sets them.
 */
const { aliasModelVariables, overridingModelVariables, baseUrlVariable, tokenVariable } = claudeCodeRecipe;

/**
 * Claude Code's `~/.claude/settings.json` pointed at the gateway: in `env`,
 * `ANTHROPIC_BASE_URL` (the root URL: Claude Code adds `/v1/messages`) and
 * `ANTHROPIC_AUTH_TOKEN` (sent as `Authorization: Bearer`), the alias model
 * variables; top-level `model`. Every other byte of the file stays as it was.
 */
export function editClaudeCodeSettings(
  filePath: string,
  before: string | undefined,
  options: ClientSetupOptions,
): ConfigEdit {
  const bom = before?.startsWith('\uFEFF') ? '\uFEFF' : '';
  const text = (before ?? '').slice(bom.length);
  const blank = text.trim() === '';
  let parsed: unknown = {};
  if (!blank) {
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      throw new ClientSetupError(
        'malformed-file',
        `${filePath} is not valid JSON (${describeJsonError(error, text)}). Fix or move it, then try again; it was left as it is.`,
        { cause: error },
      );
    }
  }
  if (!isPlainObject(parsed)) {
    throw new ClientSetupError(
      'malformed-file',
      `${filePath} must hold a JSON object ({ ... }); it was left as it is.`,
    );
  }
  const env = parsed.env ?? {};
  if (!isPlainObject(env)) {
    throw new ClientSetupError(
      'malformed-file',
      `"env" in ${filePath} must be an object; it was left as it is.`,
    );
  }

  const wanted: Record<string, string> = {
    [baseUrlVariable]: options.gatewayUrl,
    [tokenVariable]: options.apiKey,
  };
  for (const name of aliasModelVariables) wanted[name] = options.model;
  for (const name of overridingModelVariables) if (name in env) wanted[name] = options.model;

  const layout = detectTextLayout(text);
  let after = blank ? `{}${layout.eol}` : text;
  for (const [name, value] of Object.entries(wanted))
    after = setJsonMember(after, ['env', name], value, layout);
  after = setJsonMember(after, ['model'], options.model, layout);
  verify(filePath, parsed, JSON.parse(after), wanted, options.model);

  const notes: string[] = [];
  if (typeof env.ANTHROPIC_API_KEY === 'string') {
    notes.push(
      'ANTHROPIC_API_KEY is also set in this file and was left as it is: Claude Code sends it too, ' +
        'but the gateway checks ANTHROPIC_AUTH_TOKEN (Authorization: Bearer) first.',
    );
  }
  const replaced = [env.ANTHROPIC_AUTH_TOKEN, env.ANTHROPIC_API_KEY].filter(
    (value) => typeof value === 'string',
  );
  return { after: bom + after, notes, secrets: [options.apiKey, ...replaced], environment: {} };
}

/** The edit did what it says and nothing else: a guard against a bug in the text edits. */
function verify(
  filePath: string,
  before: Record<string, unknown>,
  after: unknown,
  wanted: Record<string, string>,
  model: string,
): void {
  const withoutOurs = (settings: unknown): unknown => {
    const copy = structuredClone(settings) as Record<string, unknown>;
    delete copy.model;
    const env = copy.env as Record<string, unknown> | undefined;
    if (env) {
      for (const name of Object.keys(wanted)) delete env[name];
      if (Object.keys(env).length === 0 && !('env' in before)) delete copy.env;
    }
    return copy;
  };
  const afterEnv = isPlainObject(after) && isPlainObject(after.env) ? after.env : {};
  const done =
    isPlainObject(after) &&
    after.model === model &&
    Object.entries(wanted).every(([name, value]) => afterEnv[name] === value) &&
    isDeepStrictEqual(withoutOurs(before), withoutOurs(after));
  if (!done) {
    throw new ClientSetupError(
      'unsupported-form',
      `${filePath} is written in a way this app cannot edit safely; set it up by hand (docs/clients.md).`,
    );
  }
}
