/**
 * A small, deterministic game driver for tests: round-robin turns, a shingle-based stand-in for
 * the anti-repetition gate, mechanical evidence checks and a simple verdict rule. It exercises the
 * simulated roles on realistic, growing transcripts without depending on orchestration.
 */
import {
  applyEvent,
  envelopeEvent,
  gameRng,
  messageById,
  nextMessageId,
  type GameSpec,
  type GameState,
  type NewEvent,
  type TranscriptMessage,
} from '@arena/models';
import { testSpec } from '@arena/models/testing';
import type { PlayerAction } from '../player-action';
import { createSimNarrator } from './sim-narrator';
import { createSimPlayer } from './sim-player';
import type { NarratorTrigger } from '../narrator';
import { contributionsOf, mentions, mostSimilar } from './transcript';

export interface SimGame {
  state: GameState;
  apply(event: NewEvent): void;
}

export function startGame(spec: GameSpec = testSpec()): SimGame {
  const game: SimGame = {
    state: applyEvent(
      undefined,
      envelopeEvent('g1', 0, 0, { type: 'game_created', payload: { spec } }),
    ),
    apply(event) {
      game.state = applyEvent(game.state, envelopeEvent('g1', game.state.lastSeq + 1, 0, event));
    },
  };
  return game;
}

/** One call to `act`, with what the player saw. */
export interface PlayedAction {
  turn: number;
  playerId: string;
  attempt: number;
  feedback: string[];
  before: GameState;
  action: PlayerAction;
  /** Set when the gate rejected this proposal. */
  rejectedAs?: TranscriptMessage;
  /** For retries: the message the previous proposal repeated. */
  retryOf?: TranscriptMessage;
}

export interface NarratorLine {
  trigger: NarratorTrigger;
  text: string;
  before: GameState;
}

export interface PlayOptions {
  spec?: GameSpec;
  turns: number;
  /** Eliminate players on proven accusations (never below two players). @default true */
  eliminate?: boolean;
}

export interface PlayedGame {
  game: SimGame;
  actions: PlayedAction[];
  narration: NarratorLine[];
  defences: string[];
  finalWords: string[];
}

const GATE_THRESHOLD = 0.55;

function coverageOf(state: GameState, text: string): Record<string, number> {
  return Object.fromEntries(
    state.spec.scenario.subProblems.map((sp) => [
      sp.id,
      sp.keywords.filter((k) => mentions(text, k)).length / sp.keywords.length,
    ]),
  );
}

const zeros = {
  novelty: 0,
  builds_on_others: 0,
  solves_subproblem: 0,
  radical_idea: 0,
  manipulation: 0,
};

export async function playSimGame(options: PlayOptions): Promise<PlayedGame> {
  const spec = options.spec ?? testSpec();
  const game = startGame(spec);
  const player = createSimPlayer();
  const narrator = createSimNarrator();
  const played: PlayedGame = { game, actions: [], narration: [], defences: [], finalWords: [] };
  const narrate = async (
    trigger: NarratorTrigger,
    turn: number,
    subject?: { messageId?: string; playerIds?: string[] },
  ) => {
    const before = game.state;
    const rng = gameRng(spec.seed, `turn:${turn}:narrator:${trigger}`);
    const { value } = await narrator.narrate({ state: before, trigger, rng, subject });
    played.narration.push({ trigger, text: value.text, before });
    game.apply({
      type: 'narrator_line',
      payload: { turn, trigger, text: value.text, messageId: nextMessageId(before) },
    });
  };

  await narrate('opening', 0);
  for (let turn = 1; turn <= options.turns; turn++) {
    const active = game.state.players.filter((p) => p.status === 'active');
    const speaker = active[(turn - 1) % active.length];
    if (!speaker) break;
    game.apply({ type: 'turn_started', payload: { turn, round: game.state.round } });
    game.apply({
      type: 'speaker_selected',
      payload: {
        turn,
        playerId: speaker.id,
        policy: 'round-robin',
        reasoning: 'next in order',
        candidates: [],
      },
    });
    const feedback: string[] = [];
    let retryOf: TranscriptMessage | undefined;
    for (let attempt = 1; attempt <= spec.rules.gate.maxRetries + 1; attempt++) {
      const before = game.state;
      const rng = gameRng(spec.seed, `turn:${turn}:act:${attempt}`);
      const { value: action } = await player.act({
        state: before,
        playerId: speaker.id,
        attempt,
        feedback: [...feedback],
        rng,
      });
      const record: PlayedAction = {
        turn,
        playerId: speaker.id,
        attempt,
        feedback: [...feedback],
        before,
        action,
        retryOf,
      };
      played.actions.push(record);

      if (action.action === 'accuse') {
        const accusationId = `A${before.accusations.length + 1}`;
        game.apply({
          type: 'accusation_filed',
          payload: {
            turn,
            accusationId,
            accuserId: speaker.id,
            accusedId: action.accusedId,
            kind: action.kind,
            claim: action.claim,
            evidence: action.evidence,
            confidence: action.confidence,
            messageId: nextMessageId(before),
          },
        });
        const valid = action.evidence.every(
          (e) => messageById(game.state, e.messageId)?.text.includes(e.quote) ?? false,
        );
        game.apply({ type: 'evidence_checked', payload: { accusationId, valid, findings: [] } });
        await narrate('accusation', turn, {
          messageId: nextMessageId(before),
          playerIds: [speaker.id, action.accusedId],
        });
        const accusation = game.state.accusations.at(-1);
        if (!accusation) throw new Error('accusation not folded');
        const defence = await player.defend({
          state: game.state,
          playerId: action.accusedId,
          attempt: 1,
          feedback: [],
          accusation,
          rng: gameRng(spec.seed, `turn:${turn}:defence`),
        });
        played.defences.push(defence.value.text);
        game.apply({
          type: 'defence_given',
          payload: {
            accusationId,
            playerId: action.accusedId,
            text: defence.value.text,
            messageId: nextMessageId(game.state),
          },
        });
        const verdict = !valid
          ? 'false'
          : action.confidence >= 0.7
            ? 'proven'
            : 'insufficient_evidence';
        const verdictId = nextMessageId(game.state);
        game.apply({
          type: 'verdict_reached',
          payload: {
            accusationId,
            verdict,
            confidence: action.confidence,
            reasoning: `The evidence is ${valid ? 'genuine' : 'fabricated'}.`,
            accuserPenaltyFactor: verdict === 'false' ? 0.5 : null,
            messageId: verdictId,
          },
        });
        await narrate('verdict', turn, { messageId: verdictId });
        const remaining = game.state.players.filter((p) => p.status === 'active').length;
        if (verdict === 'proven' && (options.eliminate ?? true) && remaining > 2) {
          const reasoning = 'Caught manipulating the judge; the evidence was exact.';
          game.apply({
            type: 'player_eliminated',
            payload: {
              playerId: action.accusedId,
              turn,
              round: game.state.round,
              cause: 'proven_accusation',
              reasoning,
              standing: 0,
              messageId: nextMessageId(game.state),
            },
          });
          const last = await player.finalWords({
            state: game.state,
            playerId: action.accusedId,
            attempt: 1,
            feedback: [],
            reasoning,
            rng: gameRng(spec.seed, `turn:${turn}:final`),
          });
          played.finalWords.push(last.value.text);
          const wordsId = nextMessageId(game.state);
          game.apply({
            type: 'final_words',
            payload: { playerId: action.accusedId, text: last.value.text, messageId: wordsId },
          });
          await narrate('elimination', turn, { messageId: wordsId, playerIds: [action.accusedId] });
        }
        break;
      }

      game.apply({
        type: 'contribution_proposed',
        payload: { turn, playerId: speaker.id, attempt, text: action.text, cites: action.cites },
      });
      const similar = mostSimilar(action.text, contributionsOf(before));
      if (similar && similar.similarity >= GATE_THRESHOLD) {
        record.rejectedAs = similar.message;
        retryOf = similar.message;
        const text = `Your proposal repeats ${similar.message.id}; add a new claim, consequence, test or proposal.`;
        feedback.push(text);
        game.apply({
          type: 'contribution_rejected',
          payload: {
            turn,
            playerId: speaker.id,
            attempt,
            reason: 'repeat',
            repeatsMessageId: similar.message.id,
            similarity: similar.similarity,
            feedback: text,
          },
        });
        if (attempt === spec.rules.gate.maxRetries + 1) {
          game.apply({
            type: 'turn_forfeited',
            payload: { turn, playerId: speaker.id, reason: 'gate', detail: text },
          });
        }
        continue;
      }
      const messageId = nextMessageId(before);
      game.apply({
        type: 'contribution_accepted',
        payload: {
          turn,
          playerId: speaker.id,
          attempt,
          messageId,
          text: action.text,
          cites: action.cites,
        },
      });
      game.apply({
        type: 'contribution_scored',
        payload: {
          turn,
          playerId: speaker.id,
          messageId,
          phase: 'mid',
          scores: zeros,
          weights: zeros,
          points: 0.5,
          rationales: {
            novelty: '',
            builds_on_others: '',
            solves_subproblem: '',
            radical_idea: '',
            manipulation: '',
          },
          coverage: coverageOf(before, action.text),
          detectorHits: [],
          judge: 'sim',
        },
      });
      break;
    }
    if (turn % spec.rules.narrator.every === 0) await narrate('periodic', turn);
  }
  return played;
}
