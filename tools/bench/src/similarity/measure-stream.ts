import type { GameState } from '@arena/models';
import { spreadOf, type Spread } from '../model-layer/spread';
import { GateGame, type GateStep, type ProposalOutcome, type StepTimer } from './gate-game';

/** Per-proposal costs, in microseconds, of a stream of new proposals at one game size. */
export interface StreamCost {
  /** Accepted contributions in the game the stream starts from. */
  priors: number;
  proposals: number;
  accepted: number;
  rejected: { repeat: number; too_short: number };
  /** Gate + score + index add, per accepted contribution. */
  acceptedUs: Spread;
  /**
   * The same less the manipulation detectors' share (their cost timed apart on the same text):
   * what the similarity index, the gate and the other signals cost.
   */
  withoutDetectorsUs: Spread;
  /** Gate alone, per rejected proposal. */
  rejectedUs: Spread;
  /** Each step on its own (score, add and detectors: accepted contributions only). */
  stepsUs: Record<GateStep, Spread>;
}

/** Samples gathered at one game size, run after run. */
export class StreamSamples {
  readonly accepted: number[] = [];
  readonly withoutDetectors: number[] = [];
  readonly rejected: number[] = [];
  readonly steps: Record<GateStep, number[]> = { gate: [], score: [], add: [], detectors: [] };
  readonly rejectedBy = { repeat: 0, too_short: 0 };
  priors = 0;

  /** The per-proposal costs so far. */
  cost(): StreamCost {
    return {
      priors: this.priors,
      proposals: this.accepted.length + this.rejected.length,
      accepted: this.accepted.length,
      rejected: { ...this.rejectedBy },
      acceptedUs: spreadOf(this.accepted),
      withoutDetectorsUs: spreadOf(this.withoutDetectors),
      rejectedUs: spreadOf(this.rejected),
      stepsUs: {
        gate: spreadOf(this.steps.gate),
        score: spreadOf(this.steps.score),
        add: spreadOf(this.steps.add),
        detectors: spreadOf(this.steps.detectors),
      },
    };
  }
}

/**
 * Plays `turns` turns on top of `start` and times the gate and novelty work of every proposal
 * into `samples`. Every run restarts from `start`, so each sample sees a game of the same size
 * (the state is immutable; the index is rebuilt and the per-game caches warmed, untimed); `salt`
 * gives the run its own proposals.
 */
export async function measureRun(
  start: GameState,
  turns: number,
  salt: string,
  samples: StreamSamples,
): Promise<void> {
  const game = GateGame.resume(start, salt);
  samples.priors = game.contributions;
  let current: Partial<Record<GateStep, number>> = {};
  const time: StepTimer = (step, fn) => {
    const t0 = performance.now();
    const out = fn();
    current[step] = (performance.now() - t0) * 1000;
    return out;
  };
  const record = (outcome: ProposalOutcome) => {
    const gate = current.gate ?? 0;
    samples.steps.gate.push(gate);
    if (outcome.accepted) {
      const score = current.score ?? 0;
      const add = current.add ?? 0;
      samples.steps.score.push(score);
      samples.steps.add.push(add);
      const detectors = current.detectors ?? 0;
      samples.steps.detectors.push(detectors);
      samples.withoutDetectors.push(Math.max(0, gate + score + add - detectors));
      samples.accepted.push(gate + score + add);
    } else {
      samples.rejected.push(gate);
      samples.rejectedBy[outcome.reason as 'repeat' | 'too_short'] += 1;
    }
    current = {};
  };
  // A running game has its per-game caches (conversation memory, transcript record) warm; a
  // run that restarts from a snapshot rebuilds them once, which is a resume's cost, not a turn's.
  // Untimed turns until one contribution is accepted warm them up.
  let warmed = false;
  for (let t = 0; t < 5 && !warmed; t++) {
    await game.playTurn(undefined, (outcome) => {
      warmed = outcome.accepted;
    });
  }
  for (let t = 0; t < turns; t++) await game.playTurn(time, record);
}
