/** What the new-game form holds. */
export interface NewGameForm {
  scenario: string;
  /** Character ids, in seat order. */
  players: string[];
  /** Model spec for every seat; empty = the runner's default. */
  model: string;
  seed: string;
  maxTurns: string;
  policy: string;
  mode: string;
  /** JSON object merged over the config (rules, budgets, judge…); empty = none. */
  extra: string;
}

export type FormResult =
  | { ok: true; config: Record<string, unknown> }
  | { ok: false; errors: Array<{ field: keyof NewGameForm; message: string }> };

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Deep-merge `over` into `base` (objects merge; everything else replaces). */
export function deepMerge(
  base: Record<string, unknown>,
  over: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const prev = out[key];
    out[key] = isObject(prev) && isObject(value) ? deepMerge(prev, value) : value;
  }
  return out;
}

/** A whole number in [min, max] from a form field, or an error message. */
function wholeNumber(text: string, min: number, max: number): number | string {
  const value = Number(text.trim());
  if (text.trim() === '' || !Number.isInteger(value) || value < min || value > max) {
    return `must be a whole number from ${min} to ${max}`;
  }
  return value;
}

/**
 * Turn the form into a game config for `POST /games` (the runner validates it again), or say
 * which fields are wrong.
 */
export function buildGameConfig(form: NewGameForm): FormResult {
  const errors: Array<{ field: keyof NewGameForm; message: string }> = [];
  const scenario = form.scenario.trim();
  if (!scenario) errors.push({ field: 'scenario', message: 'choose a scenario' });
  const players = form.players.map((p) => p.trim()).filter(Boolean);
  if (players.length < 2) errors.push({ field: 'players', message: 'choose at least 2 players' });
  if (players.length > 20) errors.push({ field: 'players', message: 'choose at most 20 players' });
  const config: Record<string, unknown> = { scenario };
  const model = form.model.trim();
  config['players'] = model ? players.map((character) => ({ character, model })) : players;
  if (form.seed.trim() !== '') {
    const seed = wholeNumber(form.seed, 0, 2 ** 32 - 1);
    if (typeof seed === 'string') errors.push({ field: 'seed', message: seed });
    else config['seed'] = seed;
  }
  if (form.maxTurns.trim() !== '') {
    const maxTurns = wholeNumber(form.maxTurns, 1, 10_000);
    if (typeof maxTurns === 'string') errors.push({ field: 'maxTurns', message: maxTurns });
    else config['maxTurns'] = maxTurns;
  }
  if (form.policy) config['policy'] = form.policy;
  if (form.mode) config['mode'] = form.mode;
  let merged = config;
  if (form.extra.trim() !== '') {
    let extra: unknown;
    try {
      extra = JSON.parse(form.extra);
    } catch (e) {
      errors.push({ field: 'extra', message: `is not JSON: ${(e as Error).message}` });
    }
    if (extra !== undefined && !isObject(extra)) {
      errors.push({ field: 'extra', message: 'must be a JSON object, e.g. {"rules": {…}}' });
    } else if (isObject(extra)) merged = deepMerge(config, extra);
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, config: merged };
}
