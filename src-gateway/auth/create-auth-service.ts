import { randomBytes, timingSafeEqual } from 'node:crypto';
import { jwtVerify, SignJWT } from 'jose';
import {
  apiTokenSchema,
  createApiTokenInput,
  type ApiToken,
  type ApiTokenWithSecret,
} from '../../src-shared/schemas/api-token.ts';
import {
  loginInput,
  setupInput,
  type AuthStatus,
  type Principal,
  type SessionToken,
} from '../../src-shared/schemas/auth.ts';
import { AdminError, notFound, parseInput } from '../admin/admin-error.ts';
import { sha256Hex } from '../admin/virtual-key-secret.ts';
import type { Clock } from '../lib/clock.ts';
import { randomId } from '../lib/ids.ts';
import type { Repositories } from '../storage/create-repositories.ts';
import type { AdminRecord } from '../storage/repositories/admin-repository.ts';
import type { ApiTokenRecord } from '../storage/repositories/api-token-repository.ts';
import { createLoginThrottle } from './login-throttle.ts';
import { hashPassword, verifyPassword } from './password-hash.ts';

export interface AuthService {
  status(): Promise<AuthStatus>;
  /** Create the first admin and log in; 409 once an admin exists. */
  setup(input: unknown): Promise<SessionToken>;
  /** 401 on bad credentials, 429 (with `retryAfter`) after repeated failures from one IP. */
  login(input: unknown, clientIp: string): Promise<SessionToken>;
  /** A login JWT or an admin API token (`gw_...`); 401 otherwise. */
  verify(token: string): Promise<Principal>;
  /** Headless provisioning: create this admin when none exists. True when one was created. */
  ensureAdminFromEnv(username?: string, password?: string): Promise<boolean>;
  listApiTokens(): Promise<ApiToken[]>;
  /** Answers the token in full, once; it is stored only as a hash. */
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

const audience = 'llm-gateway-admin';
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

  async function issueToken(admin: AdminRecord): Promise<SessionToken> {
    const issuedAt = Math.floor(clock.now() / 1000);
    const expiresAt = issuedAt + tokenTtlSeconds;
    const token = await new SignJWT({ username: admin.username })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(admin.id)
      .setAudience(audience)
      .setIssuedAt(issuedAt)
      .setExpirationTime(expiresAt)
      .sign(options.jwtSecret);
    return { token, expiresAt: new Date(expiresAt * 1000).toISOString() };
  }

  async function createAdmin(username: string, password: string): Promise<AdminRecord> {
    const now = isoNow();
    const admin: AdminRecord = {
      id: randomId('adm_', 16),
      username,
      passwordHash: await hashPassword(password),
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

  async function verifyApiToken(token: string): Promise<Principal> {
    const record = await repositories.apiTokens.findByHash(sha256Hex(token));
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
    return { adminId: admin.id, username: admin.username, via: 'api-token' };
  }

  async function verifyLoginToken(token: string): Promise<Principal> {
    let subject: string | undefined;
    try {
      const { payload } = await jwtVerify(token, options.jwtSecret, {
        algorithms: ['HS256'],
        audience,
        currentDate: new Date(clock.now()),
      });
      subject = payload.sub;
    } catch {
      throw unauthorized('The admin token is invalid or has expired');
    }
    const admin = subject === undefined ? undefined : await repositories.admins.get(subject);
    if (!admin) throw unauthorized();
    return { adminId: admin.id, username: admin.username, via: 'login' };
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
      const throttleKey = `${input.username.toLowerCase()}|${clientIp}`;
      const retryAfter = throttle.retryAfter(throttleKey);
      if (retryAfter !== undefined) {
        throw new AdminError(
          429,
          'too_many_attempts',
          `Too many failed logins; try again in ${retryAfter} s`,
          {
            retryAfter,
          },
        );
      }
      const admin = await repositories.admins.findByUsername(input.username);
      dummyHash ??= hashPassword(randomBytes(16).toString('hex'));
      const valid = await verifyPassword(input.password, admin?.passwordHash ?? (await dummyHash));
      if (!admin || !valid) {
        throttle.recordFailure(throttleKey);
        throw new AdminError(401, 'invalid_credentials', 'Wrong username or password');
      }
      throttle.recordSuccess(throttleKey);
      return issueToken(admin);
    },
    async verify(token) {
      if (token === '') throw unauthorized();
      return token.startsWith(apiTokenPrefix) ? verifyApiToken(token) : verifyLoginToken(token);
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
        tokenHash: sha256Hex(token),
        tokenHint: token.slice(-4),
        adminId: principal.adminId,
        createdAt: isoNow(),
      };
      if (input.expiresAt !== undefined) record.expiresAt = new Date(input.expiresAt).toISOString();
      await repositories.apiTokens.insert(record);
      return { ...toPublicToken(record), token };
    },
    async revokeApiToken(id) {
      if (!(await repositories.apiTokens.delete(id))) throw notFound('API token', id);
    },
  };
}
