import type { Fetch } from './api';

/** A request a {@link recordingFetch} received. */
export interface SeenRequest {
  url: string;
  init?: RequestInit;
}

/**
 * A fetch for API tests that records each request and answers every one with `status` and
 * `body` as JSON.
 */
export function recordingFetch(
  status: number,
  body: unknown,
): { fetch: Fetch; seen: SeenRequest[] } {
  const seen: SeenRequest[] = [];
  const fetch: Fetch = async (url, init) => {
    seen.push({ url, init });
    return new Response(JSON.stringify(body), { status });
  };
  return { fetch, seen };
}

/** The runner's answer to invalid input: its error body with one issue. */
export function invalidInput(message: string, issue: { path: string; message: string }) {
  return { error: { code: 'ARENA_INVALID_INPUT', message, issues: [issue] } };
}

/** The bearer token a recorded request carried. */
export const authorizationOf = (request: SeenRequest | undefined): string | undefined =>
  (request?.init?.headers as Record<string, string> | undefined)?.['authorization'];
