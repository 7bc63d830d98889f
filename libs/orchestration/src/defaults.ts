/** Scenario played when none is named (a technical design problem). */
export const DEFAULT_SCENARIO_ID = 'city-water';

/**
 * Characters seated when none are named: six contrasting personalities, from a consensus-seeking
 * diplomat to a schemer, so a default game has cooperation, manipulation and accusations.
 */
export const DEFAULT_PLAYER_IDS: readonly string[] = [
  'amara-teodoro',
  'idris-halloran',
  'kestrel-obi',
  'nadia-quell',
  'rook-delaney',
  'silas-marrow',
];
