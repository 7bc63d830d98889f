/**
 * A provider-independent token estimate: four characters per token. Used to keep prompts within
 * the game's `context.promptTokens` budget and to account for calls that report no usage.
 *
 * @example
 * estimateTokens('abcdefgh'); // 2
 */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}
