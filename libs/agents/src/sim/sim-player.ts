import { messageById, type GameState, type TranscriptMessage } from '@arena/models';
import type { PlayerAction } from '../player-action';
import type { PlayerAgent, TurnContext } from '../player-agent';
import { planAccusation } from './accusation';
import { truthOf, type AuthoredAction } from './authored';
import { composeContribution, type DraftOptions } from './compose-contribution';
import { composeDefence } from './defence';
import { composeFinalWords } from './final-words';
import { manipulationKinds, manipulationLine } from './manipulation';
import { personaOf, type Persona } from './persona';
import { restate } from './restate';
import { composeBid } from './bid';
import { simCall } from './sim-call';
import { contributionsOf, messageIdsIn, recordLength, subProblemOf } from './transcript';

const MODE_TEMPTATION = { competitive: 1.35, mixed: 1, cooperative: 0.6 } as const;

/** Citations must point at other players' messages that exist. */
function othersCites(state: GameState, persona: Persona, cites: readonly string[]): string[] {
  return cites.filter((id) => {
    const m = messageById(state, id);
    return m !== undefined && m.speakerId !== null && m.speakerId !== persona.playerId;
  });
}

/** A restatement adds nothing new, and carries over whatever manipulation the source had. */
function restated(
  state: GameState,
  persona: Persona,
  ctx: TurnContext,
  source: TranscriptMessage,
): AuthoredAction {
  const text = restate(
    source,
    ctx.rng,
    state.players.map((p) => p.name),
  );
  return {
    action: { action: 'contribute', text, cites: othersCites(state, persona, source.cites) },
    truth: truthOf({ repeatOf: source.id, manipulation: manipulationKinds(state, text) }),
  };
}

function fresh(ctx: TurnContext, persona: Persona, options: DraftOptions = {}): AuthoredAction {
  const { state, rng } = ctx;
  const temptation =
    0.085 * MODE_TEMPTATION[state.spec.mode] * (1.5 - persona.bigFive.agreeableness);
  const manipulate = rng.chance(temptation);
  const draft = composeContribution(ctx, persona, { ...options, reserve: manipulate ? 1 : 0 });
  const action = { action: 'contribute' as const, text: draft.text, cites: draft.cites };
  if (!manipulate) return { action, truth: truthOf() };
  const line = manipulationLine(state, persona, rng, draft.subProblem);
  return {
    action: { ...action, text: `${draft.text} ${line.text}` },
    truth: truthOf({ manipulation: [line.kind] }),
  };
}

/**
 * After gate feedback: new content on a different, less covered sub-problem, except that a
 * stubborn character (more likely with low openness) sometimes restates the same point again,
 * and one that has already dug in after a second rejection often keeps going and forfeits.
 */
function retry(ctx: TurnContext, persona: Persona): AuthoredAction {
  const { state, rng } = ctx;
  const repeated = ctx.feedback
    .flatMap(messageIdsIn)
    .map((id) => messageById(state, id))
    .filter((m): m is TranscriptMessage => m !== undefined);
  const stubbornness = ctx.feedback.length > 1 ? 0.5 : 0.04 + 0.12 * (1 - persona.bigFive.openness);
  if (repeated.length > 0 && rng.chance(stubbornness)) {
    return restated(state, persona, ctx, rng.pick(repeated));
  }
  const scenario = state.spec.scenario;
  return fresh(ctx, persona, {
    avoidMessages: new Set(repeated.map((m) => m.id)),
    avoidSubProblems: new Set(repeated.flatMap((m) => subProblemOf(scenario, m.text)?.id ?? [])),
  });
}

function act(ctx: TurnContext, persona: Persona): AuthoredAction {
  const { state, rng } = ctx;
  if (ctx.attempt > 1 && ctx.feedback.length > 0) return retry(ctx, persona);
  const accusation = planAccusation(ctx, persona);
  if (accusation) return accusation;
  const earlier = contributionsOf(state);
  if (earlier.length > 0 && rng.chance(0.1 + 0.06 * (1 - persona.bigFive.conscientiousness))) {
    const own = earlier.filter((m) => m.speakerId === persona.playerId);
    const pool = own.length > 0 && rng.chance(0.5) ? own : earlier;
    return restated(state, persona, ctx, rng.pick(pool.slice(-10)));
  }
  return fresh(ctx, persona);
}

function written(action: PlayerAction): string {
  return action.action === 'contribute'
    ? action.text
    : action.claim + action.evidence.map((e) => e.quote).join(' ');
}

function readLength(ctx: TurnContext, persona: Persona, extra = ''): number {
  const profile = persona.profile;
  return (
    recordLength(ctx.state) +
    profile.description.length +
    profile.backstory.length +
    ctx.feedback.join(' ').length +
    extra.length
  );
}

/**
 * The built-in simulated player. It is not a language model: it composes in-character text
 * from the scenario's sub-problems and the character's profile, cites real messages, repeats
 * itself now and then, sometimes manipulates or accuses, and draws every choice from `ctx.rng`,
 * so the same context and seed always give the same reply. Every `act` reply carries `truth`:
 * what the simulator knows it did (the message it restated, the manipulation it wrote, whether
 * its evidence is fabricated and its accusation baseless), for measuring the gate and detectors.
 *
 * @example
 * const reply = await createSimPlayer().act({ state, playerId: 'P1', attempt: 1, feedback: [], rng });
 */
export function createSimPlayer(): PlayerAgent {
  return {
    act: async (ctx) => {
      const persona = personaOf(ctx.state, ctx.playerId);
      const { action, truth } = act(ctx, persona);
      return {
        value: action,
        calls: [simCall('act', readLength(ctx, persona), written(action))],
        truth,
      };
    },
    defend: async (ctx) => {
      const persona = personaOf(ctx.state, ctx.playerId);
      const text = composeDefence(ctx, persona);
      return {
        value: { text },
        calls: [simCall('defend', readLength(ctx, persona, ctx.accusation.claim), text)],
      };
    },
    bid: async (ctx) => {
      const persona = personaOf(ctx.state, ctx.playerId);
      const value = composeBid(ctx, persona);
      return { value, calls: [simCall('bid', recordLength(ctx.state), value.reason)] };
    },
    finalWords: async (ctx) => {
      const persona = personaOf(ctx.state, ctx.playerId);
      const text = composeFinalWords(ctx, persona);
      return {
        value: { text },
        calls: [simCall('final_words', readLength(ctx, persona, ctx.reasoning), text)],
      };
    },
  };
}
