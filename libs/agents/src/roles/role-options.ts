import type { CallParams } from '../llm/types';

/** Options every model-backed role takes. */
export interface RoleOptions {
  /** Re-asks allowed after an unusable reply. @default 2 */
  maxRepairs?: number;
  /** Sampling parameters over the role's defaults. */
  params?: Partial<CallParams>;
}

/** Default sampling per role: lively players and narrator, a deterministic judge. */
export const ROLE_PARAMS = {
  player: { temperature: 0.7, maxTokens: 700 },
  judge: { temperature: 0, maxTokens: 600 },
  narrator: { temperature: 0.8, maxTokens: 200 },
  summariser: { temperature: 0.2, maxTokens: 500 },
  bidder: { temperature: 0.3, maxTokens: 120 },
} as const satisfies Record<string, CallParams>;

/** A role's sampling parameters: its defaults with the caller's overrides on top. */
export function paramsFor(role: keyof typeof ROLE_PARAMS, options: RoleOptions = {}): CallParams {
  return { ...ROLE_PARAMS[role], ...options.params };
}
