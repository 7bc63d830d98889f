import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createModelRuntime } from '@arena/agents';
import {
  gameResponder,
  startLoopbackModel,
  type LoopbackModel,
  type LoopbackRequest,
} from '@arena/agents/testing';
import { foldGame, type GameEvent, type GameSpec } from '@arena/models';
import { distilChampionMemories, extractLessons, publicGameRecord } from './champion-memory';
import {
  SECRET,
  ended,
  expectNothingHidden,
  ofType,
  secretGame,
  services,
  spec,
} from './champion-memory.fixture';
import { playGame } from './games';

const LESSONS = [
  'Citing the quiet players drew them to your side.',
  'Accusations without exact quotes were ruled false.',
];

let model: LoopbackModel;
/** What the summariser model is asked for lessons, and whether it answers with usable JSON. */
const asked: LoopbackRequest[] = [];
let answers: 'lessons' | 'garbage' = 'lessons';

const isLessons = (request: LoopbackRequest) =>
  JSON.stringify(request.schema ?? {}).includes('"lessons"');

beforeAll(async () => {
  const inner = gameResponder({ seed: 9 });
  model = await startLoopbackModel((request) => {
    if (!isLessons(request)) return inner(request);
    asked.push(request);
    return answers === 'lessons'
      ? { text: JSON.stringify({ lessons: LESSONS }) }
      : { text: 'Lessons? Play better next time.' };
  });
});
afterAll(async () => {
  await model.close();
});

const summariser = () => `openai-compatible:${model.url}/v1#memory`;

function withSummariser(gameSpec: GameSpec): GameSpec {
  return { ...gameSpec, officials: { ...gameSpec.officials, summariser: summariser() } };
}

async function playWithSummariser() {
  const s = { ...services(), models: createModelRuntime() };
  await playGame(s, withSummariser(spec()), { gameId: 'g-model' });
  return s.store.load('g-model');
}

/** The events of the game's last batch that belong to the memory change. */
function memoryTail(events: readonly GameEvent[]) {
  const at = events.findIndex((e) => e.type === 'champion_memory_updated');
  const closing = events.findLastIndex(
    (e, i) => i < at && e.type === 'narrator_line' && e.payload.trigger === 'closing',
  );
  return { before: events.slice(0, at), between: events.slice(closing + 1, at), at };
}

describe('champion memory distilled by a summariser model', () => {
  it('asks from the public record only, and shows each champion nothing but its own memory', async () => {
    const { state, winnerId, loserId, reason, hiddenNumbers } = await secretGame();
    const withModel = { ...state, spec: withSummariser(state.spec) };
    asked.length = 0;
    answers = 'lessons';
    const updates = await distilChampionMemories(withModel, reason, createModelRuntime());

    const mine = updates.find((u) => u.payload.playerId === winnerId);
    expect(mine?.payload).toMatchObject({ lessons: LESSONS, model: summariser(), outcome: 'won' });
    expect(mine?.call?.calls.map((c) => [c.purpose, c.model])).toEqual([
      ['champion_memory', summariser()],
    ]);
    const winner = state.players.find((p) => p.id === winnerId);
    const prompts = asked.map((r) => r.messages.map((m) => m.content).join('\n'));
    const winnerPrompt = prompts.find((p) => p.includes(`You are ${winner?.name} (${winnerId})`));
    expect(winnerPrompt).toBeDefined();
    expectNothingHidden(winnerPrompt ?? '', hiddenNumbers);
    // It does carry the public record: the winner's own words.
    const own = state.messages.filter((m) => m.speakerId === winnerId && m.kind === 'contribution');
    expect(winnerPrompt).toContain((own[own.length - 1]?.text ?? '-').slice(0, 40));

    // The beaten champion is shown its own memory, and nobody else is.
    const loserPrompt = prompts.find((p) => p !== winnerPrompt);
    expect(loserPrompt).toContain(`${SECRET}-OTHER-MEMORY`);
    expect(updates.find((u) => u.payload.playerId === loserId)?.payload.outcome).toBe('lost');
  });

  it("shows a champion's memory only to its own seat, in a game every role plays on a model", async () => {
    answers = 'lessons';
    const memory = `${SECRET}-CHAMPION-MEMORY`;
    const base = withSummariser(spec({ maxTurns: 16 }));
    const game: GameSpec = {
      ...base,
      seats: base.seats.map((seat) => ({
        ...seat,
        model: summariser(),
        ...(seat.playerId === 'P2' ? { memory, champion: { version: 1, games: 1, wins: 1 } } : {}),
      })),
      officials: { ...base.officials, judge: [summariser()], narrator: summariser() },
    };
    const from = model.requests.length;
    await playGame({ ...services(), models: createModelRuntime() }, game, { gameId: 'g-seen' });
    const requests = model.requests.slice(from);
    const system = (r: LoopbackRequest) =>
      r.messages.find((m) => m.role === 'system')?.content ?? '';
    const seeing = requests.filter((r) => JSON.stringify(r.messages).includes(memory));
    expect(requests.some((r) => system(r).includes('You are seat P1'))).toBe(true);
    expect(seeing.some((r) => system(r).includes('You are seat P2'))).toBe(true);
    for (const r of seeing) {
      const ownLessons =
        isLessons(r) && r.messages.some((m) => m.content.includes('(P2). The game'));
      expect(system(r).includes('You are seat P2') || ownLessons).toBe(true);
    }
  });

  it("records the summariser's call before the memory change, in the game's last batch", async () => {
    answers = 'lessons';
    const events = await playWithSummariser();
    const { between, at } = memoryTail(events);
    expect(between.map((e) => e.type)).toEqual(['model_call']);
    expect(between[0]?.payload).toMatchObject({
      role: 'summariser',
      playerId: null,
      purpose: 'champion_memory',
      model: summariser(),
    });
    expect(events[at]?.payload).toMatchObject({ lessons: LESSONS, model: summariser() });
    expect(events[at + 1]?.type).toBe('game_ended');
  });

  it('falls back to the deterministic extract, with call_failed, when the model never answers usably', async () => {
    answers = 'garbage';
    const events = await playWithSummariser();
    const { before, between, at } = memoryTail(events);
    const calls = ofType(between, 'model_call');
    expect(calls).toHaveLength(3);
    expect(calls.every((c) => c.payload.error?.kind === 'invalid_output')).toBe(true);
    expect(ofType(between, 'call_failed').map((e) => e.payload)).toEqual([
      expect.objectContaining({
        role: 'summariser',
        purpose: 'champion_memory',
        model: summariser(),
        reason: 'invalid_output',
        raw: 'Lessons? Play better next time.',
      }),
    ]);
    const end = ended(events);
    const winnerId = end.payload.winnerId ?? '';
    const expected = extractLessons(
      publicGameRecord(foldGame(before), winnerId, 'won', end.payload.reason),
    );
    expect(events[at]?.payload).toMatchObject({ lessons: expected, model: 'sim' });
  });
});
