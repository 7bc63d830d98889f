import type { Scenario } from '@arena/models';

/**
 * The problem as everyone in the game may know it: title, statement, sub-problems and success
 * criteria. The offline judge's keywords are deliberately left out.
 */
export function scenarioBrief(scenario: Scenario): string {
  const required = scenario.successCriteria.required;
  return [
    `Problem: ${scenario.title}`,
    scenario.problem,
    '',
    'Sub-problems:',
    ...scenario.subProblems.map((sp) => `- ${sp.id} (${sp.title}): ${sp.description}`),
    '',
    `Success criteria: ${scenario.successCriteria.description}`,
    required === 'all'
      ? 'Every sub-problem must be covered for the problem to count as solved.'
      : `Sub-problems that must be covered: ${required.join(', ')}.`,
  ].join('\n');
}
