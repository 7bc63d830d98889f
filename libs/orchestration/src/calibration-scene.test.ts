import { describe, expect, it } from 'vitest';
import { gameRng, type CalibrationMessage } from '@arena/models';
import { originalVariant, permutedVariant, type Scene } from './calibration-scene';

const context: CalibrationMessage[] = [
  { speaker: 'P1', text: 'Start with leaks.', cites: [] },
  { speaker: 'P2', text: 'P1 is right in M1: leaks first.', cites: ['M1'] },
  { speaker: 'P3', text: 'Desalination on the coast.', cites: [] },
  { speaker: 'P1', text: 'As P3 says in M3, the coast is close.', cites: ['M3'] },
];
const scene: Scene = { scenario: 'city-water', seats: 4, context };

describe('originalVariant', () => {
  it('keeps every alias, id and text', () => {
    const v = originalVariant(scene);
    expect(v.context).toEqual(context);
    expect(v.rewrite('P2 quoted M3')).toBe('P2 quoted M3');
  });
});

describe('permutedVariant', () => {
  it('moves speakers to other seats and rewrites aliases and ids in texts consistently', () => {
    for (let seed = 0; seed < 20; seed++) {
      const v = permutedVariant(scene, gameRng(seed, 'scene'));
      const seats = ['P1', 'P2', 'P3', 'P4'];
      expect(seats.map(v.alias).sort()).toEqual(seats);
      expect(seats.some((a) => v.alias(a) !== a)).toBe(true);
      for (const [i, original] of context.entries()) {
        const moved = v.context.find((m) => m.text === v.rewrite(original.text));
        expect(moved?.speaker).toBe(v.alias(original.speaker));
        expect(moved?.cites).toEqual(original.cites.map(v.messageId));
        const position = v.context.indexOf(moved as CalibrationMessage);
        expect(v.messageId(`M${i + 1}`)).toBe(`M${position + 1}`);
      }
      // A reply still comes after the message it cites.
      for (const [position, m] of v.context.entries()) {
        for (const id of m.cites) expect(Number(id.slice(1))).toBeLessThan(position + 1);
      }
    }
  });

  it('rotates the context for some seeds and is the same for the same seed', () => {
    const orders = new Set<string>();
    for (let seed = 0; seed < 20; seed++) {
      orders.add(
        permutedVariant(scene, gameRng(seed, 'scene'))
          .context.map((m) => m.text)
          .join('|'),
      );
    }
    expect(orders.size).toBeGreaterThan(1);
    const a = permutedVariant(scene, gameRng(3, 'scene'));
    const b = permutedVariant(scene, gameRng(3, 'scene'));
    expect(a.context).toEqual(b.context);
  });

  it('rewrites whole tokens only', () => {
    const v = permutedVariant(scene, gameRng(1, 'scene'));
    expect(v.rewrite('MP3 and P12 and M10x stay')).toBe('MP3 and P12 and M10x stay');
    expect(v.rewrite('"P1" (M2).')).toBe(`"${v.alias('P1')}" (${v.messageId('M2')}).`);
  });
});
