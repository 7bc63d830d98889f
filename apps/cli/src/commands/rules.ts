import { z } from 'zod';
import { DIMENSIONS, PHASES, manipulationSign, type Rules } from '@arena/models';
import { effectiveRules, loadContentCatalog, resolveScenario } from '@arena/orchestration';
import { parseFlags, validateFlags } from '../args';
import { settingsFrom } from '../context';
import { EXIT, type Output } from '../output';

type Env = Record<string, string | undefined>;

const FLAGS = {
  scenario: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;
const Flags = z.object({
  scenario: z.string().min(1).optional(),
  json: z.boolean().optional(),
  help: z.boolean().optional(),
});

export const RULES_HELP = `arena rules [--scenario <id|file>] [--json]
  Print the rules a game plays by: the defaults, with a scenario's overrides when one is named
  (a game config may override them further). Invalid overrides are reported with their field
  path, e.g. rules.weights.mid.`;

const pct = (v: number) => `${Math.round(v * 100)}%`;
const num = (v: number) => v.toFixed(2);

function weightLines(rules: Rules): string[] {
  const header = ['phase', ...DIMENSIONS].map((h, i) => (i === 0 ? h.padEnd(7) : h.padStart(18)));
  const rows = PHASES.map((phase) =>
    [phase.padEnd(7), ...DIMENSIONS.map((d) => num(rules.weights[phase][d]).padStart(18))].join(''),
  );
  const signs = (['competitive', 'cooperative', 'mixed'] as const)
    .map((m) => `${m} ${['−', '0', '+'][manipulationSign(m, rules) + 1]}`)
    .join(', ');
  return [
    'Weights (magnitudes; the sign of manipulation comes from the mode: ' + signs + ')',
    `  ${header.join('')}`,
    ...rows.map((r) => `  ${r}`),
  ];
}

/** The rules as readable lines, one section per part of ARENA.md. */
export function describeRules(rules: Rules): string[] {
  const { gate, elimination, accusations, narrator, weighted, solved, phases } = rules;
  const { adversarial, bidding } = rules;
  return [
    ...weightLines(rules),
    `Phases: early below ${pct(phases.midFrom)} of max turns; late from ${pct(phases.lateFrom)} or once ${pct(phases.lateEliminated)} of the players are out; final from ${pct(phases.finalFrom)} or once ${phases.finalSurvivors} (or fewer) remain`,
    `Gate: similarity ≥ ${num(gate.similarityThreshold)} to an earlier contribution is a repeat; ${gate.maxRetries} retries, then the turn is forfeited`,
    `Elimination: after ${elimination.warmupRounds} warm-up round(s), the lowest standing every ${elimination.everyRounds} round(s), ${elimination.minSurvivors === 0 ? 'until nobody remains (a lone survivor plays on)' : `while more than ${elimination.minSurvivors} remain`}`,
    `Accusations: ${accusations.maxPerPlayer} per player; proven at judge confidence ≥ ${num(accusations.proofThreshold)}; a false accuser loses ${pct(1 - accusations.falseAccusationFactor)} of its points' magnitude`,
    `Narrator: a periodic line every ${narrator.every} turn(s)${narrator.every === 0 ? ' (only on events)' : ''}`,
    `Weighted policy: fairness ${num(weighted.fairness)}, merit ${num(weighted.merit)}, diversity ${num(weighted.diversity)}, momentum ${num(weighted.momentum)}, tension ${num(weighted.tension)}; ε ${num(weighted.epsilon)}, temperature ${num(weighted.temperature)}`,
    `Adversarial policy: risk ${num(adversarial.risk)}, tension ${num(adversarial.tension)}, fairness ${num(adversarial.fairness)}; chaos ${num(adversarial.chaos)}, temperature ${num(adversarial.temperature)}`,
    `Bidding policy: bids within ${num(bidding.tieMargin)} of the highest tie (then the longest waiting speaks)`,
    `Solved: every required sub-problem covered to ${pct(solved.coverage)}, from round ${solved.minRounds}`,
  ];
}

export async function rules(argv: string[], out: Output, env: Env): Promise<number> {
  const flags = validateFlags(Flags, parseFlags(argv, FLAGS).values);
  if (flags.help) {
    out.line(RULES_HELP);
    return EXIT.ok;
  }
  const scenario = flags.scenario
    ? resolveScenario(flags.scenario, loadContentCatalog(settingsFrom(env).ARENA_CONTENT_DIR))
    : null;
  const effective = effectiveRules(scenario);
  if (flags.json) {
    out.json({ scenario: scenario?.id ?? null, rules: effective });
    return EXIT.ok;
  }
  out.line(
    out.paint(
      'bold',
      scenario ? `Rules for ${scenario.id} (defaults + its overrides)` : 'Default rules',
    ),
  );
  for (const line of describeRules(effective)) out.line(line);
  return EXIT.ok;
}
