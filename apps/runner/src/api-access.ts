import { createHash, timingSafeEqual } from 'node:crypto';
import cors from '@fastify/cors';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Access, RouteConfig } from './api-route';
import type { ErrorBody } from './error-response';
import { RUNNER_ERROR_CODES } from './errors';

/** Who may call the API. */
export interface ApiAccess {
  /** Bearer tokens accepted on every `write` route (and on `read` routes with `readAccess: 'token'`). */
  tokens: readonly string[];
  /** `public`: reading needs no token; `token`: reading needs one too. */
  readAccess: 'public' | 'token';
}

/** How callers are held back. */
export interface AccessLimits {
  /** Write requests each caller (token, else address) may make per minute. */
  rateLimitPerMinute: number;
  /** Longest accepted request target (path and query), in bytes. */
  maxUrlLength: number;
}

/** The challenge sent with every 401. */
export const WWW_AUTHENTICATE = 'Bearer realm="arena"';

const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();

/** The bearer token of an `Authorization` header; `malformed` when it is not `Bearer <token>`. */
export function bearerToken(header: string | undefined): string | null | 'malformed' {
  if (header === undefined) return null;
  const match = /^Bearer +([\x21-\x7e]+) *$/i.exec(header);
  return match?.[1] ?? 'malformed';
}

/**
 * Checks presented tokens against the configured ones in constant time: each side is reduced to
 * its SHA-256 digest (so lengths never differ) and every configured token is compared, with no
 * early exit, so the time taken says nothing about which token or how much of it matched.
 */
export class TokenCheck {
  readonly #digests: Buffer[];

  constructor(tokens: readonly string[]) {
    this.#digests = tokens.map(digest);
  }

  /** The matching token's digest (hex, a key that never reveals the token), or null. */
  match(token: string): string | null {
    const presented = digest(token);
    let found = -1;
    for (let i = 0; i < this.#digests.length; i++) {
      const known = this.#digests[i] as Buffer;
      if (timingSafeEqual(known, presented) && found < 0) found = i;
    }
    return found < 0 ? null : (this.#digests[found] as Buffer).toString('hex');
  }
}

/** The access a request's route needs: `public` for routes outside the API (dashboard, 404). */
export function accessOf(request: FastifyRequest): Access {
  const config = request.routeOptions.config as Partial<RouteConfig> | undefined;
  return config?.access ?? 'public';
}

/** What authenticating a request found. */
type Caller =
  | { kind: 'token'; key: string }
  | { kind: 'anonymous' }
  | { kind: 'malformed' }
  | { kind: 'wrong' };

function unauthorized(reply: FastifyReply, message: string): FastifyReply {
  const body: ErrorBody = { error: { code: RUNNER_ERROR_CODES.UNAUTHORIZED, message } };
  return reply.code(401).header('www-authenticate', WWW_AUTHENTICATE).send(body);
}

/**
 * Guard the API: a request target longer than `maxUrlLength` is answered 414; `write` routes
 * are rate limited per caller (its token, else its address) and need a bearer token; `read`
 * routes need one when `readAccess` is `token`; `public` routes never do. Missing or wrong
 * tokens are answered 401 `RUNNER_UNAUTHORIZED` with `WWW-Authenticate: Bearer realm="arena"`;
 * too many writes 429 `RUNNER_RATE_LIMITED` with `Retry-After` (seconds).
 *
 * Call before any route is added, so that the hook runs for every route.
 */
export function registerAccess(
  app: FastifyInstance,
  access: ApiAccess,
  limits: AccessLimits,
): void {
  const check = new TokenCheck(access.tokens);
  const callers = new WeakMap<FastifyRequest, Caller>();
  const callerOf = (request: FastifyRequest): Caller => {
    let caller = callers.get(request);
    if (!caller) {
      const token = bearerToken(request.headers.authorization);
      const key = typeof token === 'string' && token !== 'malformed' ? check.match(token) : null;
      caller =
        token === null
          ? { kind: 'anonymous' }
          : token === 'malformed'
            ? { kind: 'malformed' }
            : key
              ? { kind: 'token', key }
              : { kind: 'wrong' };
      callers.set(request, caller);
    }
    return caller;
  };

  void app.register(rateLimit, {
    global: false,
    max: limits.rateLimitPerMinute,
    timeWindow: 60_000,
    keyGenerator: (request) => {
      const caller = callerOf(request);
      return caller.kind === 'token' ? `token:${caller.key}` : `ip:${request.ip}`;
    },
    errorResponseBuilder: (_request, context) => ({
      statusCode: context.statusCode,
      code: RUNNER_ERROR_CODES.RATE_LIMITED,
      message: `Too many requests: at most ${context.max} changes per minute; retry in ${context.after}`,
    }),
  });

  let limit: ReturnType<FastifyInstance['rateLimit']> | null = null;
  app.addHook('onRequest', async (request, reply) => {
    if (request.url.length > limits.maxUrlLength) {
      const body: ErrorBody = {
        error: {
          code: RUNNER_ERROR_CODES.URI_TOO_LONG,
          message: `The request target is longer than ${limits.maxUrlLength} bytes`,
        },
      };
      return reply.code(414).send(body);
    }
    const needs = accessOf(request);
    if (needs === 'write') {
      limit ??= app.rateLimit();
      await limit.call(app, request, reply);
    }
    if (needs === 'public' || (needs === 'read' && access.readAccess === 'public')) return;
    const caller = callerOf(request);
    if (caller.kind === 'token') return;
    const what = needs === 'write' ? 'Changing anything' : 'Reading';
    if (caller.kind === 'malformed') {
      return unauthorized(reply, 'The Authorization header must have the form "Bearer <token>"');
    }
    if (caller.kind === 'wrong') return unauthorized(reply, 'The bearer token is not valid');
    return unauthorized(
      reply,
      `${what} needs an API token: send the header "Authorization: Bearer <token>" (one of ARENA_API_TOKENS)`,
    );
  });
}

/**
 * Answer cross-origin requests from `origins` (`*`: any): bearer tokens, JSON bodies and
 * `Last-Event-ID` may be sent; `Location` and `Retry-After` may be read. No CORS headers are
 * sent when `origins` is undefined, so browsers only call the API from its own origin.
 */
export function registerCors(app: FastifyInstance, origins: '*' | string[] | undefined): void {
  if (!origins) return;
  void app.register(cors, {
    origin: origins === '*' ? '*' : origins,
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'DELETE'],
    allowedHeaders: ['Authorization', 'Content-Type', 'Last-Event-ID'],
    exposedHeaders: ['Location', 'Retry-After'],
    maxAge: 600,
  });
}
