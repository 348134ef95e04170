import type { UpstreamFamily } from './upstream-family.ts';

/** The header that carries a key to an upstream of this family; none without a key (keyless local servers). */
export function authHeaders(family: UpstreamFamily, apiKey: string | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  if (apiKey) headers[family.keyHeader] = family.keyPrefix + apiKey;
  return headers;
}
