import type { GameEvent } from '@arena/models';
import { eventsToJsonLines } from './export';
import { eventsToHtml } from './export-html';
import { eventsToMarkdown } from './export-markdown';

/** The formats a game can be exported in. */
export const EXPORT_FORMATS = ['jsonl', 'md', 'html'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

const RENDERERS: Record<ExportFormat, (events: readonly GameEvent[]) => string> = {
  jsonl: eventsToJsonLines,
  md: eventsToMarkdown,
  html: eventsToHtml,
};

/**
 * A game's log in one export format: `jsonl` (the events as canonical JSON Lines), `md` (a
 * readable Markdown transcript) or `html` (a self-contained replay page).
 *
 * @example
 * const page = exportGame(await store.load('g-1'), 'html');
 */
export function exportGame(events: readonly GameEvent[], format: ExportFormat): string {
  return RENDERERS[format](events);
}
