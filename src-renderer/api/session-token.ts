/** The browser's login: the bearer token in memory, mirrored to sessionStorage (never a cookie). */
export interface SessionToken {
  /** The token while it has not expired. */
  get(): string | undefined;
  set(token: string, expiresAt?: string): void;
  clear(): void;
}

const storageKey = 'llm-gateway.session';

/**
 * A token kept for this tab only: sessionStorage survives a reload but not closing the tab, and is
 * never sent with requests by the browser (unlike a cookie), so no request can be forged with it.
 * A storage that refuses (privacy modes) leaves the token in memory.
 */
export function createSessionToken(storage: Storage | undefined, now: () => number = Date.now): SessionToken {
  let token: string | undefined;
  let expiresAt: number | undefined;
  try {
    const stored = JSON.parse(storage?.getItem(storageKey) ?? 'null') as {
      token?: unknown;
      expiresAt?: unknown;
    };
    if (stored && typeof stored.token === 'string') {
      token = stored.token;
      expiresAt = typeof stored.expiresAt === 'number' ? stored.expiresAt : undefined;
    }
  } catch {
    token = undefined;
  }
  const clear = () => {
    token = undefined;
    expiresAt = undefined;
    try {
      storage?.removeItem(storageKey);
    } catch {
      // Nothing stored, nothing to remove.
    }
  };
  return {
    get() {
      if (token !== undefined && expiresAt !== undefined && now() >= expiresAt) clear();
      return token;
    },
    set(value, expiry) {
      token = value;
      const parsed = expiry === undefined ? Number.NaN : Date.parse(expiry);
      expiresAt = Number.isFinite(parsed) ? parsed : undefined;
      try {
        storage?.setItem(storageKey, JSON.stringify({ token, expiresAt }));
      } catch {
        // Kept in memory only.
      }
    },
    clear,
  };
}
