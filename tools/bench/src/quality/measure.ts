import { DETECTORS, type DetectorName, type GameEvent, type GroundTruth } from '@arena/models';
import { emptyConfusion, tally, type Confusion } from './stats';

/** A case the gate or a detector got wrong, kept for inspection. */
export interface Miss {
  gameId: string;
  text: string;
  detail: string;
}

const MAX_EXAMPLES = 8;

/** Everything measured over the logs of many games. */
export interface QualityTally {
  games: number;
  /** Proposals and accusations without a ground-truth event (none when every seat is `sim`). */
  unlabelled: number;
  gate: {
    confusion: Confusion;
    /** Rejected repeats that named the very message the proposal restated. */
    namedSource: number;
    tooShort: number;
    falsePositives: Miss[];
    falseNegatives: Miss[];
  };
  detectors: Record<DetectorName, Confusion & { falsePositives: Miss[]; falseNegatives: Miss[] }>;
  scored: number;
  accusations: {
    filed: number;
    fabricated: { total: number; ruledFalse: number; other: Record<string, number> };
    baseless: Record<string, number>;
    founded: Record<string, number>;
  };
}

export function emptyTally(): QualityTally {
  return {
    games: 0,
    unlabelled: 0,
    gate: {
      confusion: emptyConfusion(),
      namedSource: 0,
      tooShort: 0,
      falsePositives: [],
      falseNegatives: [],
    },
    detectors: Object.fromEntries(
      DETECTORS.map((d) => [
        d,
        { ...emptyConfusion(), falsePositives: [] as Miss[], falseNegatives: [] as Miss[] },
      ]),
    ) as QualityTally['detectors'],
    scored: 0,
    accusations: {
      filed: 0,
      fabricated: { total: 0, ruledFalse: 0, other: {} },
      baseless: {},
      founded: {},
    },
  };
}

function keep(list: Miss[], miss: Miss): void {
  if (list.length < MAX_EXAMPLES) list.push(miss);
}

const bump = (counts: Record<string, number>, key: string) => {
  counts[key] = (counts[key] ?? 0) + 1;
};

/**
 * Add one game's log: each proposal's gate outcome, each scored contribution's detector hits
 * and each accusation's verdict, set against the ground truth its author recorded.
 */
export function measureGame(t: QualityTally, events: readonly GameEvent[]): void {
  t.games++;
  const truthOf = new Map<string, GroundTruth>();
  for (const e of events)
    if (e.type === 'ground_truth') truthOf.set(e.payload.subjectId, e.payload.truth);

  let proposal: { text: string; truth: GroundTruth | undefined } | null = null;
  const accepted = new Map<string, { text: string; truth: GroundTruth | undefined }>();
  const filed = new Map<string, GroundTruth | undefined>();
  for (const e of events) {
    switch (e.type) {
      case 'contribution_proposed':
        proposal = { text: e.payload.text, truth: truthOf.get(e.id) };
        if (!proposal.truth) t.unlabelled++;
        break;
      case 'contribution_rejected':
      case 'contribution_accepted': {
        if (!proposal) throw new Error(`${e.type} without a proposal in ${e.gameId}`);
        const { text, truth } = proposal;
        proposal = null;
        if (!truth) break;
        const rejected = e.type === 'contribution_rejected';
        const predicted = rejected && e.payload.reason === 'repeat';
        if (rejected && e.payload.reason === 'too_short') t.gate.tooShort++;
        const actual = truth.repeatOf !== null;
        tally(t.gate.confusion, actual, predicted);
        if (predicted && actual && e.payload.repeatsMessageId === truth.repeatOf) {
          t.gate.namedSource++;
        }
        if (predicted && !actual) {
          keep(t.gate.falsePositives, {
            gameId: e.gameId,
            text,
            detail: `rejected as a repeat of ${e.payload.repeatsMessageId} (similarity ${e.payload.similarity.toFixed(2)})`,
          });
        }
        if (actual && !predicted) {
          keep(t.gate.falseNegatives, {
            gameId: e.gameId,
            text,
            detail: rejected
              ? `restates ${truth.repeatOf}, rejected as ${e.payload.reason}`
              : `restates ${truth.repeatOf}, accepted`,
          });
        }
        if (e.type === 'contribution_accepted') accepted.set(e.payload.messageId, { text, truth });
        break;
      }
      case 'contribution_scored': {
        const contribution = accepted.get(e.payload.messageId);
        if (!contribution?.truth) break;
        t.scored++;
        const hits = new Set(e.payload.detectorHits.map((h) => h.detector));
        for (const detector of DETECTORS) {
          const actual = contribution.truth.manipulation.includes(detector);
          const predicted = hits.has(detector);
          const d = t.detectors[detector];
          tally(d, actual, predicted);
          const miss = (detail: string) => ({ gameId: e.gameId, text: contribution.text, detail });
          if (predicted && !actual) {
            const quotes = e.payload.detectorHits
              .filter((h) => h.detector === detector)
              .map((h) => `"${h.quote}" (${h.detail})`);
            keep(d.falsePositives, miss(`flagged ${quotes.join('; ')}`));
          }
          if (actual && !predicted) keep(d.falseNegatives, miss('not flagged'));
        }
        break;
      }
      case 'accusation_filed':
        t.accusations.filed++;
        filed.set(e.payload.accusationId, truthOf.get(e.id));
        if (!truthOf.has(e.id)) t.unlabelled++;
        break;
      case 'verdict_reached': {
        const truth = filed.get(e.payload.accusationId);
        if (!truth) break;
        const verdict = e.payload.verdict;
        if (truth.fabricatedEvidence) {
          t.accusations.fabricated.total++;
          if (verdict === 'false') t.accusations.fabricated.ruledFalse++;
          else bump(t.accusations.fabricated.other, verdict);
        } else if (truth.baseless) bump(t.accusations.baseless, verdict);
        else bump(t.accusations.founded, verdict);
        break;
      }
      default:
        break;
    }
  }
}
