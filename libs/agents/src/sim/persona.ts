import type { BigFive, CharacterProfile, GameState } from '@arena/models';
import { unknownPlayer } from '../errors';

/** How the simulator reads a character: the profile plus cues drawn from its free-text fields. */
export interface Persona {
  playerId: string;
  name: string;
  profile: CharacterProfile;
  bigFive: BigFive;
  formality: CharacterProfile['communication']['formality'];
  /** Short answers: the style or quirks mention terse, blunt, concise… */
  terse: boolean;
  /** Likes anecdotes and metaphors. */
  storyteller: boolean;
  /** Likes asking questions; often ends on one. */
  questioner: boolean;
  /** Has a sense of humour worth showing now and then. */
  humorous: boolean;
  /** Trait names, strongest first. */
  traits: string[];
  /** Value names, highest priority first. */
  values: string[];
}

const has = (text: string, pattern: RegExp): boolean => pattern.test(text.toLowerCase());

export function personaOf(state: GameState, playerId: string): Persona {
  const seat = state.spec.seats.find((s) => s.playerId === playerId);
  if (!seat) throw unknownPlayer(playerId, state.gameId);
  const profile = seat.profile;
  const c = profile.communication;
  const cues = [c.style, ...c.quirks, ...profile.personality.quirks].join(' ');
  return {
    playerId,
    name: profile.name,
    profile,
    bigFive: profile.personality.bigFive,
    formality: c.formality,
    terse: has(cues, /terse|concise|blunt|brief|laconic|curt|few words|short sentences/),
    storyteller: has(cues, /stor(y|ies)|narrat|anecdot|metaphor|parable|poetic/),
    questioner: has(cues, /question|socratic|inquisitive|asks/),
    humorous: c.humor.trim() !== '' && !has(c.humor, /^(none|no|n\/a)$/),
    traits: [...profile.personality.traits]
      .sort((a, b) => b.intensity - a.intensity)
      .map((t) => t.name),
    values: [...profile.personality.values]
      .sort((a, b) => b.priority - a.priority)
      .map((v) => v.name),
  };
}
