import { readFileSync } from 'node:fs';
import { z } from 'zod';
import {
  parseCharacterText,
  parseScenarioText,
  parseYamlDocument,
  type Result,
} from '@arena/models';
import { loadContentCatalog, type ContentCatalog } from '@arena/orchestration';
import { parseFlags, usageError, validateFlags } from '../args';
import { settingsFrom } from '../context';
import { EXIT, type Output } from '../output';

const LIST_FLAGS = { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } as const;
const ListFlags = z.object({ json: z.boolean().optional(), help: z.boolean().optional() });

type Env = Record<string, string | undefined>;

/** A listing command: `--help`, `--json` (one array of summaries) or aligned text lines. */
function listCommand<T>(spec: {
  help: string;
  items: (catalog: ContentCatalog) => Iterable<T>;
  summary: (item: T) => Record<string, unknown>;
  lines: (item: T, out: Output) => string[];
}) {
  return async (argv: string[], out: Output, env: Env): Promise<number> => {
    const flags = validateFlags(ListFlags, parseFlags(argv, LIST_FLAGS).values);
    if (flags.help) {
      out.line(spec.help);
      return EXIT.ok;
    }
    const items = [...spec.items(loadContentCatalog(settingsFrom(env).ARENA_CONTENT_DIR))];
    if (flags.json) out.json(items.map(spec.summary));
    else for (const item of items) for (const line of spec.lines(item, out)) out.line(line);
    return EXIT.ok;
  };
}

export const scenarios = listCommand({
  help: 'arena scenarios [--json]\n  List the shipped scenarios.',
  items: (catalog) => catalog.scenarios.values(),
  summary: (s) => ({
    id: s.id,
    title: s.title,
    type: s.type,
    description: s.description,
    subProblems: s.subProblems.map((sp) => sp.id),
  }),
  lines: (s, out) => [
    `${out.paint('bold', s.id.padEnd(24))} ${s.type.padEnd(10)} ${s.title}`,
    out.paint('dim', `${' '.repeat(36)}${s.description}`),
  ],
});

export const characters = listCommand({
  help: 'arena characters [--json]\n  List the shipped characters.',
  items: (catalog) => catalog.characters.values(),
  summary: (c) => ({
    id: c.id,
    name: c.name,
    archetype: c.archetype,
    domain: c.expertise.domain,
    description: c.description,
    source: c.source,
  }),
  lines: (c, out) => [
    `${out.paint('bold', c.id.padEnd(22))} ${c.name.padEnd(22)} ${c.archetype}` +
      (c.source === 'homunculus' ? out.paint('dim', ' (Homunculus)') : ''),
    out.paint('dim', `${' '.repeat(23)}${c.description}`),
  ],
});

/** A scenario has sub-problems; anything else is read as a character profile. */
function looksLikeScenario(doc: unknown): boolean {
  return typeof doc === 'object' && doc !== null && ('subProblems' in doc || 'problem' in doc);
}

export async function validateFile(argv: string[], out: Output): Promise<number> {
  const { values, positionals } = parseFlags(argv, LIST_FLAGS, true);
  const flags = validateFlags(ListFlags, values);
  if (flags.help) {
    out.line(
      'arena validate <file> [--json]\n  Check a character (Arena or Homunculus format) or scenario file.',
    );
    return EXIT.ok;
  }
  const [file, ...extra] = positionals;
  if (!file || extra.length > 0)
    throw usageError('validate takes exactly one argument: a character or scenario file');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (cause) {
    throw usageError(`Cannot read ${file}: ${(cause as Error).message}`, { path: file });
  }
  const doc = parseYamlDocument(text, file);
  if (!doc.ok) throw doc.error;
  const kind = looksLikeScenario(doc.value) ? 'scenario' : 'character';
  const result: Result<{ id: string }> =
    kind === 'scenario' ? parseScenarioText(text, file) : parseCharacterText(text, file);
  if (!result.ok) throw result.error;
  if (flags.json) out.json({ file, kind, id: result.value.id, valid: true });
  else out.line(`${out.paint('green', '✓')} ${file}: valid ${kind} "${result.value.id}"`);
  return EXIT.ok;
}
