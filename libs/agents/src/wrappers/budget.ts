import {
  BudgetExceededError,
  isModelCallError,
  type BudgetMeasure,
  type BudgetScope,
} from '../llm/errors';
import type { BudgetLimits, Spend } from '@arena/models';
import type { ClientWrapper, Usage } from '../llm/types';

/** Everything spent so far; also what a resumed game starts its ledger from. */
export interface BudgetSpend {
  game: Spend;
  seats: Record<string, Spend>;
}

export interface BudgetLedgerOptions {
  game: BudgetLimits;
  /** Applies to every seat separately. */
  seat: Omit<BudgetLimits, 'wallSeconds'>;
  /** Playing time so far (time while suspended excluded), for the game's `wallSeconds`. */
  elapsedMs: () => number;
}

const NOTHING: Spend = { tokens: 0, usd: 0 };
const NOTHING_USED: Usage = { inputTokens: 0, outputTokens: 0 };

/**
 * The spending of one game: charged after every model call, checked before each call and at
 * turn boundaries, so a spent budget ends the game cleanly instead of mid-sentence.
 *
 * @example
 * const ledger = new BudgetLedger({ game: { tokens: 50_000 }, seat: { usd: 0.5 }, elapsedMs });
 * ledger.check('P2'); // throws BudgetExceededError when the game or seat P2 has spent its budget
 */
export class BudgetLedger {
  private readonly game: Spend;
  private readonly seats = new Map<string, Spend>();

  constructor(
    private readonly options: BudgetLedgerOptions,
    initial?: BudgetSpend,
  ) {
    this.game = { ...(initial?.game ?? NOTHING) };
    for (const [playerId, spend] of Object.entries(initial?.seats ?? {})) {
      this.seats.set(playerId, { ...spend });
    }
  }

  /**
   * Throws {@link BudgetExceededError} when the game's or the seat's tokens or USD are spent.
   * Wall time is left to {@link exhausted} so that a turn in progress can finish.
   */
  check(playerId: string | null): void {
    const exceeded =
      this.overSpend('game', this.options.game, this.game, null) ??
      (playerId === null
        ? null
        : this.overSpend('seat', this.options.seat, this.seatSpend(playerId), playerId));
    if (exceeded) throw exceeded;
  }

  /** Adds a call's tokens (input + output) and cost to the game and, when given, the seat. */
  charge(playerId: string | null, usage: Usage, costUsd: number): void {
    const tokens = usage.inputTokens + usage.outputTokens;
    add(this.game, tokens, costUsd);
    if (playerId !== null) {
      const seat = this.seatSpend(playerId);
      add(seat, tokens, costUsd);
      this.seats.set(playerId, seat);
    }
  }

  /** The game-level budget that is spent, wall time included, or null (checked between turns). */
  exhausted(): BudgetExceededError | null {
    const { wallSeconds } = this.options.game;
    const elapsed = this.options.elapsedMs() / 1000;
    return (
      this.overSpend('game', this.options.game, this.game, null) ??
      (wallSeconds !== undefined && elapsed >= wallSeconds
        ? exceededError('game', 'wallSeconds', wallSeconds, elapsed, null)
        : null)
    );
  }

  /** A copy of everything spent so far. */
  spent(): BudgetSpend {
    return {
      game: { ...this.game },
      seats: Object.fromEntries([...this.seats].map(([id, spend]) => [id, { ...spend }])),
    };
  }

  private seatSpend(playerId: string): Spend {
    return this.seats.get(playerId) ?? { ...NOTHING };
  }

  private overSpend(
    scope: BudgetScope,
    limits: Omit<BudgetLimits, 'wallSeconds'>,
    spend: Spend,
    playerId: string | null,
  ): BudgetExceededError | null {
    if (limits.tokens !== undefined && spend.tokens >= limits.tokens) {
      return exceededError(scope, 'tokens', limits.tokens, spend.tokens, playerId);
    }
    if (limits.usd !== undefined && spend.usd >= limits.usd) {
      return exceededError(scope, 'usd', limits.usd, spend.usd, playerId);
    }
    return null;
  }
}

/**
 * Checks the budget of `meta.playerId` (and the game's) before each call and charges the reply's
 * usage and cost after it; a failed call that carries a cost in its stats is charged too.
 * Sits outside the cassette, so a replayed game spends exactly what the recorded one did.
 */
export function withBudget(ledger: BudgetLedger): ClientWrapper {
  return (inner) => ({
    spec: inner.spec,
    complete: async (request, meta) => {
      ledger.check(meta.playerId);
      try {
        const response = await inner.complete(request, meta);
        ledger.charge(meta.playerId, response.usage, response.stats.costUsd);
        return response;
      } catch (error) {
        if (isModelCallError(error) && error.stats.costUsd > 0) {
          ledger.charge(meta.playerId, NOTHING_USED, error.stats.costUsd);
        }
        throw error;
      }
    },
  });
}

function add(spend: Spend, tokens: number, usd: number): void {
  spend.tokens += tokens;
  spend.usd += usd;
}

const MEASURE_NAMES: Record<BudgetMeasure, string> = {
  tokens: 'token',
  usd: 'USD',
  wallSeconds: 'wall-time',
};

function formatAmount(measure: BudgetMeasure, value: number): string {
  if (measure === 'usd') return `$${Number(value.toFixed(4))}`;
  if (measure === 'wallSeconds') return `${Number(value.toFixed(1))} s`;
  return String(value);
}

function exceededError(
  scope: BudgetScope,
  measure: BudgetMeasure,
  limit: number,
  used: number,
  playerId: string | null,
): BudgetExceededError {
  const owner = scope === 'game' ? "the game's" : `seat ${playerId ?? '?'}'s`;
  const message = `${owner} ${MEASURE_NAMES[measure]} budget of ${formatAmount(measure, limit)} is spent (${formatAmount(measure, used)} used)`;
  return new BudgetExceededError(message, scope, measure, limit, used, playerId);
}
