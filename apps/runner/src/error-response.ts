import { hasErrorCode, type Issue } from '@arena/models';
import { ORCHESTRATION_ERROR_CODES } from '@arena/orchestration';
import { RUNNER_ERROR_CODES } from './errors';

/** The JSON body of every error answer. */
export interface ErrorBody {
  error: {
    code: string;
    message: string;
    /** Field paths and what would be accepted, for invalid input. */
    issues?: Issue[];
  };
}

/** How an error is answered; `expected` errors are the caller's doing and are not logged as failures. */
export interface ErrorResponse {
  status: number;
  body: ErrorBody;
  expected: boolean;
}

const FASTIFY_CODES: Record<string, string> = {
  FST_ERR_CTP_INVALID_JSON_BODY: RUNNER_ERROR_CODES.INVALID_JSON,
  FST_ERR_CTP_EMPTY_JSON_BODY: RUNNER_ERROR_CODES.INVALID_JSON,
  FST_ERR_CTP_BODY_TOO_LARGE: RUNNER_ERROR_CODES.BODY_TOO_LARGE,
  FST_ERR_CTP_INVALID_MEDIA_TYPE: RUNNER_ERROR_CODES.UNSUPPORTED_MEDIA_TYPE,
};

/** A request that conflicts with the game's state: it exists, is not running, or has ended. */
const CONFLICT_CODES = [
  ORCHESTRATION_ERROR_CODES.GAME_EXISTS,
  RUNNER_ERROR_CODES.GAME_NOT_RUNNING,
  RUNNER_ERROR_CODES.GAME_ENDED,
  RUNNER_ERROR_CODES.GAME_RUNNING,
];

interface ErrorShape {
  code?: unknown;
  category?: unknown;
  message?: unknown;
  statusCode?: unknown;
  details?: { issues?: unknown; path?: unknown };
}

function isIssue(value: unknown): value is Issue {
  const v = value as Partial<Issue> | null;
  return typeof v?.path === 'string' && typeof v.message === 'string';
}

function issuesOf(error: ErrorShape, message: string): Issue[] | undefined {
  const { issues, path } = error.details ?? {};
  if (Array.isArray(issues) && issues.every(isIssue)) {
    return issues.map((i) => ({ path: i.path, message: i.message }));
  }
  if (typeof path === 'string') return [{ path, message }];
  return undefined;
}

function answer(status: number, code: string, message: string, issues?: Issue[]): ErrorResponse {
  return {
    status,
    body: { error: issues ? { code, message, issues } : { code, message } },
    expected: status < 500,
  };
}

/**
 * Map any thrown value to an HTTP answer: bad input is 400 with field paths, unknown games 404,
 * a request at odds with the game's state 409, a malformed request its 4xx, and anything else
 * 500 without internals.
 */
export function errorResponse(error: unknown): ErrorResponse {
  const e = (typeof error === 'object' && error !== null ? error : {}) as ErrorShape;
  const code = typeof e.code === 'string' ? e.code : RUNNER_ERROR_CODES.INTERNAL;
  const message = typeof e.message === 'string' ? e.message : String(error);
  if (hasErrorCode(error, ORCHESTRATION_ERROR_CODES.GAME_NOT_FOUND)) {
    return answer(404, code, message);
  }
  if (CONFLICT_CODES.some((c) => hasErrorCode(error, c))) return answer(409, code, message);
  if (e.category === 'user') return answer(400, code, message, issuesOf(e, message));
  if (hasErrorCode(error, RUNNER_ERROR_CODES.SHUTTING_DOWN)) return answer(503, code, message);
  if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
    const known = FASTIFY_CODES[code] ?? (code.startsWith('RUNNER_') ? code : undefined);
    return answer(e.statusCode, known ?? RUNNER_ERROR_CODES.BAD_REQUEST, message);
  }
  return answer(500, RUNNER_ERROR_CODES.INTERNAL, 'Internal error; the runner log has the details');
}
