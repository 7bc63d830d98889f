/**
 * Characters with inline meaning in CommonMark or GitHub Markdown (`$` starts maths there). `<`,
 * `>` and `&` become entities so that no renderer can read model text as HTML.
 */
const INLINE = /[\\`*_[\]|~$<>&]/g;
const ENTITIES: Record<string, string> = { '<': '&lt;', '>': '&gt;', '&': '&amp;' };

/** Line openings that would start a heading, list, quote, rule or setext underline. */
const BLOCK_START = /^(#|[-+=]|\d+(?=[.)]))/;

function escapeLine(line: string): string {
  const inline = line.trim().replace(INLINE, (c) => ENTITIES[c] ?? `\\${c}`);
  return inline.replace(BLOCK_START, (start) => (/^\d/.test(start) ? `${start}\\` : `\\${start}`));
}

/**
 * Text from a game (model output, names, scenario text) as Markdown that renders literally:
 * every character with a Markdown meaning is escaped, paragraphs are kept, and single line
 * breaks become hard breaks. With `italic`, each line is set in italics.
 *
 * @example
 * markdownText('*bold* <b>') // '\\*bold\\* &lt;b&gt;'
 */
export function markdownText(text: string, options: { italic?: boolean } = {}): string {
  return text
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .map((paragraph) =>
      paragraph
        .split('\n')
        .map(escapeLine)
        .filter((line) => line.length > 0)
        .map((line) => (options.italic ? `*${line}*` : line))
        .join('\\\n'),
    )
    .filter((paragraph) => paragraph.length > 0)
    .join('\n\n');
}

/** Text on one line (a table cell, a list item, a heading): line breaks become spaces. */
export function markdownInline(text: string): string {
  return markdownText(text.replace(/\s+/g, ' '));
}

/** Quote `markdown` as a blockquote (every line prefixed, blank lines kept inside the quote). */
export function blockquote(markdown: string): string {
  return markdown
    .split('\n')
    .map((line) => (line ? `> ${line}` : '>'))
    .join('\n');
}

/** A Markdown table; cells must already be escaped with {@link markdownInline}. */
export function markdownTable(header: string[], rows: string[][]): string {
  return [
    `| ${header.join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');
}
