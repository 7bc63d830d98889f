import type { ModelRuntime } from '@arena/agents';
import type { Panel } from './panel';

/**
 * The judge panel for a list of model specs: a model judge per spec, and `null` for `sim` (the
 * deterministic judge of `@arena/scoring`). Games, re-judging and the judge check all build
 * their panels here, so they judge alike.
 *
 * @example
 * const panel = createJudgePanel(models, ['sim', 'openai:gpt-4o-mini']);
 */
export function createJudgePanel(models: ModelRuntime, specs: readonly string[]): Panel {
  return { specs: [...specs], members: specs.map((spec) => models.judge(spec)) };
}
