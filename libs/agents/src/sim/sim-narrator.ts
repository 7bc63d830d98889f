import {
  computeStandings,
  messageById,
  type AccusationState,
  type GameState,
  type Rng,
  type TranscriptMessage,
} from '@arena/models';
import type { Narrator, NarratorContext } from '../narrator';
import {
  fill as fillTemplate,
  innerQuote,
  lowerFirst,
  midSentence,
  upperFirst,
  type Slots,
} from './fill';
import { NARRATOR_PHRASES as N } from './phrases/narrator-phrases';
import { simCall } from './sim-call';
import {
  contributionsOf,
  mentions,
  nameOf,
  opening,
  recordLength,
  sentencesOf,
} from './transcript';

/** Narrator lines may start with a slot, so every line gets its capital here. */
function fill(template: string, slots: Slots): string {
  return upperFirst(fillTemplate(template, slots));
}

const NUMBERS = [
  'no',
  'one',
  'two',
  'three',
  'four',
  'five',
  'six',
  'seven',
  'eight',
  'nine',
  'ten',
];

/** "one player", "three players", "14 players". */
function playersLeft(count: number): string {
  const n = NUMBERS[count] ?? String(count);
  return count === 1 ? `${n} player` : `${n} players`;
}

/** "A, B and C". */
function list(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

function openingLine(state: GameState, rng: Rng): string {
  const scenario = state.spec.scenario;
  const cast = state.spec.seats.map((s) => `${s.profile.name} the ${s.profile.archetype}`);
  return fill(rng.pick(N.opening), {
    title: midSentence(scenario.title),
    problem: scenario.problem,
    cast: list(cast),
    count: String(cast.length),
  });
}

/** Recap of what was said since the last narrator line: themes, attention, silence. Never scores. */
function periodicLine(state: GameState, rng: Rng): string {
  const all = contributionsOf(state);
  const since = all.filter((m) => m.turn > state.lastNarratedTurn);
  const recent = since.length > 0 ? since : all.slice(-6);
  const turn = String(state.turn);
  if (recent.length === 0) return fill(rng.pick(N.empty), { turn });
  const scenario = state.spec.scenario;
  const hits = (keyword: string, messages: readonly TranscriptMessage[]): number =>
    messages.filter((m) => mentions(m.text, keyword)).length;
  const themes = scenario.subProblems
    .flatMap((sp) => sp.keywords.map((k) => ({ k, n: hits(k, recent) })))
    .filter((t) => t.n > 0)
    .sort((a, b) => b.n - a.n)
    .slice(0, 3)
    .map((t) => t.k);
  const attention = scenario.subProblems.map((sp) => ({
    sp,
    recent: sp.keywords.reduce((n, k) => n + hits(k, recent), 0),
    ever: sp.keywords.reduce((n, k) => n + hits(k, all), 0),
  }));
  const lines = [
    fill(rng.pick(N.themes), {
      turn,
      themes: themes.length > 0 ? list(themes) : 'the big picture',
    }),
  ];
  const focus = [...attention].sort((a, b) => b.recent - a.recent)[0];
  if (focus && focus.recent > 0)
    lines.push(fill(rng.pick(N.focus), { focus: midSentence(focus.sp.title) }));
  const neglected = attention.filter((a) => a.ever === 0).map((a) => midSentence(a.sp.title));
  if (neglected.length > 0) lines.push(fill(rng.pick(N.neglected), { neglected: list(neglected) }));
  const active = state.players.filter((p) => p.status === 'active');
  const quiet = active
    .filter((p) => state.turn - (p.lastSpokeTurn ?? 0) > active.length)
    .map((p) => p.name);
  if (quiet.length > 0) lines.push(fill(rng.pick(N.quiet), { quiet: list(quiet.slice(0, 2)) }));
  else if (rng.chance(0.3)) lines.push(rng.pick(N.lively));
  return lines.join(' ');
}

function accusationFor(ctx: NarratorContext): AccusationState | undefined {
  const { state, subject } = ctx;
  const id = subject?.messageId;
  const cited = id ? (messageById(state, id)?.cites ?? []) : [];
  return (
    state.accusations.find((a) => a.messageId === id || cited.includes(a.messageId)) ??
    state.accusations.at(-1)
  );
}

function parties(ctx: NarratorContext, accusation: AccusationState | undefined) {
  const ids = ctx.subject?.playerIds ?? [];
  return {
    accuser: nameOf(ctx.state, accusation?.accuserId ?? ids[0] ?? null),
    accused: nameOf(ctx.state, accusation?.accusedId ?? ids[1] ?? null),
  };
}

function accusationLine(ctx: NarratorContext): string {
  const accusation = accusationFor(ctx);
  return fill(ctx.rng.pick(N.accusation), {
    ...parties(ctx, accusation),
    kind: N.kinds[accusation?.kind ?? 'other'],
  });
}

function verdictLine(ctx: NarratorContext): string {
  const accusation = accusationFor(ctx);
  const verdict = accusation?.verdict;
  const bank = verdict ? N.verdicts[verdict] : N.verdictUnknown;
  return fill(ctx.rng.pick(bank), parties(ctx, accusation));
}

/**
 * A sentence of the final words in the player's own voice: not one quoting someone else, and
 * not the closing goodbye when there is something more telling.
 */
function ownWords(text: string, rng: Rng): string {
  const own = sentencesOf(text).filter((s) => !/["“”]/.test(s) && s.split(' ').length >= 4);
  const telling = own.length > 1 ? own.slice(0, -1) : own;
  return telling.length > 0 ? rng.pick(telling) : text;
}

function eliminationLine(ctx: NarratorContext): string {
  const { state, subject, rng } = ctx;
  const playerId = subject?.playerIds?.[0] ?? state.eliminationOrder.at(-1) ?? null;
  const given = subject?.messageId ? messageById(state, subject.messageId) : undefined;
  const player = nameOf(state, playerId);
  const remaining = playersLeft(state.players.filter((p) => p.status === 'active').length);
  const said =
    given?.kind === 'final_words'
      ? given
      : state.messages.filter((m) => m.kind === 'final_words' && m.speakerId === playerId).at(-1);
  const reasoning = given?.kind === 'elimination' ? given : undefined;
  const quoted = said ?? reasoning;
  if (!quoted) return fill(rng.pick(N.eliminationSilent), { player, remaining });
  return fill(rng.pick(said ? N.elimination : N.eliminationReasoning), {
    player,
    remaining,
    quote: innerQuote(
      opening(said ? ownWords(said.text, rng) : quoted.text, 14).replace(/[.!?]+$/, ''),
    ),
  });
}

function closingLine(state: GameState, rng: Rng): string {
  const standings = state.ended?.standings ?? computeStandings(state);
  const winnerId = state.ended
    ? state.ended.winnerId
    : (standings.find((s) => s.status === 'active')?.playerId ?? null);
  const reason = N.endReasons[state.ended?.reason ?? 'unknown'];
  const order = standings.map((s) => `${s.place}. ${s.name}`).join(', ');
  if (winnerId === null) return fill(rng.pick(N.closingNoWinner), { reason, standings: order });
  const rest = standings.filter((s) => s.playerId !== winnerId).map((s) => s.name);
  return fill(rng.pick(N.closing), {
    winner: nameOf(state, winnerId),
    title: midSentence(state.spec.scenario.title),
    reason,
    reason_lc: lowerFirst(reason),
    standings: order,
    standings_rest: rest.length > 0 ? list(rest) : 'nobody',
  });
}

function narrate(ctx: NarratorContext): string {
  switch (ctx.trigger) {
    case 'opening':
      return openingLine(ctx.state, ctx.rng);
    case 'periodic':
      return periodicLine(ctx.state, ctx.rng);
    case 'accusation':
      return accusationLine(ctx);
    case 'verdict':
      return verdictLine(ctx);
    case 'elimination':
      return eliminationLine(ctx);
    case 'closing':
      return closingLine(ctx.state, ctx.rng);
  }
}

/**
 * The built-in simulated narrator: lively, template-driven commentary (not a language model).
 * It recaps what players said and reacts to accusations, verdicts and eliminations, but never
 * reveals scores or hidden reasoning, since its lines enter the transcript that players read.
 *
 * @example
 * const { value } = await createSimNarrator().narrate({ state, trigger: 'opening', rng });
 */
export function createSimNarrator(): Narrator {
  return {
    narrate: async (ctx) => {
      const text = narrate(ctx);
      return { value: { text }, calls: [simCall('narrate', recordLength(ctx.state), text)] };
    },
  };
}
