import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import {
  CharacterProfileSchema,
  HomunculusCharacterSchema,
  formatYamlDocument,
  homunculusToProfile,
  isHomunculusDocument,
  parseCharacterText,
  parseScenarioText,
  parseYamlDocument,
  validate,
  type CharacterProfile,
  type Result,
  type Scenario,
} from '@arena/models';
import { loadContentCatalog } from '@arena/orchestration';
import { parseFlags, usageError, validateFlags } from '../args';
import { settingsFrom } from '../context';
import { EXIT, type Output } from '../output';

type Env = Record<string, string | undefined>;

export const CHARACTERS_HELP = `arena characters [list] [--json]
arena characters show <id> [--json]
arena characters validate <file> [--json]
arena characters import <homunculus.yaml> [--out <dir>] [--force] [--json]
  The characters in the content folder (ARENA_CONTENT_DIR, default content/).
  list      every character: id, name, archetype, description
  show      one character's whole profile: personality, expertise, communication, goals, backstory
  validate  check a character file (Arena or Homunculus format); errors name each field path
  import    convert a Homunculus character YAML into an Arena profile and write it as
            <id>.yaml into --out (default: <ARENA_CONTENT_DIR>/characters, where games find it);
            an existing file is kept unless --force`;

export const SCENARIOS_HELP = `arena scenarios [list] [--json]
arena scenarios show <id> [--json]
arena scenarios validate <file> [--json]
  The scenarios in the content folder (ARENA_CONTENT_DIR, default content/).
  list      every scenario: id, type, title, description
  show      one scenario: its problem, sub-problems, success criteria and rule overrides
  validate  check a scenario file; errors name each field path`;

const FLAGS = {
  json: { type: 'boolean' },
  out: { type: 'string' },
  force: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;
const Flags = z.object({
  json: z.boolean().optional(),
  out: z.string().min(1, 'needs a folder').optional(),
  force: z.boolean().optional(),
  help: z.boolean().optional(),
});
type ContentFlags = z.output<typeof Flags>;

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (cause) {
    throw usageError(`Cannot read ${file}: ${(cause as Error).message}`, { path: file });
  }
}

function must<T>(result: Result<T>): T {
  if (!result.ok) throw result.error;
  return result.value;
}

/** The one argument a subcommand takes. */
function oneArgument(command: string, args: readonly string[], what: string): string {
  const [value, ...extra] = args;
  if (!value || extra.length > 0)
    throw usageError(`${command} takes exactly one argument: ${what}`);
  return value;
}

/** Flags only some subcommands take. */
function onlyFor(flags: ContentFlags, subcommand: string): void {
  for (const flag of ['out', 'force'] as const) {
    if (flags[flag] !== undefined && subcommand !== 'import') {
      throw usageError(`--${flag} is only for characters import`);
    }
  }
}

function unknownId(kind: 'character' | 'scenario', id: string, known: Iterable<string>) {
  const ids = [...known].sort();
  return usageError(`No ${kind} "${id}"; known: ${ids.join(', ')}`, {
    path: kind,
    value: id,
    allowed: ids,
  });
}

function subcommandOf(name: string, positionals: string[], allowed: readonly string[]) {
  const [subcommand = 'list', ...args] = positionals;
  if (!allowed.includes(subcommand)) {
    throw usageError(
      `${name} takes a subcommand, one of: ${allowed.join(', ')} (got ${subcommand})`,
    );
  }
  return { subcommand, args };
}

// ---- characters -------------------------------------------------------------------------

const characterSummary = (c: CharacterProfile) => ({
  id: c.id,
  name: c.name,
  archetype: c.archetype,
  domain: c.expertise.domain,
  description: c.description,
  source: c.source,
});

const named = (items: ReadonlyArray<string | { name: string }>) =>
  items.map((i) => (typeof i === 'string' ? i : i.name)).join(', ');

/** What `arena characters show` prints. */
export function renderCharacter(c: CharacterProfile, out: Output): string[] {
  const b = c.personality.bigFive;
  const list = (label: string, items: readonly string[]) =>
    items.length > 0 ? [`  ${label.padEnd(14)} ${items.join('; ')}`] : [];
  return [
    out.paint('bold', `${c.name} (${c.id})`) +
      out.paint('dim', ` — ${c.archetype}${c.source === 'homunculus' ? ', from Homunculus' : ''}`),
    `  ${c.description}`,
    '',
    `  ${'expertise'.padEnd(14)} ${c.expertise.domain} (level ${c.expertise.level})${c.expertise.subdomains.length > 0 ? `: ${c.expertise.subdomains.join(', ')}` : ''}`,
    `  ${'big five'.padEnd(14)} ${Object.entries(b)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
    `  ${'traits'.padEnd(14)} ${named(c.personality.traits)}`,
    `  ${'values'.padEnd(14)} ${named(c.personality.values)}`,
    ...list('quirks', c.personality.quirks),
    ...list('strengths', c.personality.strengths),
    ...list('weaknesses', c.personality.weaknesses),
    `  ${'communication'.padEnd(14)} ${c.communication.style}, ${c.communication.formality}, humour: ${c.communication.humor}`,
    ...list('catchphrases', c.communication.catchphrases),
    ...list('goals', c.goals),
    '',
    `  ${c.backstory.trim()}`,
  ];
}

function importCharacter(file: string, flags: ContentFlags, env: Env, out: Output): number {
  const text = readText(file);
  const doc = must(parseYamlDocument(text, file));
  if (!isHomunculusDocument(doc)) {
    throw usageError(
      `${file} is not a Homunculus character (it has no personality.big_five); an Arena profile needs no import: check it with arena characters validate`,
      { path: file },
    );
  }
  const homunculus = validate(HomunculusCharacterSchema, doc, 'Homunculus character', file);
  const profile = validate(
    CharacterProfileSchema,
    homunculusToProfile(homunculus),
    'character',
    file,
  );
  const folder = resolve(flags.out ?? join(settingsFrom(env).ARENA_CONTENT_DIR, 'characters'));
  const target = join(folder, `${profile.id}.yaml`);
  if (existsSync(target) && !flags.force) {
    throw usageError(`${target} exists; give --force to replace it`, { path: target });
  }
  mkdirSync(folder, { recursive: true });
  writeFileSync(target, formatYamlDocument(profile), 'utf8');
  if (flags.json) out.json({ id: profile.id, name: profile.name, path: target, source: file });
  else {
    out.line(
      `${out.paint('green', '✓')} Imported ${profile.name} as "${profile.id}" into ${target}`,
    );
    out.line(out.paint('dim', `Seat it with: arena play --players ${profile.id},<other ids>`));
  }
  return EXIT.ok;
}

/** `arena characters [list|show|validate|import]`. */
export async function characters(argv: string[], out: Output, env: Env): Promise<number> {
  const { values, positionals } = parseFlags(argv, FLAGS, true);
  const flags = validateFlags(Flags, values);
  if (flags.help) {
    out.line(CHARACTERS_HELP);
    return EXIT.ok;
  }
  const { subcommand, args } = subcommandOf('characters', positionals, [
    'list',
    'show',
    'validate',
    'import',
  ]);
  onlyFor(flags, subcommand);
  switch (subcommand) {
    case 'validate':
      return validateKind(
        'character',
        oneArgument('characters validate', args, 'a character file'),
        flags,
        out,
      );
    case 'import':
      return importCharacter(
        oneArgument('characters import', args, 'a Homunculus character YAML file'),
        flags,
        env,
        out,
      );
    default:
      break;
  }
  const catalog = loadContentCatalog(settingsFrom(env).ARENA_CONTENT_DIR);
  if (subcommand === 'show') {
    const id = oneArgument('characters show', args, 'a character id (arena characters lists them)');
    const found = catalog.characters.get(id);
    if (!found) throw unknownId('character', id, catalog.characters.keys());
    if (flags.json) out.json(found);
    else for (const line of renderCharacter(found, out)) out.line(line);
    return EXIT.ok;
  }
  if (args.length > 0)
    throw usageError(`characters list takes no arguments (got ${args.join(' ')})`);
  const all = [...catalog.characters.values()];
  if (flags.json) out.json(all.map(characterSummary));
  else {
    for (const c of all) {
      out.line(
        `${out.paint('bold', c.id.padEnd(22))} ${c.name.padEnd(22)} ${c.archetype}` +
          (c.source === 'homunculus' ? out.paint('dim', ' (Homunculus)') : ''),
      );
      out.line(out.paint('dim', `${' '.repeat(23)}${c.description}`));
    }
  }
  return EXIT.ok;
}

// ---- scenarios --------------------------------------------------------------------------

const scenarioSummary = (s: Scenario) => ({
  id: s.id,
  title: s.title,
  type: s.type,
  description: s.description,
  subProblems: s.subProblems.map((sp) => sp.id),
});

/** What `arena scenarios show` prints. */
export function renderScenario(s: Scenario, out: Output): string[] {
  const required =
    s.successCriteria.required === 'all'
      ? 'all sub-problems'
      : s.successCriteria.required.join(', ');
  return [
    out.paint('bold', `${s.title} (${s.id})`) + out.paint('dim', ` — ${s.type}`),
    `  ${s.description}`,
    '',
    out.paint('bold', 'Problem'),
    `  ${s.problem.trim()}`,
    '',
    out.paint('bold', 'Sub-problems'),
    ...s.subProblems.flatMap((sp) => [
      `  ${sp.id.padEnd(20)} ${sp.title}`,
      out.paint('dim', `  ${' '.repeat(20)} ${sp.description}`),
    ]),
    '',
    `${out.paint('bold', 'Solved when')} ${s.successCriteria.description} (required: ${required})`,
    ...(s.rules
      ? [
          '',
          out.paint('bold', 'Rule overrides'),
          ...formatYamlDocument(s.rules)
            .trimEnd()
            .split('\n')
            .map((l) => `  ${l}`),
        ]
      : []),
  ];
}

/** `arena scenarios [list|show|validate]`. */
export async function scenarios(argv: string[], out: Output, env: Env): Promise<number> {
  const { values, positionals } = parseFlags(argv, FLAGS, true);
  const flags = validateFlags(Flags, values);
  if (flags.help) {
    out.line(SCENARIOS_HELP);
    return EXIT.ok;
  }
  const { subcommand, args } = subcommandOf('scenarios', positionals, ['list', 'show', 'validate']);
  onlyFor(flags, 'scenarios');
  if (subcommand === 'validate') {
    return validateKind(
      'scenario',
      oneArgument('scenarios validate', args, 'a scenario file'),
      flags,
      out,
    );
  }
  const catalog = loadContentCatalog(settingsFrom(env).ARENA_CONTENT_DIR);
  if (subcommand === 'show') {
    const id = oneArgument('scenarios show', args, 'a scenario id (arena scenarios lists them)');
    const found = catalog.scenarios.get(id);
    if (!found) throw unknownId('scenario', id, catalog.scenarios.keys());
    if (flags.json) out.json(found);
    else for (const line of renderScenario(found, out)) out.line(line);
    return EXIT.ok;
  }
  if (args.length > 0)
    throw usageError(`scenarios list takes no arguments (got ${args.join(' ')})`);
  const all = [...catalog.scenarios.values()];
  if (flags.json) out.json(all.map(scenarioSummary));
  else {
    for (const s of all) {
      out.line(`${out.paint('bold', s.id.padEnd(24))} ${s.type.padEnd(10)} ${s.title}`);
      out.line(out.paint('dim', `${' '.repeat(36)}${s.description}`));
    }
  }
  return EXIT.ok;
}

// ---- validate ---------------------------------------------------------------------------

/** A scenario has sub-problems; anything else is read as a character profile. */
function looksLikeScenario(doc: unknown): boolean {
  return typeof doc === 'object' && doc !== null && ('subProblems' in doc || 'problem' in doc);
}

function validateKind(
  kind: 'character' | 'scenario',
  file: string,
  flags: ContentFlags,
  out: Output,
): number {
  const text = readText(file);
  const result: Result<{ id: string }> =
    kind === 'scenario' ? parseScenarioText(text, file) : parseCharacterText(text, file);
  const { id } = must(result);
  if (flags.json) out.json({ file, kind, id, valid: true });
  else out.line(`${out.paint('green', '✓')} ${file}: valid ${kind} "${id}"`);
  return EXIT.ok;
}

const VALIDATE_FLAGS = {
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;
const ValidateFlags = z.object({ json: z.boolean().optional(), help: z.boolean().optional() });

/** `arena validate <file>`: a character or a scenario, told apart by its fields. */
export async function validateFile(argv: string[], out: Output): Promise<number> {
  const { values, positionals } = parseFlags(argv, VALIDATE_FLAGS, true);
  const flags = validateFlags(ValidateFlags, values);
  if (flags.help) {
    out.line(
      'arena validate <file> [--json]\n  Check a character (Arena or Homunculus format) or scenario file.',
    );
    return EXIT.ok;
  }
  const file = oneArgument('validate', positionals, 'a character or scenario file');
  const doc = must(parseYamlDocument(readText(file), file));
  return validateKind(looksLikeScenario(doc) ? 'scenario' : 'character', file, flags, out);
}
