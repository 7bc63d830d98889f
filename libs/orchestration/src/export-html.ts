import { createHash } from 'node:crypto';
import { foldGame, type GameEvent } from '@arena/models';
import { canonicalJson } from './export';
import { REPLAY_PAGE_SCRIPT, REPLAY_PAGE_STYLE } from './replay-page-script';

/** Id of the `<script type="application/json">` element that holds the events in a replay page. */
export const REPLAY_EVENTS_ELEMENT_ID = 'arena-events';

const HTML_ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text escaped for HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ENTITIES[c] ?? c);
}

/**
 * JSON that is safe inside a `<script>` element: `<`, `>`, `&` and the JavaScript line
 * separators are written as `\u` escapes, so no text in the value can close the element
 * (`</script>`) or open a comment; `JSON.parse` gives the value back unchanged.
 */
export function jsonForScript(value: unknown): string {
  return canonicalJson(value).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

function cspHash(source: string): string {
  return `'sha256-${createHash('sha256').update(source, 'utf8').digest('base64')}'`;
}

/**
 * A game's log as one self-contained HTML replay page: the events embedded as JSON, an inline
 * script that draws the transcript (speakers in colour, narrator lines apart, accusations with
 * evidence linked to the cited messages), a replay scrubber with play/pause, and a spoiler
 * toggle for scores over time, judge rationales and the turn policy's reasoning. Nothing is
 * fetched: a Content-Security-Policy allows only the page's own script and style (by hash), and
 * the script inserts game text with `textContent` only. The same log gives the same bytes.
 *
 * @example
 * await writeFile('game.html', eventsToHtml(await store.load('g-1')));
 */
export function eventsToHtml(events: readonly GameEvent[]): string {
  const state = foldGame(events);
  const title = escapeHtml(state.spec.scenario.title);
  const csp = [
    "default-src 'none'",
    `script-src ${cspHash(REPLAY_PAGE_SCRIPT)}`,
    `style-src ${cspHash(REPLAY_PAGE_STYLE)}`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<title>${title} · ${escapeHtml(state.gameId)} · Arena replay</title>
<style>${REPLAY_PAGE_STYLE}</style>
</head>
<body>
<header>
<h1 id="title">${title}</h1>
<p id="status"></p>
<dl id="facts"></dl>
<ul id="seats"></ul>
</header>
<details id="brief"><summary>Problem and sub-problems</summary><p id="problem"></p><ul id="subproblems"></ul></details>
<nav id="controls">
<button id="play" type="button">Play</button>
<input id="step" type="range" min="0" max="0" value="0" aria-label="Replay step">
<span id="step-label"></span>
<label><input id="spoilers" type="checkbox"> Spoilers: scores, judge rationales, turn policy</label>
</nav>
<section id="scores" class="spoiler">
<h2>Points over time</h2>
<svg id="chart" role="img" aria-label="Points per player over time"></svg>
<ul id="legend"></ul>
<p id="calls" class="dim"></p>
</section>
<main id="transcript"></main>
<noscript><p>This replay needs JavaScript; the game's events are in this page's source.</p></noscript>
<script type="application/json" id="${REPLAY_EVENTS_ELEMENT_ID}">${jsonForScript(events)}</script>
<script>${REPLAY_PAGE_SCRIPT}</script>
</body>
</html>
`;
}
