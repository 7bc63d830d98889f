export { SCORING_ERROR_CODES } from './errors';
export { contentWords, stem } from './content-words';
export { createSimilarityIndex, indexFromState, textSimilarity } from './similarity-index';
export type {
  IndexEntry,
  SimilarityIndex,
  SimilarityMatch,
  SimilarityOptions,
} from './similarity-index';
export type { SemanticOptions } from './simhash';
export { MIN_CONTENT_WORDS, checkContribution } from './check-contribution';
export type { GateDecision } from './check-contribution';
export { DETECTOR_SEVERITY, detectManipulation } from './detect-manipulation';
export { phaseFor } from './phase-for';
export { signedWeights } from './signed-weights';
export { conversationCoverage, subProblemCoverage } from './sub-problem-coverage';
export { scoreContribution } from './score-contribution';
export type { ContributionScore } from './score-contribution';
export { verifyEvidence } from './verify-evidence';
export type { EvidenceCheck } from './verify-evidence';
export { judgeAccusation } from './judge-accusation';
export type { VerdictDecision } from './judge-accusation';
export { isRoundComplete } from './is-round-complete';
export { isEliminationDue } from './is-elimination-due';
export { chooseElimination } from './choose-elimination';
export type { EliminationDecision } from './choose-elimination';
export { checkSolved } from './check-solved';
export type { SolvedCheck } from './check-solved';
export { selectSpeaker } from './select-speaker';
export { selectByBids } from './bidding-policy';
export type { Bid } from './bidding-policy';
export { roundRobinPolicy } from './round-robin-policy';
export { weightedPolicy } from './weighted-policy';
export { adversarialPolicy } from './adversarial-policy';
export type { SpeakerChoice, TurnPolicy } from './turn-policy';
export { DISAGREEMENT_THRESHOLD, aggregatePanel, median } from './aggregate-panel';
export type { PanelMember, PanelScore } from './aggregate-panel';
export { speakingShare } from './speaking-share';
export { krippendorffAlpha, pearson, pooledWithinGroupPearson } from './agreement';
export type { ReliabilityUnit } from './agreement';
export { survivorEnd } from './survivor-end';
export type { SurvivorEnd } from './survivor-end';
export {
  CONSERVATIVE_Z,
  INTERVAL_Z,
  RATING_POOLS,
  conservativeRating,
  createRatingUpdater,
  ratingInterval,
  ratingKey,
  rebuildRatings,
} from './ratings';
export type {
  PoolRating,
  RatedGame,
  RatedPlacement,
  RatingOptions,
  RatingPool,
  RatingRebuild,
  RatingUpdate,
} from './ratings';
