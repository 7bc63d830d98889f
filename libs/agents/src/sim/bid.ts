import { activePlayers, type Rng } from '@arena/models';
import type { FloorBid, TurnContext } from '../player-agent';
import type { Persona } from './persona';

const clamp = (v: number) => Math.min(1, Math.max(0, v));
const round = (v: number) => Number(v.toFixed(2));

/**
 * How urgently a simulated character wants the floor: extraverts and the disagreeable push,
 * a long wait raises the urge, and a little seeded noise keeps bids from being predictable.
 */
export function composeBid(ctx: TurnContext, persona: Persona): FloorBid {
  const { state, playerId, rng } = ctx;
  const me = state.players.find((p) => p.id === playerId);
  const others = Math.max(1, activePlayers(state).length - 1);
  const waited = me?.lastSpokeTurn == null ? others : state.turn - me.lastSpokeTurn;
  const patience = Math.min(1, waited / others);
  const drive = 0.35 * persona.bigFive.extraversion + 0.15 * (1 - persona.bigFive.agreeableness);
  const urgency = round(clamp(0.1 + drive + 0.35 * patience + 0.15 * rng.next()));
  const silence =
    me?.lastSpokeTurn == null ? 'I have not spoken yet' : `I have been quiet for ${waited} turns`;
  return { urgency, reason: reasonFor(persona, urgency, silence, rng) };
}

function reasonFor(persona: Persona, urgency: number, silence: string, rng: Rng): string {
  const topic = persona.profile.expertise.subdomains[0] ?? persona.profile.expertise.domain;
  if (urgency >= 0.7) {
    return rng.pick([
      `${silence} and ${topic} is being ignored.`,
      `Someone has to say it, and on ${topic} it should be me.`,
      `I want to push this forward now, before we drift.`,
    ]);
  }
  if (urgency >= 0.4) {
    return rng.pick([
      `I have a point on ${topic} when there is room.`,
      `I would like to build on what was just said.`,
      `Happy to go next if nobody is burning to.`,
    ]);
  }
  return rng.pick([
    'I can wait; others should go first.',
    `Listening for now; ${topic} can keep a turn.`,
    'Nothing urgent from me this turn.',
  ]);
}
