import { describe, expect, it } from 'vitest';
import { TURN_POLICIES, type GameEvent } from '@arena/models';
import { printedEvents, runArena, tempDir } from '../cli-run.fixture';

describe('arena play --policy', () => {
  it('plays a whole game under the adversarial policy and says why each speaker was picked', async () => {
    const run = await runArena([
      'play',
      '--policy',
      'adversarial',
      '--seed',
      '3',
      '--max-turns',
      '14',
      '--spectator',
      '--data-dir',
      tempDir('arena-adversarial-'),
    ]);
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    expect(run.out).toContain('policy adversarial');
    const picks = run.lines.filter((l) => l.includes('[policy]'));
    expect(picks.length).toBeGreaterThan(5);
    for (const line of picks) expect(line).toMatch(/\[policy\] (Adversarial|Chaos) pick: /);
    expect(run.out).toContain('Game over:');
    expect(run.out).toContain('Speaking share');
  });

  it('records the adversarial policy in every selection and the speaking share at the end', async () => {
    const run = await runArena([
      'play',
      '--policy',
      'adversarial',
      '--seed',
      '8',
      '--max-turns',
      '10',
      '--json',
      '--data-dir',
      tempDir('arena-adversarial-'),
    ]);
    expect(run.code).toBe(0);
    const events = printedEvents(run);
    const selections = events.filter(
      (e): e is Extract<GameEvent, { type: 'speaker_selected' }> => e.type === 'speaker_selected',
    );
    expect(selections.length).toBe(10);
    for (const s of selections) expect(s.payload.policy).toBe('adversarial');
    const ended = events[events.length - 1];
    if (ended?.type !== 'game_ended') throw new Error('the game did not end');
    const shares = ended.payload.speaking?.players.map((p) => p.share) ?? [];
    expect(shares.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
  });

  it('refuses an unknown policy, naming every allowed one', async () => {
    const dataDir = tempDir('arena-policy-');
    const run = await runArena(['play', '--policy', 'chaotic', '--data-dir', dataDir]);
    expect(run.code).toBe(2);
    expect(run.err).toContain('--policy');
    for (const policy of TURN_POLICIES) expect(run.err).toContain(policy);
  });
});
