/** Response headers as the SDKs expose them: a fetch `Headers` or a plain record. */
export type HeaderSource =
  { get(name: string): string | null } | Record<string, string | string[] | undefined>;

/** Reads one header, case-insensitively, from either shape of {@link HeaderSource}. */
export function readHeader(headers: HeaderSource | undefined, name: string): string | undefined {
  if (headers === undefined) return undefined;
  if (typeof headers.get === 'function') return headers.get(name) ?? undefined;
  const lower = name.toLowerCase();
  for (const [key, value] of Object.entries(headers as Record<string, unknown>)) {
    if (key.toLowerCase() !== lower) continue;
    if (typeof value === 'string') return value;
    if (Array.isArray(value) && typeof value[0] === 'string') return value[0];
  }
  return undefined;
}

/**
 * The wait a server asked for before retrying, in ms: `retry-after-ms` when present, else
 * `Retry-After` as seconds or as an HTTP date (measured against `nowMs`). Undefined when the
 * server asked for nothing readable.
 *
 * @example
 * retryAfterMs(new Headers({ 'retry-after': '2' }), 0); // 2000
 */
export function retryAfterMs(headers: HeaderSource | undefined, nowMs: number): number | undefined {
  const ms = readHeader(headers, 'retry-after-ms');
  if (ms !== undefined && isNonNegativeNumber(ms)) return Number(ms);
  const value = readHeader(headers, 'retry-after')?.trim();
  if (value === undefined || value === '') return undefined;
  if (isNonNegativeNumber(value)) return Math.round(Number(value) * 1000);
  const date = Date.parse(value);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - nowMs);
}

function isNonNegativeNumber(value: string): boolean {
  return /^\d+(\.\d+)?$/.test(value.trim());
}
