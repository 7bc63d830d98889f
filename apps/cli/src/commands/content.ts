import { readFileSync } from 'node:fs';
import { z } from 'zod';
import {
  parseCharacterText,
  parseScenarioText,
  parseYamlDocument,
  type Result,
} from '@arena/models';
import { loadContentCatalog } from '@arena/orchestration';
import { parseFlags, usageError, validateFlags } from '../args';
import { settingsFrom } from '../context';
import { EXIT, type Output } from '../output';

const LIST_FLAGS = { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } as const;
const ListFlags = z.object({ json: z.boolean().optional(), help: z.boolean().optional() });

function catalogFor(env: Record<string, string | undefined>) {
  return loadContentCatalog(settingsFrom(env).ARENA_CONTENT_DIR);
}

export async function scenarios(
  argv: string[],
  out: Output,
  env: Record<string, string | undefined>,
): Promise<number> {
  const flags = validateFlags(ListFlags, parseFlags(argv, LIST_FLAGS).values);
  if (flags.help) {
    out.line('arena scenarios [--json]\n  List the shipped scenarios.');
    return EXIT.ok;
  }
  const list = [...catalogFor(env).scenarios.values()];
  if (flags.json) {
    out.json(
      list.map((s) => ({
        id: s.id,
        title: s.title,
        type: s.type,
        description: s.description,
        subProblems: s.subProblems.map((sp) => sp.id),
      })),
    );
    return EXIT.ok;
  }
  for (const s of list) {
    out.line(`${out.paint('bold', s.id.padEnd(24))} ${s.type.padEnd(10)} ${s.title}`);
    out.line(out.paint('dim', `${' '.repeat(36)}${s.description}`));
  }
  return EXIT.ok;
}

export async function characters(
  argv: string[],
  out: Output,
  env: Record<string, string | undefined>,
): Promise<number> {
  const flags = validateFlags(ListFlags, parseFlags(argv, LIST_FLAGS).values);
  if (flags.help) {
    out.line('arena characters [--json]\n  List the shipped characters.');
    return EXIT.ok;
  }
  const list = [...catalogFor(env).characters.values()];
  if (flags.json) {
    out.json(
      list.map((c) => ({
        id: c.id,
        name: c.name,
        archetype: c.archetype,
        domain: c.expertise.domain,
        description: c.description,
        source: c.source,
      })),
    );
    return EXIT.ok;
  }
  for (const c of list) {
    const source = c.source === 'homunculus' ? out.paint('dim', ' (Homunculus)') : '';
    out.line(`${out.paint('bold', c.id.padEnd(22))} ${c.name.padEnd(22)} ${c.archetype}${source}`);
    out.line(out.paint('dim', `${' '.repeat(23)}${c.description}`));
  }
  return EXIT.ok;
}

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
