import { randomBytes, timingSafeEqual } from 'node:crypto';
import {
  apiTokenSchema,
  createApiTokenInput,
  type ApiToken,
  type ApiTokenWithSecret,
} from '../../src-shared/schemas/api-token.ts';
import {
  changePasswordInput,
  loginInput,
  setupInput,
  type AuthStatus,
  type Principal,
  type SessionToken,
} from '../../src-shared/schemas/auth.ts';
import { AdminError, notFound, parseInput } from '../lib/admin-error.ts';
import { hashKey } from '../virtual-keys/hash-key.ts';
import type { Clock } from '../lib/clock.ts';
import { randomId } from '../lib/ids.ts';
import type { Repositories } from '../storage/create-repositories.ts';
import type { AdminRecord } from '../storage/repositories/admin-repository.ts';
import type { ApiTokenRecord } from '../storage/repositories/api-token-repository.ts';
import { checkApiTokenExpiry } from './check-api-token-expiry.ts';
import { createLoginThrottle } from './login-throttle.ts';
import { signLoginToken, verifyLoginToken } from './login-token.ts';
import { hashPassword, needsRehash, verifyPassword } from './password-hash.ts';

export interface AuthService {
  status(): Promise<AuthStatus>;
  /** Create the first admin and log in; 409 once an admin exists. */
  setup(input: unknown): Promise<SessionToken>;
  /** 401 on bad credentials, 429 (with `retryAfter`) after repeated failures from one IP. */
  login(input: unknown, clientIp: string): Promise<SessionToken>;
  /** A login JWT or an admin API token (`gw_...`); 401 otherwise. */
  verify(token: string): Promise<Principal>;
  /** End every login session of the principal's admin (all its JWTs); API tokens stay. */
  logout(principal: Principal): Promise<void>;
  /**
   * Change the principal's password (403 when `currentPassword` is wrong, throttled like login).
   * Every login JWT of the admin is refused afterwards; answers a fresh one for the caller.
   */
  changePassword(principal: Principal, input: unknown, clientIp: string): Promise<SessionToken>;
  /** Headless provisioning: create this admin when none exists. True when one was created. */
  ensureAdminFromEnv(username?: string, password?: string): Promise<boolean>;
  listApiTokens(): Promise<ApiToken[]>;
  /**
   * Answers the token in full, once; it is stored only as a hash. A past `expiresAt`
   * is refused, and so is one beyond the expiry of the API token that asks (400).
   */
  createApiToken(principal: Principal, input: unknown): Promise<ApiTokenWithSecret>;
  revokeApiToken(id: string): Promise<void>;
}

export interface AuthServiceOptions {
  repositories: Repositories;
  /** HS256 key for login tokens (at least 32 random bytes). */
  jwtSecret: Uint8Array;
  clock: Clock;
  /** Login token lifetime; default 12 hours. */
  tokenTtlSeconds?: number;
  /**
   * When set, `setup` also needs this one-time code (createGateway's `setupCode`): the
   * headless gateway prints it to its console, so only someone who sees that console can
   * create the first admin, not a web page that reached the port.
   */
  setupCode?: string;
}

const apiTokenPrefix = 'gw_';
/** API token use is recorded at most this often (no write per request). */
const lastUsedResolutionMs = 60_000;

function unauthorized(message = 'A valid admin token is required'): AdminError {
  return new AdminError(401, 'unauthorized', message);
}

/** Codes compare without dashes, spaces or case, in constant time. */
function setupCodeMatches(expected: string, given: string | undefined): boolean {
  const normalize = (code: string) => Buffer.from(code.replace(/[\s-]/g, '').toLowerCase());
  const wanted = normalize(expected);
  const offered = normalize(given ?? '');
  return offered.length === wanted.length && timingSafeEqual(offered, wanted);
}

function toPublicToken(record: ApiTokenRecord): ApiToken {
  return apiTokenSchema.parse(record);
}

/** Admin authentication: first-run setup, password login with throttling, JWTs and API tokens. */
export function createAuthService(options: AuthServiceOptions): AuthService {
  const { repositories, clock } = options;
  if (options.jwtSecret.length < 32) throw new Error('jwtSecret must be at least 32 bytes');
  const tokenTtlSeconds = options.tokenTtlSeconds ?? 12 * 60 * 60;
  const throttle = createLoginThrottle({ clock });
  const isoNow = () => new Date(clock.now()).toISOString();
  // Unknown usernames still pay for one scrypt, so timing does not reveal which names exist.
  let dummyHash: Promise<string> | undefined;
  // Setup checks "no admin yet" and inserts; serialising it closes the race between two first requests.
  let setupQueue: Promise<unknown> = Promise.resolve();

  function issueToken(admin: AdminRecord): Promise<SessionToken> {
    return signLoginToken({
      adminId: admin.id,
      username: admin.username,
      generation: admin.tokenGeneration,
      secret: options.jwtSecret,
      nowMs: clock.now(),
      ttlSeconds: tokenTtlSeconds,
    });
  }

  async function createAdmin(username: string, password: string): Promise<AdminRecord> {
    const now = isoNow();
    const admin: AdminRecord = {
      id: randomId('adm_', 16),
      username,
      passwordHash: await hashPassword(password),
      tokenGeneration: 0,
      createdAt: now,
      updatedAt: now,
    };
    await repositories.admins.insert(admin);
    return admin;
  }

  function serialisedSetup<T>(work: () => Promise<T>): Promise<T> {
    const run = setupQueue.then(work);
    setupQueue = run.catch(() => undefined);
    return run;
  }

  /**
   * The throttled password check. The attempt is reserved before the awaited
   * hash, so parallel guesses cannot all pass the lockout check; a right
   * password clears the reservation. Undefined for a wrong name or password.
   */
  async function checkPassword(
    username: string,
    password: string,
    clientIp: string,
  ): Promise<AdminRecord | undefined> {
    const throttleKey = `${username.toLowerCase()}|${clientIp}`;
    const retryAfter = throttle.reserve(throttleKey);
    if (retryAfter !== undefined) {
      throw new AdminError(429, 'too_many_attempts', `Too many failed logins; try again in ${retryAfter} s`, {
        retryAfter,
      });
    }
    const admin = await repositories.admins.findByUsername(username);
    dummyHash ??= hashPassword(randomBytes(16).toString('hex'));
    const valid = await verifyPassword(password, admin?.passwordHash ?? (await dummyHash));
    if (!admin || !valid) return undefined;
    throttle.recordSuccess(throttleKey);
    // A hash from an earlier release's parameters is made again with today's, once.
    if (needsRehash(admin.passwordHash))
      await repositories.admins.replacePasswordHash(admin.id, await hashPassword(password));
    return admin;
  }

  async function verifyApiToken(token: string): Promise<Principal> {
    const record = await repositories.apiTokens.findByHash(hashKey(token));
    if (!record) throw unauthorized();
    const now = clock.now();
    if (record.expiresAt !== undefined && Date.parse(record.expiresAt) <= now) {
      throw unauthorized('This API token has expired');
    }
    const admin = await repositories.admins.get(record.adminId);
    if (!admin) throw unauthorized();
    if (record.lastUsedAt === undefined || now - Date.parse(record.lastUsedAt) > lastUsedResolutionMs) {
      await repositories.apiTokens.markUsed(record.id, isoNow());
    }
    const principal: Principal = { adminId: admin.id, username: admin.username, via: 'api-token' };
    if (record.expiresAt !== undefined) principal.expiresAt = record.expiresAt;
    return principal;
  }

  async function verifyLogin(token: string): Promise<Principal> {
    const claims = await verifyLoginToken(token, options.jwtSecret, clock.now());
    if (!claims) throw unauthorized('The admin token is invalid or has expired');
    const admin = await repositories.admins.get(claims.adminId);
    if (!admin) throw unauthorized();
    // Logout and a password change bump the stored generation: older JWTs are revoked.
    if (claims.generation !== admin.tokenGeneration) {
      throw unauthorized('This admin session has ended; log in again');
    }
    return { adminId: admin.id, username: admin.username, via: 'login', expiresAt: claims.expiresAt };
  }

  return {
    async status() {
      return { needsSetup: (await repositories.admins.count()) === 0 };
    },
    async setup(raw) {
      const input = parseInput(setupInput, raw);
      return serialisedSetup(async () => {
        if ((await repositories.admins.count()) > 0) {
          throw new AdminError(409, 'conflict', 'An admin already exists; log in instead');
        }
        if (options.setupCode !== undefined && !setupCodeMatches(options.setupCode, input.setupCode)) {
          throw new AdminError(
            403,
            input.setupCode === undefined ? 'setup_code_required' : 'invalid_setup_code',
            'Creating the first admin needs the setup code the gateway printed to its console at start (field "setupCode")',
          );
        }
        return issueToken(await createAdmin(input.username, input.password));
      });
    },
    async login(raw, clientIp) {
      const input = parseInput(loginInput, raw);
      const admin = await checkPassword(input.username, input.password, clientIp);
      if (!admin) throw new AdminError(401, 'invalid_credentials', 'Wrong username or password');
      return issueToken(admin);
    },
    async verify(token) {
      if (token === '') throw unauthorized();
      return token.startsWith(apiTokenPrefix) ? verifyApiToken(token) : verifyLogin(token);
    },
    async logout(principal) {
      await repositories.admins.bumpTokenGeneration(principal.adminId, isoNow());
    },
    async changePassword(principal, raw, clientIp) {
      const input = parseInput(changePasswordInput, raw);
      const admin = await checkPassword(principal.username, input.currentPassword, clientIp);
      if (!admin || admin.id !== principal.adminId) {
        throw new AdminError(403, 'invalid_credentials', 'The current password is wrong');
      }
      const passwordHash = await hashPassword(input.newPassword);
      const generation = await repositories.admins.changePassword(admin.id, passwordHash, isoNow());
      if (generation === undefined) throw unauthorized();
      return issueToken({ ...admin, passwordHash, tokenGeneration: generation });
    },
    async ensureAdminFromEnv(username, password) {
      if (!username || !password) return false;
      const input = parseInput(setupInput, { username, password });
      return serialisedSetup(async () => {
        if ((await repositories.admins.count()) > 0) return false;
        await createAdmin(input.username, input.password);
        return true;
      });
    },
    async listApiTokens() {
      return (await repositories.apiTokens.list()).map(toPublicToken);
    },
    async createApiToken(principal, raw) {
      const input = parseInput(createApiTokenInput, raw);
      const token = `${apiTokenPrefix}${randomBytes(32).toString('base64url')}`;
      const record: ApiTokenRecord = {
        id: randomId('tok_', 16),
        name: input.name,
        tokenHash: hashKey(token),
        tokenHint: token.slice(-4),
        adminId: principal.adminId,
        createdAt: isoNow(),
      };
      const expiresAt = checkApiTokenExpiry(input.expiresAt, principal, clock.now());
      if (expiresAt !== undefined) record.expiresAt = expiresAt;
      await repositories.apiTokens.insert(record);
      return { ...toPublicToken(record), token };
    },
    async revokeApiToken(id) {
      if (!(await repositories.apiTokens.delete(id))) throw notFound('API token', id);
    },
  };
}
