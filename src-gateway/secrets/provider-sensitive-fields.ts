import type { SecretStore } from './secret-store.ts';

/**
 * Secrets that hide inside ordinary provider fields: a password in `proxyUrl`
 * and credential-like extra headers (`Authorization`, `X-Api-Key`, ...). They
 * go to the secret store like API keys; the database and every admin answer
 * keep the field with the secret replaced by a mask. Sending the mask back in
 * a PATCH keeps the stored secret, so an edit form can round-trip the object.
 */
export const secretMask = '********';

const sensitiveHeader = /auth|key|token|secret|password|cookie|signature|credential/i;

export function isSensitiveHeader(name: string): boolean {
  return sensitiveHeader.test(name);
}

export function proxyReference(providerId: string): string {
  return `provider:${providerId}:proxy`;
}

export function headerReference(providerId: string, name: string): string {
  return `provider:${providerId}:header:${name.toLowerCase()}`;
}

/** `proxyUrl` with its password masked, or unchanged when it has none. */
export function maskProxyUrl(proxyUrl: string): string {
  const url = parseUrl(proxyUrl);
  if (!url || url.password === '') return proxyUrl;
  url.password = secretMask;
  return url.toString();
}

function hasMaskedPassword(proxyUrl: string): boolean {
  return parseUrl(proxyUrl)?.password === encodeURIComponent(secretMask);
}

function parseUrl(value: string): URL | undefined {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}

/**
 * Move the secrets of `proxyUrl` and `headers` into the store and answer the
 * masked values to persist. `previous` is the stored (masked) record, whose
 * secrets a masked value in the input keeps; secrets no longer used are deleted.
 */
export async function storeSensitiveFields(
  secretStore: SecretStore,
  providerId: string,
  next: { proxyUrl?: string; headers?: Record<string, string> },
  previous: { proxyUrl?: string; headers?: Record<string, string> } = {},
): Promise<{ proxyUrl?: string; headers?: Record<string, string> }> {
  const result: { proxyUrl?: string; headers?: Record<string, string> } = {};
  if (next.proxyUrl !== undefined) {
    let full = next.proxyUrl;
    if (hasMaskedPassword(full)) {
      // The mask stands for the stored password; the rest of the URL may have changed.
      const stored = parseUrl((await secretStore.get(proxyReference(providerId))) ?? '');
      const url = new URL(full);
      url.password = stored?.password ?? '';
      full = url.toString();
    }
    if (maskProxyUrl(full) === full) await secretStore.delete(proxyReference(providerId));
    else await secretStore.set(proxyReference(providerId), full);
    result.proxyUrl = maskProxyUrl(full);
  } else if (previous.proxyUrl !== undefined) {
    await secretStore.delete(proxyReference(providerId));
  }
  const previousHeaders = previous.headers ?? {};
  if (next.headers !== undefined) {
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(next.headers)) {
      if (!isSensitiveHeader(name)) {
        headers[name] = value;
        continue;
      }
      const keepPrevious = value === secretMask && previousHeaders[name] !== undefined;
      if (!keepPrevious) await secretStore.set(headerReference(providerId, name), value);
      headers[name] = secretMask;
    }
    result.headers = headers;
  }
  const kept = next.headers ?? {};
  for (const name of Object.keys(previousHeaders)) {
    if (isSensitiveHeader(name) && next.headers !== undefined && kept[name] === undefined) {
      await secretStore.delete(headerReference(providerId, name));
    }
  }
  return result;
}

/** The real values behind a stored (masked) record, for the runtime snapshot. */
export async function revealSensitiveFields(
  secretStore: SecretStore,
  providerId: string,
  stored: { proxyUrl?: string; headers?: Record<string, string> },
): Promise<{ proxyUrl?: string; headers: Record<string, string> }> {
  let proxyUrl = stored.proxyUrl;
  if (proxyUrl !== undefined && hasMaskedPassword(proxyUrl)) {
    proxyUrl = (await secretStore.get(proxyReference(providerId))) ?? proxyUrl;
  }
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(stored.headers ?? {})) {
    headers[name] =
      value === secretMask && isSensitiveHeader(name)
        ? ((await secretStore.get(headerReference(providerId, name))) ?? '')
        : value;
  }
  return proxyUrl === undefined ? { headers } : { proxyUrl, headers };
}

/** Delete every sensitive-field secret of a provider. */
export async function deleteSensitiveFields(
  secretStore: SecretStore,
  providerId: string,
  stored: { headers?: Record<string, string> },
): Promise<void> {
  await secretStore.delete(proxyReference(providerId));
  for (const name of Object.keys(stored.headers ?? {})) {
    if (isSensitiveHeader(name)) await secretStore.delete(headerReference(providerId, name));
  }
}
