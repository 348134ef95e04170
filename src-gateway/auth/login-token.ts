import { jwtVerify, SignJWT } from 'jose';
import type { SessionToken } from '../../src-shared/schemas/auth.ts';

const audience = 'llm-gateway-admin';

/** What a verified login JWT says. */
export interface LoginTokenClaims {
  adminId: string;
  /** The admin's token generation when the token was issued. */
  generation: number;
  expiresAt: string;
}

/**
 * Sign a login JWT (HS256) for an admin. It carries the admin's token
 * generation (`gen`), which logout and a password change bump: the JWT alone
 * cannot be revoked, the generation stored beside the admin can.
 */
export async function signLoginToken(options: {
  adminId: string;
  username: string;
  generation: number;
  secret: Uint8Array;
  nowMs: number;
  ttlSeconds: number;
}): Promise<SessionToken> {
  const issuedAt = Math.floor(options.nowMs / 1000);
  const expiresAt = issuedAt + options.ttlSeconds;
  const token = await new SignJWT({ username: options.username, gen: options.generation })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(options.adminId)
    .setAudience(audience)
    .setIssuedAt(issuedAt)
    .setExpirationTime(expiresAt)
    .sign(options.secret);
  return { token, expiresAt: new Date(expiresAt * 1000).toISOString() };
}

/** The claims of a valid, unexpired login JWT; undefined for anything else (forged, expired, no generation). */
export async function verifyLoginToken(
  token: string,
  secret: Uint8Array,
  nowMs: number,
): Promise<LoginTokenClaims | undefined> {
  try {
    const { payload } = await jwtVerify(token, secret, {
      algorithms: ['HS256'],
      audience,
      currentDate: new Date(nowMs),
    });
    const generation = payload.gen;
    if (payload.sub === undefined || payload.exp === undefined) return undefined;
    // Tokens signed before generations existed carry none: they are refused (one re-login after upgrading).
    if (typeof generation !== 'number' || !Number.isInteger(generation)) return undefined;
    return {
      adminId: payload.sub,
      generation,
      expiresAt: new Date(payload.exp * 1000).toISOString(),
    };
  } catch {
    return undefined;
  }
}
