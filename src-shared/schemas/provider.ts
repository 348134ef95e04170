import { z } from 'zod';
import { idSchema, isoTimestamp, nameSchema } from './common.ts';

export const providerProtocolSchema = z.enum(['openai', 'anthropic', 'gemini']);
export type ProviderProtocol = z.infer<typeof providerProtocolSchema>;

export const timeoutsSchema = z.object({
  connectMs: z.number().int().positive().max(600_000).optional(),
  firstByteMs: z.number().int().positive().max(3_600_000).optional(),
  idleMs: z.number().int().positive().max(3_600_000).optional(),
  totalMs: z.number().int().positive().max(7_200_000).optional(),
});
export type Timeouts = z.infer<typeof timeoutsSchema>;

export const providerQuirksSchema = z.object({
  noStreamOptions: z.boolean().optional(),
  toolIdNineAlnum: z.boolean().optional(),
  reasoningContentRoundTrip: z.boolean().optional(),
  developerRole: z.boolean().optional(),
  anthropicBetaAllowlist: z.array(z.string()).optional(),
  geminiApiVersion: z
    .string()
    .regex(/^v[0-9a-z]+$/)
    .optional(),
});

/** Relay isolation (protocols.md section 5): off by default. */
export const relayIsolationSchema = z.object({
  enabled: z.boolean().default(false),
  /** The prompt the upstream requires in `instructions` (e.g. Codex's built-in prompt). */
  requiredInstructions: z.string().max(200_000).optional(),
});

const headerName = z.string().regex(/^[A-Za-z0-9-]+$/, 'header names are letters, digits and dashes');
const urlSchema = z
  .string()
  .trim()
  .url()
  .refine((value) => /^https?:\/\//i.test(value), 'must be an http(s) URL');

const providerFields = {
  name: nameSchema,
  protocol: providerProtocolSchema,
  baseUrl: urlSchema,
  enabled: z.boolean(),
  preset: z.string().max(64).optional(),
  headers: z.record(headerName, z.string().max(4096)).optional(),
  responsesApi: z.boolean().optional(),
  /** `http://`, `https://` or `socks5://` proxy for this provider's upstream calls. */
  proxyUrl: z
    .string()
    .trim()
    .refine((value) => /^(https?|socks[45]?h?):\/\//i.test(value), 'must be http(s):// or socks5://')
    .optional(),
  timeouts: timeoutsSchema.optional(),
  quirks: providerQuirksSchema.optional(),
  relayIsolation: relayIsolationSchema.optional(),
};

export const createProviderInput = z.object({
  ...providerFields,
  enabled: z.boolean().default(true),
  /** Write-only. Several keys may be given (`apiKeys`); they are used in turn. */
  apiKey: z.string().min(1).max(4096).optional(),
  apiKeys: z.array(z.string().min(1).max(4096)).max(32).optional(),
});
export type CreateProviderInput = z.infer<typeof createProviderInput>;

/**
 * What a client may send to create a provider: with a `preset`, name, protocol and base URL may be
 * left out (the preset fills them; the result is then checked against `createProviderInput`).
 */
export const createProviderRequest = createProviderInput.partial({
  name: true,
  protocol: true,
  baseUrl: true,
});
/** What a caller sends to create a provider (the schema's input side: defaults may be left out). */
export type CreateProviderRequest = z.input<typeof createProviderRequest>;

export const updateProviderInput = z
  .object({
    ...providerFields,
    apiKey: z.string().max(4096).nullable(),
    apiKeys: z.array(z.string().min(1).max(4096)).max(32),
    // `null` clears an optional field.
    preset: providerFields.preset.nullable(),
    headers: providerFields.headers.nullable(),
    responsesApi: providerFields.responsesApi.nullable(),
    proxyUrl: providerFields.proxyUrl.nullable(),
    timeouts: providerFields.timeouts.nullable(),
    quirks: providerFields.quirks.nullable(),
    relayIsolation: providerFields.relayIsolation.nullable(),
  })
  .partial();
export type UpdateProviderInput = z.infer<typeof updateProviderInput>;
export type UpdateProviderRequest = z.input<typeof updateProviderInput>;

export const providerSchema = z.object({
  id: idSchema,
  ...providerFields,
  /** Last 4 characters of the first key; the key itself is never returned. */
  apiKeyHint: z.string().nullable(),
  apiKeyCount: z.number().int(),
  createdAt: isoTimestamp,
  updatedAt: isoTimestamp,
});
export type Provider = z.infer<typeof providerSchema>;
