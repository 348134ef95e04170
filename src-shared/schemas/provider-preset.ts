import { z } from 'zod';
import { providerProtocolSchema, providerQuirksSchema } from './provider.ts';

/**
 * A ready-made provider: everything needed to add it but the key.
 * `GET /api/provider-presets` lists them; `POST /api/providers` with `preset`
 * fills protocol, base URL, quirks and `responsesApi` from one.
 */
export const providerPresetSchema = z.object({
  id: z.string(),
  name: z.string(),
  protocol: providerProtocolSchema,
  /**
   * Includes the path the protocol's SDK expects (OpenAI-compatible URLs end in their
   * version segment, e.g. `/v1`, `/openai/v1`, `/api/paas/v4`); may hold a `{resource}` placeholder.
   */
  baseUrl: z.string(),
  /** The base URL holds a placeholder (`{resource}`) or points at the user's own server: edit it. */
  baseUrlNeedsEdit: z.boolean(),
  /** Local servers need no key. */
  keyRequired: z.boolean(),
  /** What a key looks like, e.g. `sk-...`. */
  keyFormatHint: z.string(),
  /** Where to get a key. */
  keyUrl: z.string().optional(),
  docsUrl: z.string(),
  /** The upstream serves `/responses` (else Responses requests are translated to chat). */
  responsesApi: z.boolean(),
  /** The upstream accepts `stream_options` (false sets the `noStreamOptions` quirk). */
  streamOptions: z.boolean(),
  /** The upstream lists its models (import models works). */
  modelList: z.boolean(),
  quirks: providerQuirksSchema,
  /** `litellm_provider` of this vendor's entries in the model catalog, when it has any. */
  catalogProvider: z.string().optional(),
  notes: z.string().optional(),
});
export type ProviderPreset = z.infer<typeof providerPresetSchema>;
