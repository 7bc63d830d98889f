import { ApiError, describeError } from './api';

/** What the fork form needs to know of the source game. */
export interface ForkSource {
  status: 'running' | 'ended';
  /** The turn the game is on (running) or ended on. */
  turn: number;
  /** The seats (1, 2, …) and the model each is played by now. */
  players: ReadonlyArray<{ seat: number; model: string }>;
}

/** Which turns a fork may start after: 0 … `max`; `lastComplete` is the default. */
export interface ForkRange {
  min: 0;
  /** The runner's bound: an ended game's last turn ends with it, so the turn before it. */
  max: number;
  /**
   * The last turn known to be complete: a running game may still be playing its current turn,
   * so the one before it.
   */
  lastComplete: number;
}

/** What the fork form holds: the text of each field. */
export interface ForkForm {
  fromTurn: string;
  /** Empty: the source game's seed. */
  seed: string;
  /** Seat number → model spec; empty: the seat keeps its model. */
  seats: Record<number, string>;
  /** Comma-separated judge model specs; empty: the source game's panel. */
  judge: string;
}

/** The body of `POST /games/:id/fork`. */
export interface ForkRequest {
  fromTurn: number;
  seed?: number;
  changes?: { seats?: Record<string, string>; judge?: string[] };
}

/** A wrong field, named by its path in the request body (`fromTurn`, `changes.seats.2`). */
export interface ForkFieldError {
  path: string;
  message: string;
}

export type ForkFormResult =
  { ok: true; body: ForkRequest } | { ok: false; errors: ForkFieldError[] };

const MAX_SEED = 2 ** 32 - 1;
const MAX_JUDGES = 5;

/** The turns a game may be forked after, as the runner allows them. */
export function forkRange(source: Pick<ForkSource, 'status' | 'turn'>): ForkRange {
  const turn = Math.max(0, source.turn);
  const lastComplete = Math.max(0, turn - 1);
  return { min: 0, max: source.status === 'ended' ? lastComplete : turn, lastComplete };
}

/** Whether a game has a complete turn to fork after (the Fork control shows only then). */
export function canFork(source: Pick<ForkSource, 'status' | 'turn'>): boolean {
  return forkRange(source).lastComplete >= 1;
}

/** The form as it opens: the last complete turn, the source's seed and models. */
export function initialForkForm(source: ForkSource): ForkForm {
  return {
    fromTurn: String(forkRange(source).lastComplete),
    seed: '',
    seats: Object.fromEntries(source.players.map((p) => [p.seat, ''])),
    judge: '',
  };
}

/** A whole number in [min, max] from a form field, or why it is not one. */
function wholeNumber(text: string, min: number, max: number): number | string {
  const trimmed = text.trim();
  const value = Number(trimmed);
  if (trimmed === '' || !/^\d+$/.test(trimmed) || !Number.isSafeInteger(value)) {
    return `must be a whole number from ${min} to ${max}`;
  }
  if (value < min || value > max) return `must be from ${min} to ${max}`;
  return value;
}

/**
 * Turn the form into the body of `POST /games/:id/fork` (the runner validates it again, model
 * specs included), or name the wrong fields. Empty fields are left out, so the fork keeps the
 * source's seed, models and judges.
 */
export function buildForkRequest(source: ForkSource, form: ForkForm): ForkFormResult {
  const errors: ForkFieldError[] = [];
  const range = forkRange(source);
  const fromTurn = wholeNumber(form.fromTurn, range.min, range.max);
  if (typeof fromTurn === 'string') {
    errors.push({
      path: 'fromTurn',
      message:
        range.max === 0
          ? 'must be 0: the game has no complete turn yet'
          : `${fromTurn} (the game's complete turns)`,
    });
  }
  const body: ForkRequest = { fromTurn: typeof fromTurn === 'number' ? fromTurn : 0 };
  if (form.seed.trim() !== '') {
    const seed = wholeNumber(form.seed, 0, MAX_SEED);
    if (typeof seed === 'string') errors.push({ path: 'seed', message: seed });
    else body.seed = seed;
  }
  const known = new Set(source.players.map((p) => p.seat));
  const seats: Record<string, string> = {};
  for (const [seat, spec] of Object.entries(form.seats)) {
    const model = spec.trim();
    if (model === '') continue;
    if (!known.has(Number(seat))) {
      errors.push({ path: `changes.seats.${seat}`, message: `there is no seat ${seat}` });
    } else if (/\s/.test(model)) {
      errors.push({ path: `changes.seats.${seat}`, message: 'a model spec has no spaces' });
    } else seats[seat] = model;
  }
  const judge = form.judge
    .split(',')
    .map((j) => j.trim())
    .filter(Boolean);
  if (judge.length > MAX_JUDGES) {
    errors.push({ path: 'changes.judge', message: `name at most ${MAX_JUDGES} judges` });
  } else if (judge.some((j) => /\s/.test(j))) {
    errors.push({ path: 'changes.judge', message: 'separate the model specs with commas' });
  }
  const changes: NonNullable<ForkRequest['changes']> = {};
  if (Object.keys(seats).length > 0) changes.seats = seats;
  if (judge.length > 0) changes.judge = judge;
  if (Object.keys(changes).length > 0) body.changes = changes;
  return errors.length > 0 ? { ok: false, errors } : { ok: true, body };
}

/**
 * What to tell a person whose fork was refused: one line per field the runner named for a 400
 * (`changes.seats.2: must be "sim", …`), else the message every control shows (401 included).
 */
export function forkErrorLines(error: unknown): string[] {
  if (error instanceof ApiError && error.status === 400 && error.issues.length > 0) {
    const summary = (error.message.split('\n')[0] ?? '').replace(/:\s*$/, '');
    return [
      `The runner refused the fork (400)${summary ? `: ${summary}` : ''}.`,
      ...error.issues.map((i) => `${i.path || '(body)'}: ${i.message}`),
    ];
  }
  return [describeError(error)];
}
