import type {
  AccusationState,
  Dimension,
  DimensionScores,
  GameState,
  Rng,
  VerdictKind,
} from '@arena/models';
import type { Reply } from './model-call';

/** The accepted contribution a judge scores. */
export interface ScoredContribution {
  messageId: string;
  playerId: string;
  text: string;
  cites: string[];
}

export interface ScoreContext {
  /** Full state (officials see everything); the judge's prompt anonymises the speaker. */
  state: GameState;
  contribution: ScoredContribution;
  rng: Rng;
}

export interface JudgeScores {
  scores: DimensionScores;
  rationales: Record<Dimension, string>;
}

export interface VerdictContext {
  state: GameState;
  accusation: AccusationState;
  /** The engine's mechanical evidence check (quotes found or not). */
  evidence: { valid: boolean; findings: { messageId: string; quote: string; found: boolean }[] };
  defenceText: string;
  rng: Rng;
}

export interface VerdictDecision {
  verdict: VerdictKind;
  /** The judge's confidence that the accused did what the accusation says. */
  confidence: number;
  reasoning: string;
}

export interface SolvedContext {
  state: GameState;
  /** The deterministic coverage per sub-problem id (0..1), as a cross-check. */
  coverage: Record<string, number>;
  rng: Rng;
}

export interface SolvedDecision {
  solved: boolean;
  reasoning: string;
}

/** A judge on a language model: one panel member. */
export interface ModelJudge {
  readonly spec: string;
  score(ctx: ScoreContext): Promise<Reply<JudgeScores>>;
  rule(ctx: VerdictContext): Promise<Reply<VerdictDecision>>;
  checkSolved(ctx: SolvedContext): Promise<Reply<SolvedDecision>>;
}

export interface SummaryContext {
  state: GameState;
  /** The summary so far (empty at first). */
  previous: string;
  /** Ids of the messages to fold into the summary, oldest first. */
  messageIds: string[];
  rng: Rng;
}

/** Writes the rolling summary of the public conversation that bounded prompts carry. */
export interface Summariser {
  summarise(ctx: SummaryContext): Promise<Reply<{ text: string }>>;
}
