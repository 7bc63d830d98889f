import {
  QUOTED_DATA_NOTICE,
  ROLE_PARAMS,
  askStructured,
  quoteBlock,
  quotedSection,
  type ModelClient,
  type ModelRuntime,
  type Reply,
} from '@arena/agents';
import {
  computeStandings,
  type AccusationKind,
  type EndReason,
  type GameState,
  type PayloadOf,
  type Seat,
  type TranscriptMessage,
  type VerdictKind,
} from '@arena/models';
import { z } from 'zod';
import { attempt, type CallOutcome } from './panel';

/** Lessons a champion's memory keeps: the most recent ones. */
export const MEMORY_LESSONS = 12;
/** Longest lesson, in characters. */
export const LESSON_MAX_CHARS = 240;
/** Lessons the deterministic extract writes for one game, so earlier games' lessons stay too. */
const EXTRACT_LESSONS = 8;
/** Lessons the summariser model may write for one game. */
const MODEL_LESSONS = 6;
/** The `purpose` of the summariser's call in `model_call` and `call_failed` events. */
export const CHAMPION_MEMORY_PURPOSE = 'champion_memory';

type Outcome = PayloadOf<'champion_memory_updated'>['outcome'];
type ChampionRecord = PayloadOf<'champion_memory_updated'>['record'];

/** A player as everyone in the game saw it: seat id and name. */
export interface PublicPlayer {
  playerId: string;
  name: string;
}

/** An elimination as announced: the judge's public reasoning and the player's final words. */
export interface PublicElimination extends PublicPlayer {
  turn: number;
  cause: 'lowest_standing' | 'proven_accusation';
  reasoning: string;
  finalWords: string | null;
  /** Its accepted contributions, and how many contributions of others built on them. */
  contributions: number;
  builtOn: number;
}

/** An accusation as filed in public, with the judge's public verdict. */
export interface PublicAccusation {
  messageId: string;
  accuser: PublicPlayer;
  accused: PublicPlayer;
  kind: AccusationKind;
  claim: string;
  /** Null when the game ended before the ruling. */
  verdict: VerdictKind | null;
  reasoning: string | null;
}

/** One of the character's messages that other players built on. */
export interface PublicCitation {
  message: TranscriptMessage;
  /** Names of the players who cited it, in the order they first did. */
  by: string[];
}

/**
 * What one seat may learn from a game it played: only what every player saw (the transcript,
 * eliminations, accusations and verdicts, the winner). Scores, points, standings, the judge's
 * rationales, detector hits, the turn policy's reasoning, ground truth and other seats'
 * memories are not in it, so nothing built from it can carry them.
 */
export interface PublicGameRecord {
  scenario: string;
  player: PublicPlayer;
  outcome: Outcome;
  end: EndReason;
  players: number;
  turns: number;
  /** Null when nobody won (every player was eliminated). */
  winner: PublicPlayer | null;
  /** How this seat left the game; null when it was still in it at the end. */
  ownElimination: PublicElimination | null;
  ownContributions: TranscriptMessage[];
  citations: PublicCitation[];
  /** Everyone else's eliminations, in order. */
  eliminations: PublicElimination[];
  accusations: PublicAccusation[];
}

/** A memory change the end of a game records, with the summariser's call when one was made. */
export interface ChampionMemoryUpdate {
  /** The summariser model's call (recorded as `model_call`, or `call_failed`); null for `sim`. */
  call: CallOutcome<string[]> | null;
  payload: PayloadOf<'champion_memory_updated'>;
}

/** One line of text: whitespace collapsed. */
function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** `text` on one line, cut at a word boundary to at most `max` characters. */
function clip(text: string, max: number): string {
  const line = oneLine(text);
  if (line.length <= max) return line;
  const cut = line.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/** Words to quote inside a lesson: clipped, their double quotes made single. */
function excerpt(text: string, max: number): string {
  return clip(text.replace(/"/g, "'"), max);
}

function nameList(names: readonly string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

const spaced = (s: string) => s.replace(/_/g, ' ');

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** The seat that wins a game ending now: the same rule as `game_ended` (last survivor, else the best standing). */
function winnerOf(state: GameState): string | null {
  return computeStandings(state).find((s) => s.status === 'active')?.playerId ?? null;
}

/**
 * Whose memory a game ending now changes: the winner's (`won`) and every seat that came in as a
 * champion and did not win (`lost`), in seat order. None when the game was aborted.
 */
export function championOutcomes(
  state: GameState,
  end: EndReason,
): { seat: Seat; outcome: Outcome }[] {
  if (end === 'aborted') return [];
  const winnerId = winnerOf(state);
  return state.spec.seats.flatMap((seat): { seat: Seat; outcome: Outcome }[] => {
    if (seat.playerId === winnerId) return [{ seat, outcome: 'won' }];
    return seat.champion ? [{ seat, outcome: 'lost' }] : [];
  });
}

function publicPlayer(state: GameState, playerId: string): PublicPlayer {
  return { playerId, name: state.players.find((p) => p.id === playerId)?.name ?? playerId };
}

function contributionsOf(state: GameState, playerId: string): TranscriptMessage[] {
  return state.messages.filter((m) => m.kind === 'contribution' && m.speakerId === playerId);
}

/** Eliminations in order: each adds one announcement to the transcript and one id to the order. */
function publicEliminations(state: GameState): PublicElimination[] {
  const announcements = state.messages.filter((m) => m.kind === 'elimination');
  return state.eliminationOrder.map((playerId, i) => {
    const announcement = announcements[i];
    const proven = state.accusations.some(
      (a) => a.accusedId === playerId && a.verdict === 'proven',
    );
    const words = state.messages.find((m) => m.kind === 'final_words' && m.speakerId === playerId);
    const own = new Set(contributionsOf(state, playerId).map((m) => m.id));
    const builtOn = state.messages.filter(
      (m) =>
        m.kind === 'contribution' && m.speakerId !== playerId && m.cites.some((id) => own.has(id)),
    ).length;
    return {
      ...publicPlayer(state, playerId),
      turn: announcement?.turn ?? 0,
      cause: proven ? 'proven_accusation' : 'lowest_standing',
      reasoning: announcement?.text ?? '',
      finalWords: words?.text ?? null,
      contributions: own.size,
      builtOn,
    };
  });
}

function publicAccusations(state: GameState): PublicAccusation[] {
  return state.accusations.map((a) => {
    const ruling = state.messages.find(
      (m) => m.kind === 'verdict' && m.cites.includes(a.messageId),
    );
    return {
      messageId: a.messageId,
      accuser: publicPlayer(state, a.accuserId),
      accused: publicPlayer(state, a.accusedId),
      kind: a.kind,
      claim: a.claim,
      verdict: a.verdict,
      reasoning: ruling?.text ?? null,
    };
  });
}

/** The character's contributions that others built on, most cited first. */
function citationsOf(state: GameState, playerId: string): PublicCitation[] {
  const citations = contributionsOf(state, playerId).map((message) => {
    const by = state.messages
      .filter(
        (m) =>
          m.kind === 'contribution' &&
          m.speakerId !== null &&
          m.speakerId !== playerId &&
          m.cites.includes(message.id),
      )
      .map((m) => publicPlayer(state, m.speakerId as string).name);
    return { message, by: [...new Set(by)] };
  });
  return citations
    .filter((c) => c.by.length > 0)
    .sort((a, b) => b.by.length - a.by.length || a.message.turn - b.message.turn);
}

/**
 * The public record of a game for one seat, built from the folded state's transcript,
 * accusations and elimination order only.
 */
export function publicGameRecord(
  state: GameState,
  playerId: string,
  outcome: Outcome,
  end: EndReason,
): PublicGameRecord {
  const eliminations = publicEliminations(state);
  const winnerId = winnerOf(state);
  return {
    scenario: state.spec.scenario.title,
    player: publicPlayer(state, playerId),
    outcome,
    end,
    players: state.players.length,
    turns: state.turn,
    winner: winnerId ? publicPlayer(state, winnerId) : null,
    ownElimination: eliminations.find((e) => e.playerId === playerId) ?? null,
    ownContributions: contributionsOf(state, playerId),
    citations: citationsOf(state, playerId),
    eliminations: eliminations.filter((e) => e.playerId !== playerId),
    accusations: publicAccusations(state),
  };
}

const END_PHRASES: Record<EndReason, string> = {
  solved: 'the judge ruled the problem solved',
  one_survivor: 'one player was left standing',
  max_turns: 'the turn limit was reached',
  all_eliminated: 'every player was eliminated',
  aborted: 'the game was stopped',
};

const CAUSES: Record<PublicElimination['cause'], string> = {
  lowest_standing: 'for the lowest standing',
  proven_accusation: 'by a proven accusation',
};

function outcomeLesson(r: PublicGameRecord): string {
  if (r.outcome === 'won') {
    const how =
      r.end === 'one_survivor'
        ? 'you were the last one standing'
        : `${END_PHRASES[r.end]} and you led`;
    return `Won '${r.scenario}' against ${plural(r.players - 1, 'rival')} in ${plural(r.turns, 'turn')}: ${how}.`;
  }
  const winner = r.winner ? `${r.winner.name} won` : 'nobody won';
  const own = r.ownElimination;
  if (!own)
    return `Lost '${r.scenario}': you lasted to the end (${END_PHRASES[r.end]}), but ${winner}.`;
  return `Lost '${r.scenario}': you were eliminated at turn ${own.turn} ${CAUSES[own.cause]} and ${winner}. The judge said: "${excerpt(own.reasoning, 120)}"`;
}

function citationLesson(r: PublicGameRecord): string {
  const top = r.citations[0];
  if (top) {
    return `What drew others in: your point in ${top.message.id} ("${excerpt(top.message.text, 100)}") was built on by ${nameList(top.by)}.`;
  }
  const n = r.ownContributions.length;
  return n === 0
    ? 'You made no accepted contribution.'
    : `None of your ${n} contributions was built on by another player.`;
}

function eliminationLesson(e: PublicElimination, accusations: readonly PublicAccusation[]): string {
  const words = e.finalWords ? ` Final words: "${excerpt(e.finalWords, 60)}"` : '';
  const proof = accusations.find(
    (a) => a.accused.playerId === e.playerId && a.verdict === 'proven',
  );
  if (proof) {
    const why = excerpt(proof.reasoning ?? e.reasoning, 120);
    return `${e.name} was eliminated at turn ${e.turn} when ${proof.accuser.name}'s accusation of ${spaced(proof.kind)} was proven: "${why}"${words}`;
  }
  const heard =
    e.contributions === 0
      ? 'with no accepted contribution'
      : `after ${plural(e.contributions, 'contribution')} (${e.builtOn === 0 ? 'nobody built on them' : `others built on them ${plural(e.builtOn, 'time')}`})`;
  const falseOnes = accusations.filter(
    (a) => a.accuser.playerId === e.playerId && a.verdict === 'false',
  ).length;
  const accused = falseOnes > 0 ? ` and ${plural(falseOnes, 'accusation')} ruled false` : '';
  return `${e.name} was eliminated at turn ${e.turn} for the lowest standing, ${heard}${accused}.${words}`;
}

function ruling(a: PublicAccusation): string {
  return a.verdict ? `ruled ${spaced(a.verdict)}` : 'never ruled on';
}

function accusationLessons(r: PublicGameRecord): string[] {
  const me = r.player.playerId;
  const filed = r.accusations
    .filter((a) => a.accuser.playerId === me)
    .slice(-1)
    .map(
      (a) =>
        `Your accusation of ${a.accused.name} (${spaced(a.kind)}) was ${ruling(a)}${a.reasoning ? `: "${excerpt(a.reasoning, 100)}"` : '.'}`,
    );
  const against = r.accusations
    .filter((a) => a.accused.playerId === me)
    .slice(-1)
    .map((a) => `${a.accuser.name} accused you of ${spaced(a.kind)}; it was ${ruling(a)}.`);
  const others = r.accusations.filter(
    (a) => a.accuser.playerId !== me && a.accused.playerId !== me,
  );
  if (others.length === 0) return [...filed, ...against];
  const counts = new Map<string, number>();
  for (const a of others) {
    const key = a.verdict ? spaced(a.verdict) : 'not ruled';
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const proven = others.filter((a) => a.verdict === 'proven').map((a) => a.accused.name);
  const tally = [...counts].map(([verdict, n]) => `${n} ${verdict}`).join(', ');
  const cost = proven.length > 0 ? `; proven ones eliminated ${nameList(proven)}` : '';
  return [
    ...filed,
    ...against,
    `Between others: ${others.length} accusation${others.length === 1 ? '' : 's'} (${tally})${cost}.`,
  ];
}

/**
 * The deterministic lessons of a game (the `sim` summariser, and the fallback when a model
 * fails): the outcome, what of the character's drew others in, the latest eliminations with
 * their public reasoning and final words, and how accusations went. At most 8, each one line.
 */
export function extractLessons(record: PublicGameRecord): string[] {
  return [
    outcomeLesson(record),
    citationLesson(record),
    ...record.eliminations.slice(-3).map((e) => eliminationLesson(e, record.accusations)),
    ...accusationLessons(record),
  ]
    .map((lesson) => clip(lesson, LESSON_MAX_CHARS))
    .slice(0, EXTRACT_LESSONS);
}

const SYSTEM_PROMPT = [
  'You distil lessons for a character in Arena, a survival game in which players discuss an open problem, are eliminated at intervals, and may accuse each other of cheating. The character reads these lessons, privately, in its next games.',
  'Work only from the public record you are given: what the character said, who built on it, eliminations with the judge’s public reasoning and final words, accusations and verdicts, and how the game ended. Never invent events, numbers or scores.',
  `Write 2 to ${MODEL_LESSONS} short lessons addressed to the character ("you"): what worked, what got others eliminated, how accusations went. One sentence each, under ${LESSON_MAX_CHARS} characters, concrete enough to act on.`,
  QUOTED_DATA_NOTICE,
  'Always reply with exactly one JSON object: {"lessons": ["<lesson>", "..."]}, and nothing else.',
].join('\n\n');

/** The summariser's system prompt for champion memory. */
export function championLessonsSystemPrompt(): string {
  return SYSTEM_PROMPT;
}

function eliminationBlocks(e: PublicElimination, share: number): string[] {
  const header = `[${e.name} (${e.playerId}), eliminated at turn ${e.turn} ${CAUSES[e.cause]}] Judge:`;
  return [
    quoteBlock(header, clip(e.reasoning, share)),
    ...(e.finalWords
      ? [quoteBlock(`[${e.name} (${e.playerId}), final words]`, clip(e.finalWords, share))]
      : []),
  ];
}

function accusationBlocks(a: PublicAccusation, share: number): string[] {
  const header = `[${a.messageId}] ${a.accuser.name} (${a.accuser.playerId}) accuses ${a.accused.name} (${a.accused.playerId}) of ${spaced(a.kind)}; ${ruling(a)}:`;
  return [
    quoteBlock(header, clip(a.claim, share)),
    ...(a.reasoning
      ? [quoteBlock(`[${a.messageId} verdict] Judge:`, clip(a.reasoning, share))]
      : []),
  ];
}

/**
 * The summariser's prompt: the public record (quoted where it holds anyone's words; the
 * character's last 8 contributions, the last 10 eliminations and 12 accusations) and the lessons
 * the character already keeps. Every quoted text gets an equal share of `promptTokens`
 * (4 characters a token).
 */
export function championLessonsPrompt(
  record: PublicGameRecord,
  previous: readonly string[],
  promptTokens: number,
): string {
  const own = record.ownContributions.slice(-8);
  const eliminations = record.eliminations.slice(-10);
  const accusations = record.accusations.slice(-12);
  const items =
    own.length +
    eliminations.length * 2 +
    accusations.length * 2 +
    (record.ownElimination ? 2 : 0) +
    1;
  const spare = promptTokens * 4 - SYSTEM_PROMPT.length - 1500;
  const share = Math.max(120, Math.min(600, Math.floor(spare / items) - 60));
  const me = record.player;
  const winner = record.winner ? `${record.winner.name} (${record.winner.playerId})` : 'nobody';
  const outcome =
    record.outcome === 'won'
      ? 'You won.'
      : record.ownElimination
        ? `You lost: eliminated at turn ${record.ownElimination.turn} ${CAUSES[record.ownElimination.cause]}.`
        : 'You lost: you lasted to the end but did not win.';
  const cited =
    record.citations.length === 0
      ? 'Nobody built on your messages.'
      : record.citations.map((c) => `- ${c.message.id}: built on by ${nameList(c.by)}`).join('\n');
  const section = (title: string, blocks: string[]) =>
    blocks.length === 0 ? `${title}: none.` : `${title} (quoted data):\n${quotedSection(blocks)}`;
  return [
    `You are ${me.name} (${me.playerId}). The game: '${record.scenario}', ${record.players} players, ${record.turns} turns. It ended when ${END_PHRASES[record.end]}; winner: ${winner}. ${outcome}`,
    section(
      'Lessons you already keep',
      previous.length === 0
        ? []
        : [quoteBlock('[memory]', previous.map((l) => `- ${l}`).join('\n'))],
    ),
    section(
      'Your last contributions',
      own.map((m) => quoteBlock(`[${m.id}] you, turn ${m.turn}:`, clip(m.text, share))),
    ),
    `Your messages others built on:\n${cited}`,
    section(
      'How you left the game',
      record.ownElimination ? eliminationBlocks(record.ownElimination, share) : [],
    ),
    section(
      'Eliminations',
      eliminations.flatMap((e) => eliminationBlocks(e, share)),
    ),
    section(
      'Accusations',
      accusations.flatMap((a) => accusationBlocks(a, share)),
    ),
    `Write 2 to ${MODEL_LESSONS} new lessons from this game. Reply with exactly one JSON object: {"lessons": ["<lesson>", "..."]}`,
  ].join('\n\n');
}

const LessonsReplySchema = z.object({
  lessons: z
    .array(
      z
        .string()
        .trim()
        .min(1, 'write the lesson')
        .max(LESSON_MAX_CHARS, `keep each lesson under ${LESSON_MAX_CHARS} characters`),
    )
    .min(1, 'write at least one lesson')
    .max(MODEL_LESSONS, `write at most ${MODEL_LESSONS} lessons`),
});

/** Ask the summariser model for a game's lessons (validated, repaired a bounded number of times). */
export async function askChampionLessons(
  client: ModelClient,
  record: PublicGameRecord,
  previous: readonly string[],
  promptTokens: number,
): Promise<Reply<string[]>> {
  const reply = await askStructured(client, {
    messages: [
      { role: 'system', content: SYSTEM_PROMPT },
      { role: 'user', content: championLessonsPrompt(record, previous, promptTokens) },
    ],
    params: ROLE_PARAMS.summariser,
    schema: LessonsReplySchema,
    name: 'champion_lessons',
    description: 'Lessons the character carries into its next games.',
    meta: { playerId: null, role: 'summariser', purpose: CHAMPION_MEMORY_PURPOSE },
  });
  return { ...reply, value: reply.value.lessons.map(oneLine) };
}

const LESSONS_HEADING = 'Lessons (oldest first):';

/** A memory as a character reads it: its record, then its lessons, oldest first. */
export function renderMemory(lessons: readonly string[], record: ChampionRecord): string {
  return [
    `Record: ${plural(record.games, 'game')}, ${plural(record.wins, 'win')}.`,
    LESSONS_HEADING,
    ...lessons.map((l) => `- ${l}`),
  ].join('\n');
}

/**
 * The lessons of a memory written by {@link renderMemory}: every line but the record and the
 * heading (so a memory written otherwise keeps its lines as lessons).
 */
export function memoryLessons(memory: string): string[] {
  return memory
    .split('\n')
    .map((line) => line.replace(/^- /, '').trim())
    .filter((line) => line.length > 0 && !/^Record: /.test(line) && line !== LESSONS_HEADING);
}

/** Earlier lessons then new ones, a repeated lesson kept at its latest place, the last 12. */
function mergeLessons(previous: readonly string[], added: readonly string[]): string[] {
  const merged: string[] = [];
  for (const lesson of [...previous, ...added]) {
    const at = merged.indexOf(lesson);
    if (at >= 0) merged.splice(at, 1);
    merged.push(lesson);
  }
  return merged.slice(-MEMORY_LESSONS);
}

/**
 * The `champion_memory_updated` payload of one seat: the memory it came in with (none for a
 * newcomer) plus this game's lessons, and its record plus this game.
 */
export function championMemoryPayload(
  seat: Seat,
  outcome: Outcome,
  lessons: readonly string[],
  model: string,
): PayloadOf<'champion_memory_updated'> {
  const before = seat.champion ?? { games: 0, wins: 0 };
  const record = { games: before.games + 1, wins: before.wins + (outcome === 'won' ? 1 : 0) };
  const kept = mergeLessons(seat.memory ? memoryLessons(seat.memory) : [], lessons);
  return {
    playerId: seat.playerId,
    characterId: seat.profile.id,
    outcome,
    lessons: lessons.slice(0, MEMORY_LESSONS),
    memory: renderMemory(kept, record),
    record,
    model,
  };
}

/**
 * The memory changes of a game ending now (see {@link championOutcomes}), in seat order. With
 * the `sim` summariser the lessons are {@link extractLessons}; with a model, it is asked (all
 * seats at once) and a failed call falls back to the extract, reported in `call`.
 */
export async function distilChampionMemories(
  state: GameState,
  end: EndReason,
  models: ModelRuntime,
): Promise<ChampionMemoryUpdate[]> {
  const spec = state.spec.officials.summariser;
  return Promise.all(
    championOutcomes(state, end).map(async ({ seat, outcome }) => {
      const record = publicGameRecord(state, seat.playerId, outcome, end);
      if (spec === 'sim') {
        return {
          call: null,
          payload: championMemoryPayload(seat, outcome, extractLessons(record), 'sim'),
        };
      }
      const previous = seat.memory ? memoryLessons(seat.memory) : [];
      const call = await attempt(spec, () =>
        askChampionLessons(models.client(spec), record, previous, state.spec.context.promptTokens),
      );
      const lessons = call.value ?? extractLessons(record);
      return {
        call,
        payload: championMemoryPayload(seat, outcome, lessons, call.value ? spec : 'sim'),
      };
    }),
  );
}
