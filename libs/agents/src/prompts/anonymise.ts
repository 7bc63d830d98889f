import { gameRng, type GameState } from '@arena/models';

/**
 * How the judge sees players: by aliases (`S1`…`Sn`) in an order shuffled once per game, so
 * neither a name, a character id, a seat number nor a model can sway a ruling.
 */
export interface JudgeAliases {
  /** The alias of a player id, e.g. `S2`. */
  alias(playerId: string): string;
  /** Text with every player name, character id, seat id and model spec replaced. */
  anonymise(text: string): string;
  /** Judge text with aliases turned back into player names, for public records. */
  reveal(text: string): string;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Matches any of `tokens` as a whole word (not inside a longer word). */
function wholeWords(tokens: readonly string[]): RegExp | null {
  if (tokens.length === 0) return null;
  const alternation = [...tokens]
    .sort((a, b) => b.length - a.length)
    .map(escape)
    .join('|');
  return new RegExp(`(?<![\\p{L}\\p{N}_])(?:${alternation})(?![\\p{L}\\p{N}_])`, 'gu');
}

/** Model names worth hiding: full specs and the model part after the provider prefix. */
function modelTokens(state: GameState): string[] {
  const specs = [
    ...state.spec.seats.map((s) => s.model),
    ...state.spec.officials.judge,
    state.spec.officials.narrator,
  ].filter((spec) => spec !== 'sim');
  return specs.flatMap((spec) => {
    const model =
      spec
        .slice(spec.indexOf(':') + 1)
        .split('#')
        .at(-1) ?? spec;
    return model.length >= 3 ? [spec, model] : [spec];
  });
}

/**
 * The aliases for one game, drawn from the game's seed (the same in every judging call).
 *
 * @example
 * const aliases = judgeAliases(state);
 * aliases.anonymise('Ada (P3) agrees with Bo'); // 'S1 (S1) agrees with S4'
 */
export function judgeAliases(state: GameState): JudgeAliases {
  const order = gameRng(state.spec.seed, 'judge:aliases').shuffle(
    state.spec.seats.map((s) => s.playerId),
  );
  const aliasOf = new Map(order.map((id, i) => [id, `S${i + 1}`]));
  const replacements = new Map<string, string>();
  for (const model of modelTokens(state)) replacements.set(model, '[model]');
  for (const seat of state.spec.seats) {
    const alias = aliasOf.get(seat.playerId) ?? 'S?';
    replacements.set(seat.profile.id, alias);
    replacements.set(seat.profile.name, alias);
    replacements.set(seat.playerId, alias);
  }
  for (const player of state.players) {
    const alias = aliasOf.get(player.id);
    if (alias) replacements.set(player.name, alias);
  }
  const hidden = wholeWords([...replacements.keys()]);
  const names = new Map(
    [...aliasOf].map(([id, alias]) => [alias, state.players.find((p) => p.id === id)?.name ?? id]),
  );
  const aliases = wholeWords([...names.keys()]);
  return {
    alias: (playerId) => aliasOf.get(playerId) ?? playerId,
    anonymise: (text) =>
      hidden ? text.replace(hidden, (token) => replacements.get(token) ?? token) : text,
    reveal: (text) =>
      aliases ? text.replace(aliases, (alias) => names.get(alias) ?? alias) : text,
  };
}
