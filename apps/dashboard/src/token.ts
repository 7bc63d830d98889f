/** localStorage key of the API token. */
export const TOKEN_KEY = 'arena.apiToken';

/**
 * The token a dashboard link carries (`#token=<token>`, as the runner prints at start), or null.
 * The token may be followed by `&…`.
 */
export function tokenFromHash(hash: string): string | null {
  const match = /^#?token=([^&]*)/.exec(hash);
  if (!match?.[1]) return null;
  try {
    const token = decodeURIComponent(match[1]).trim();
    return token === '' ? null : token;
  } catch {
    return null;
  }
}

/** Minimal storage, so the functions work with `localStorage` or without one. */
export interface TokenStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** The stored token, or null. */
export function loadToken(storage: TokenStorage | undefined): string | null {
  try {
    const token = storage?.getItem(TOKEN_KEY)?.trim();
    return token ? token : null;
  } catch {
    return null;
  }
}

/** Store the token (an empty one removes it). */
export function saveToken(storage: TokenStorage | undefined, token: string | null): void {
  try {
    const value = token?.trim();
    if (value) storage?.setItem(TOKEN_KEY, value);
    else storage?.removeItem(TOKEN_KEY);
  } catch {
    // Storage can be unavailable (private mode, quota): the token then lasts for the page.
  }
}
