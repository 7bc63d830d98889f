export { askStructured, outputSchemaOf } from '../structured/ask-structured';
export type { StructuredRequest } from '../structured/ask-structured';
export { extractJson } from '../structured/extract-json';
export type { ExtractedJson } from '../structured/extract-json';
export { estimateTokens } from '../prompts/tokens';
export {
  QUOTED_DATA_NOTICE,
  QUOTE_CLOSE,
  QUOTE_OPEN,
  neutralise,
  quoteBlock,
  quoteMessage,
  quotedSection,
} from '../prompts/quote';
export type { QuoteStyle } from '../prompts/quote';
export { boundedContext, promptWithContext } from '../prompts/context';
export type { BoundedContext, ContextOptions, PromptLayout } from '../prompts/context';
export {
  defencePrompt,
  finalWordsPrompt,
  playerSystemPrompt,
  playerTurnPrompt,
} from '../prompts/player';
export type { PlayerPromptOptions, TurnPromptOptions } from '../prompts/player';
export { judgeAliases } from '../prompts/anonymise';
export type { JudgeAliases } from '../prompts/anonymise';
export { judgeSystemPrompt, scorePrompt, solvedPrompt, verdictPrompt } from '../prompts/judge';
export { narratorPrompt, narratorSystemPrompt } from '../prompts/narrator';
export { SUMMARY_MAX_CHARS, summariserSystemPrompt, summaryPrompt } from '../prompts/summary';
export { ROLE_PARAMS } from './role-options';
export type { RoleOptions } from './role-options';
export { DEFENCE_MAX_CHARS, FINAL_WORDS_MAX_CHARS, createLlmPlayer } from './llm-player';
export { NARRATION_MAX_CHARS, createLlmNarrator } from './llm-narrator';
export { createLlmJudge } from './llm-judge';
export { createLlmSummariser } from './llm-summariser';
export { SIM_SUMMARY_MAX_CHARS, createSimSummariser } from '../sim/sim-summariser';
