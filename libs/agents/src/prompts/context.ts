import type { GameState, TranscriptMessage } from '@arena/models';
import { quoteBlock, quoteMessage, quotedSection, type QuoteStyle } from './quote';
import { estimateTokens } from './tokens';

/** What {@link boundedContext} may show and how much room it has. */
export interface ContextOptions {
  /** Messages the context may show, oldest first (e.g. the transcript before a contribution). */
  messages: readonly TranscriptMessage[];
  /** The rolling summary of the older conversation, if one was written. */
  summary: GameState['summary'];
  /** How many of the latest messages form the recent window. */
  recentMessages: number;
  /** Message ids the subject refers to: shown even when older than the window, dropped last. */
  pinned?: readonly string[];
  /** Tokens the rendered context may take. */
  budgetTokens: number;
  style: QuoteStyle;
}

/** The conversation a prompt carries, bounded, with what made it in. */
export interface BoundedContext {
  text: string;
  /** Recent messages shown, oldest first. */
  window: TranscriptMessage[];
  /** Older messages shown because the window or the subject cites them, oldest first. */
  extras: TranscriptMessage[];
}

interface Selection {
  window: TranscriptMessage[];
  extras: TranscriptMessage[];
}

/** Message ids are `M<n>` with n the message's position in the transcript (1-based). */
function messageNumber(message: TranscriptMessage): number {
  return Number(message.id.slice(1));
}

function render(options: ContextOptions, selection: Selection, blocks: Map<string, string>) {
  const { summary, messages } = options;
  const block = (m: TranscriptMessage) => blocks.get(m.id) ?? '';
  const parts: string[] = [];
  if (summary && summary.text.trim() !== '') {
    const text = options.style.rewrite ? options.style.rewrite(summary.text) : summary.text;
    parts.push(
      `Summary of the conversation before M${summary.through + 1} (quoted data):`,
      quotedSection([quoteBlock('[summary]', text)]),
    );
  }
  if (selection.extras.length > 0) {
    parts.push(
      'Older messages referred to (quoted data):',
      quotedSection(selection.extras.map(block)),
    );
  }
  const first = selection.window[0];
  const start = first ? messages.indexOf(first) : messages.length;
  const shown = new Set(selection.extras);
  const through = summary?.through ?? 0;
  const unseen = messages
    .slice(0, start)
    .filter((m) => !shown.has(m) && !(messageNumber(m) <= through)).length;
  if (unseen > 0) parts.push(`(${unseen} earlier messages are not shown.)`);
  if (selection.window.length > 0) {
    parts.push(
      'Most recent messages, oldest first (quoted data):',
      quotedSection(selection.window.map(block)),
    );
  } else if (messages.length === 0) {
    parts.push('Nobody has spoken yet.');
  }
  return parts.join('\n');
}

/**
 * The conversation for a prompt within a token budget: the rolling summary, the last
 * `recentMessages` messages, and the older messages they (or the subject) cite. When it does
 * not fit, the oldest window messages go first (with the citations only they needed), then the
 * oldest cited messages, pinned ones last. The summary is always kept, so prompt size stays
 * bounded however long the game runs.
 *
 * @example
 * const { text } = boundedContext({
 *   messages: state.messages, summary: state.summary, recentMessages: 12,
 *   budgetTokens: 1500, style: { speaker: (id) => id },
 * });
 */
export function boundedContext(options: ContextOptions): BoundedContext {
  const { messages } = options;
  const index = new Map(messages.map((m, i) => [m.id, i]));
  const pinned = new Set(options.pinned ?? []);
  const blocks = new Map<string, string>();
  const blockOf = (m: TranscriptMessage) => {
    if (!blocks.has(m.id)) blocks.set(m.id, quoteMessage(m, options.style));
  };
  const extrasFor = (window: readonly TranscriptMessage[]): TranscriptMessage[] => {
    const inWindow = new Set(window.map((m) => m.id));
    const wanted = new Set([...pinned, ...window.flatMap((m) => m.cites)]);
    return [...wanted]
      .filter((id) => !inWindow.has(id))
      .map((id) => index.get(id))
      .filter((i): i is number => i !== undefined)
      .sort((a, b) => a - b)
      .map((i) => messages[i] as TranscriptMessage);
  };
  let window = messages.slice(-Math.max(0, options.recentMessages));
  let extras = extrasFor(window);
  const fits = () => {
    window.forEach(blockOf);
    extras.forEach(blockOf);
    return estimateTokens(render(options, { window, extras }, blocks)) <= options.budgetTokens;
  };
  while (!fits() && window.length > 1) {
    window = window.slice(1);
    extras = extrasFor(window);
  }
  const droppable = [(m: TranscriptMessage) => !pinned.has(m.id), () => true];
  for (const canDrop of droppable) {
    while (!fits()) {
      const i = extras.findIndex(canDrop);
      if (i === -1) break;
      extras = extras.filter((_, j) => j !== i);
    }
  }
  if (!fits()) window = [];
  return { text: render(options, { window, extras }, blocks), window, extras };
}

/** A prompt's fixed parts around the conversation, and the budget they share with it. */
export interface PromptLayout {
  /** The system prompt sent with this prompt; it counts against the budget. */
  system: string;
  /** Token budget for system prompt and prompt together. */
  promptTokens: number;
  /** Fixed sections before the conversation. */
  before: readonly string[];
  /** Fixed sections after the conversation (instructions go last). */
  after: readonly string[];
}

/**
 * A user prompt: the fixed sections, never cut, around a {@link boundedContext} that gets what
 * remains of the budget once the system prompt and the fixed sections are counted.
 */
export function promptWithContext(
  layout: PromptLayout,
  context: Omit<ContextOptions, 'budgetTokens'>,
): string {
  const fixed = [...layout.before, ...layout.after];
  const budgetTokens =
    layout.promptTokens -
    estimateTokens(layout.system) -
    estimateTokens(fixed.join('\n\n')) -
    fixed.length -
    1;
  const { text } = boundedContext({ ...context, budgetTokens });
  return [...layout.before, text, ...layout.after].join('\n\n');
}
