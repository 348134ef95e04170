import path from 'node:path';
import { z } from 'zod';
import { gatewayRootUrl, setupClients } from '../../src-shared/client-recipes.ts';

/** The clients whose config files the app writes. */
export { setupClients, type SetupClient } from '../../src-shared/client-recipes.ts';

const loneSurrogate = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

// No control characters and no lone surrogates: such a value cannot be written to TOML, nor pasted by a user.
const printable = (what: string) =>
  z
    .string()
    .trim()
    .min(1, `${what} is empty`)
    .refine((value) => !/\p{Cc}/u.test(value), `${what} has a control character`)
    .refine((value) => !loneSurrogate.test(value), `${what} is not valid Unicode`);

/**
 * The gateway's root URL as clients need it: http(s), no credentials, no
 * query; a trailing `/` or `/v1` is dropped (Claude Code adds `/v1/messages`
 * itself, Codex gets `/v1` added here).
 */
export const gatewayUrlSchema = printable('The gateway URL')
  .refine((value) => URL.canParse(value), 'The gateway URL is not a URL')
  .transform((value) => new URL(value))
  .refine(
    (url) => url.protocol === 'http:' || url.protocol === 'https:',
    'The gateway URL must be http or https',
  )
  .refine((url) => url.username === '' && url.password === '', 'The gateway URL must not hold credentials')
  .refine((url) => url.search === '' && url.hash === '', 'The gateway URL must not have a query or fragment')
  .transform((url) => gatewayRootUrl(`${url.origin}${url.pathname}`));

export const clientTargetSchema = z.object({
  client: z.enum(setupClients),
  /** The user's home folder (`os.homedir()` in the app; a temp folder in tests). */
  homeDir: z.string().refine((value) => path.isAbsolute(value), 'The home folder must be an absolute path'),
});

export const clientSetupInputSchema = clientTargetSchema.extend({
  gatewayUrl: gatewayUrlSchema,
  /** The virtual key (sk-...) the client will send. */
  apiKey: printable('The key').refine((value) => !/\s/.test(value), 'The key has a space in it'),
  /** A gateway model or virtual model name. */
  model: printable('The model'),
});

export type ClientSetupInput = z.input<typeof clientSetupInputSchema>;
export type ClientSetupOptions = z.output<typeof clientSetupInputSchema>;
export type ClientTarget = z.output<typeof clientTargetSchema>;
