import { DEFAULT_RULES } from '@arena/models';

/**
 * Rules under which a game runs to its turn limit: nobody is eliminated and the problem is never
 * declared solved, while accusations follow the defaults.
 */
export const RUN_TO_LIMIT_RULES = {
  elimination: { warmupRounds: 100_000, everyRounds: 1, minSurvivors: 1 },
  solved: { coverage: 1, minRounds: 100_000 },
  accusations: DEFAULT_RULES.accusations,
};
