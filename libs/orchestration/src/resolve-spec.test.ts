import { describe, expect, it } from 'vitest';
import { GameConfigSchema } from '@arena/models';
import { testProfiles, testScenario } from '@arena/models/testing';
import type { ContentCatalog } from './catalog';
import { resolveGameSpec } from './resolve-spec';

const catalog: ContentCatalog = {
  characters: new Map(testProfiles.map((p) => [p.id, p])),
  scenarios: new Map([[testScenario.id, testScenario]]),
};

const config = (input: Record<string, unknown>) => ({
  ...GameConfigSchema.parse({ scenario: testScenario.id, players: ['ana', 'bo'], ...input }),
  seed: 1,
});

describe('resolveGameSpec', () => {
  it('resolves ids into a self-contained spec with seat ids and merged rules', () => {
    const spec = resolveGameSpec(config({ rules: { gate: { maxRetries: 1 } } }), catalog);
    expect(spec.seats.map((s) => [s.playerId, s.profile.id, s.model])).toEqual([
      ['P1', 'ana', 'sim'],
      ['P2', 'bo', 'sim'],
    ]);
    expect(spec.rules.gate).toEqual({ similarityThreshold: 0.55, maxRetries: 1 });
  });

  it('names the field and the allowed ids for an unknown scenario or character', () => {
    expect(() => resolveGameSpec(config({ scenario: 'nope' }), catalog)).toThrow(
      /scenario: unknown scenario "nope"; allowed: test-bridge/,
    );
    expect(() => resolveGameSpec(config({ players: ['ana', 'zed'] }), catalog)).toThrow(
      /players\.1: unknown character "zed"; allowed: ana, bo, cy, di/,
    );
  });

  it('rejects a character seated twice', () => {
    expect(() => resolveGameSpec(config({ players: ['ana', 'ana'] }), catalog)).toThrow(
      /players\.1: character "ana" is already seated/,
    );
  });

  it('rejects invalid rule overrides with their field path', () => {
    expect(() =>
      resolveGameSpec(config({ rules: { accusations: { proofThreshold: 3 } } }), catalog),
    ).toThrow(/accusations\.proofThreshold/);
  });

  it('reports an unreadable scenario file by path', () => {
    expect(() => resolveGameSpec(config({ scenario: './missing/scenario.yaml' }), catalog)).toThrow(
      /Cannot read file \.\/missing\/scenario\.yaml/,
    );
  });
});
