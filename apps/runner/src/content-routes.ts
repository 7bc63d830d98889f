import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import {
  CharacterProfileSchema,
  ScenarioSchema,
  invalidInput,
  isHomunculusDocument,
  parseCharacterText,
  parseScenarioText,
  parseYamlDocument,
  type ArenaError,
  type CharacterProfile,
  type Issue,
  type Result,
  type Scenario,
} from '@arena/models';
import {
  effectiveRules,
  saveContentFile,
  withContent,
  type ContentCatalog,
  type ContentKind,
} from '@arena/orchestration';
import type { ApiRouter } from './api-route';

/** Error codes of the content routes, beside those of `RUNNER_ERROR_CODES`. */
export const CONTENT_ERROR_CODES = {
  /** No character with that id in the catalog. */
  CHARACTER_NOT_FOUND: 'RUNNER_CHARACTER_NOT_FOUND',
  /** No scenario with that id in the catalog. */
  SCENARIO_NOT_FOUND: 'RUNNER_SCENARIO_NOT_FOUND',
  /** An upload for an id the catalog has, without `?replace=true`. */
  CONTENT_EXISTS: 'RUNNER_CONTENT_EXISTS',
  /** The content folder cannot be written; the runner log has the details. */
  CONTENT_UNWRITABLE: 'RUNNER_CONTENT_UNWRITABLE',
} as const;

/** What the content routes read and change. */
export interface ContentRouteDeps {
  /**
   * Holds the catalog games are created from (an `ArenaServices` fits). An upload replaces
   * `services.catalog` with a new catalog that has the document, so new games see it at once.
   */
  services: { catalog: ContentCatalog };
  /**
   * The content folder (`ARENA_CONTENT_DIR`); uploads go to its `characters` and `scenarios`.
   * When absent, uploads are refused (503); listing and validating still work.
   */
  contentDir?: string | undefined;
}

const SLUG = /^[a-z0-9][a-z0-9-]*$/;

const IdParams = z.object({
  id: z
    .string()
    .max(64, 'must be at most 64 characters')
    .regex(SLUG, 'must be an id of lowercase letters, digits and dashes, e.g. "ada-quill"'),
});

const UploadQuery = z.strictObject({
  replace: z
    .enum(['true', 'false'], { message: 'must be true or false' })
    .default('false')
    .transform((v) => v === 'true'),
});

const CONTENT_TEXT = z
  .string({ message: 'must be the document as text (YAML or JSON)' })
  .min(1, 'must be the document as text (YAML or JSON)');

const CharacterBody = z.strictObject({
  content: CONTENT_TEXT,
  /** @default detected: JSON when the text starts with `{`, else YAML (Arena's or Homunculus's). */
  format: z.enum(['yaml', 'json', 'homunculus']).optional(),
});

const ScenarioBody = z.strictObject({
  content: CONTENT_TEXT,
  format: z.enum(['yaml', 'json']).optional(),
});

type Format = 'yaml' | 'json' | 'homunculus';
type Body = { content: string; format?: Format };

const ErrorSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  }),
});

const CharacterSummary = z.object({
  id: z.string(),
  name: z.string(),
  archetype: z.string(),
  domain: z.string(),
  description: z.string(),
  source: z.enum(['arena', 'homunculus']),
});

const ScenarioSummary = z.object({
  id: z.string(),
  title: z.string(),
  type: z.string(),
  description: z.string(),
  subProblems: z.array(z.string()),
});

const links = z.object({ self: z.string() });

/** A document read from an upload, with how to store it. */
interface ReadDocument<T> {
  value: T;
  extension: 'yaml' | 'json';
}

/** How one kind of content is read, checked, summarised and stored. */
interface Kind<T extends { id: string }> {
  kind: ContentKind;
  /** `character` or `scenario`: the field of answers and the word of messages. */
  noun: 'character' | 'scenario';
  notFound: string;
  body: z.ZodType<Body>;
  schema: z.ZodType;
  summary: z.ZodType;
  parse: (text: string, source: string) => Result<T>;
  /** Checks beyond the document's own schema, as games would make them. */
  check: (value: T) => Issue[];
  summarise: (value: T) => z.output<typeof CharacterSummary> | z.output<typeof ScenarioSummary>;
  entries: (catalog: ContentCatalog) => ReadonlyMap<string, T>;
  add: (catalog: ContentCatalog, value: T) => ContentCatalog;
}

const characters: Kind<CharacterProfile> = {
  kind: 'characters',
  noun: 'character',
  notFound: CONTENT_ERROR_CODES.CHARACTER_NOT_FOUND,
  body: CharacterBody,
  schema: CharacterProfileSchema,
  summary: CharacterSummary,
  parse: parseCharacterText,
  check: () => [],
  summarise: (c) => ({
    id: c.id,
    name: c.name,
    archetype: c.archetype,
    domain: c.expertise.domain,
    description: c.description,
    source: c.source,
  }),
  entries: (catalog) => catalog.characters,
  add: (catalog, c) => withContent(catalog, { characters: [c] }),
};

const scenarios: Kind<Scenario> = {
  kind: 'scenarios',
  noun: 'scenario',
  notFound: CONTENT_ERROR_CODES.SCENARIO_NOT_FOUND,
  body: ScenarioBody,
  schema: ScenarioSchema,
  summary: ScenarioSummary,
  parse: parseScenarioText,
  // Games play by the defaults with the scenario's overrides: the merged rules must be valid.
  check: (s) => {
    try {
      effectiveRules(s);
      return [];
    } catch (error) {
      return issuesOf(error as ArenaError, 'content.rules');
    }
  },
  summarise: (s) => ({
    id: s.id,
    title: s.title,
    type: s.type,
    description: s.description,
    subProblems: s.subProblems.map((sp) => sp.id),
  }),
  entries: (catalog) => catalog.scenarios,
  add: (catalog, s) => withContent(catalog, { scenarios: [s] }),
};

/** The issues of a parse or validation error, their paths under `prefix` (`content`). */
function issuesOf(error: ArenaError, prefix: string): Issue[] {
  const issues = error.details['issues'];
  if (Array.isArray(issues) && issues.length > 0) {
    return (issues as Issue[]).map((i) => ({
      path: i.path ? `${prefix}.${i.path}` : prefix,
      message: i.message,
    }));
  }
  const { line, column } = error.details as { line?: number; column?: number };
  const message = line
    ? `${error.message.replace(/^Malformed YAML at \S+: /, `not valid YAML at line ${line}, column ${column ?? 1}: `)}`
    : error.message;
  return [{ path: prefix, message }];
}

function detectFormat(text: string): 'yaml' | 'json' {
  return text.trimStart().startsWith('{') ? 'json' : 'yaml';
}

/**
 * Read an uploaded document in its format: JSON must be strict JSON, `homunculus` must be a
 * Homunculus character; the parsers and schemas are those the catalog loads files with.
 *
 * @throws ArenaError `ARENA_INVALID_INPUT` whose issues are under `content` (or `format`)
 */
function readUpload<T extends { id: string }>(kind: Kind<T>, body: Body): ReadDocument<T> {
  const what = `${kind.noun} document`;
  const format = body.format ?? detectFormat(body.content);
  if (format === 'json') {
    try {
      JSON.parse(body.content);
    } catch (error) {
      const message = `not valid JSON: ${(error as Error).message}`;
      throw invalidInput(what, [{ path: 'content', message }], 'request body');
    }
  }
  if (format === 'homunculus') {
    const doc = parseYamlDocument(body.content, 'content');
    if (!doc.ok) throw invalidInput(what, issuesOf(doc.error, 'content'), 'request body');
    if (!isHomunculusDocument(doc.value)) {
      throw invalidInput(
        what,
        [
          {
            path: 'content.personality.big_five',
            message:
              'a Homunculus character has personality.big_five; for Arena’s own format use format yaml or json',
          },
        ],
        'request body',
      );
    }
  }
  const parsed = kind.parse(body.content, 'content');
  if (!parsed.ok) throw invalidInput(what, issuesOf(parsed.error, 'content'), 'request body');
  const problems = kind.check(parsed.value);
  if (problems.length > 0) throw invalidInput(what, problems, 'request body');
  return { value: parsed.value, extension: format === 'json' ? 'json' : 'yaml' };
}

function sendError(reply: FastifyReply, status: number, code: string, message: string) {
  return reply.code(status).send({ error: { code, message } });
}

/** The four routes of one kind of content. */
function registerKind<T extends { id: string }>(
  api: ApiRouter,
  deps: ContentRouteDeps,
  kind: Kind<T>,
  uploads: { queue: Promise<unknown> },
): void {
  const base = `/${kind.kind}`;
  const { noun } = kind;
  const tag = 'content';
  const sorted = () => [...kind.entries(deps.services.catalog).values()].sort(byId);

  api.add({
    method: 'GET',
    url: base,
    access: 'read',
    tag,
    summary: `List the ${kind.kind}, by id`,
    responses: {
      200: {
        description: `Every ${noun} of the catalog`,
        schema: z.object({ [kind.kind]: z.array(kind.summary) }),
      },
    },
    handler: async () => ({ [kind.kind]: sorted().map(kind.summarise) }),
  });

  api.add({
    method: 'GET',
    url: `${base}/:id`,
    access: 'read',
    tag,
    summary: `One ${noun}, in full`,
    params: IdParams,
    responses: {
      200: { description: `The ${noun}`, schema: z.object({ [noun]: kind.schema }) },
      404: { description: `No ${noun} with that id`, schema: ErrorSchema },
    },
    handler: async ({ params, reply }) => {
      const found = kind.entries(deps.services.catalog).get(params.id);
      if (!found) {
        const known = sorted().map((v) => v.id);
        return sendError(
          reply,
          404,
          kind.notFound,
          `No ${noun} "${params.id}"; ${kind.kind}: ${known.join(', ') || 'none'}`,
        );
      }
      return { [noun]: found };
    },
  });

  api.add({
    method: 'POST',
    url: `${base}/validate`,
    access: 'write',
    tag,
    summary: `Check a ${noun} document without saving it`,
    body: kind.body,
    responses: {
      200: {
        description: `The document is valid; the ${noun} as games would use it`,
        schema: z.object({ valid: z.literal(true), [noun]: kind.schema }),
      },
      400: { description: 'Invalid document: issues name the field paths', schema: ErrorSchema },
    },
    handler: async ({ body }) => ({ valid: true, [noun]: readUpload(kind, body).value }),
  });

  api.add({
    method: 'POST',
    url: base,
    access: 'write',
    tag,
    summary: `Save a ${noun} into the content folder; new games can use it at once`,
    query: UploadQuery,
    body: kind.body,
    responses: {
      201: {
        description: `Saved as ${kind.kind}/<id>.yaml or .json`,
        schema: z.object({ [noun]: kind.schema, replaced: z.boolean(), links }),
      },
      400: { description: 'Invalid document: issues name the field paths', schema: ErrorSchema },
      409: {
        description: 'The id exists (shipped or uploaded); send ?replace=true to replace it',
        schema: ErrorSchema,
      },
      503: { description: 'The content folder cannot be written', schema: ErrorSchema },
    },
    handler: async ({ body, query, request, reply }) => {
      const { value, extension } = readUpload(kind, body);
      // One upload at a time, so that the existence check and the write cannot interleave.
      const saving = uploads.queue.then(async () => {
        const exists = kind.entries(deps.services.catalog).has(value.id);
        if (exists && !query.replace) {
          return sendError(
            reply,
            409,
            CONTENT_ERROR_CODES.CONTENT_EXISTS,
            `A ${noun} with id "${value.id}" exists; send ?replace=true to replace it`,
          );
        }
        if (deps.contentDir === undefined) {
          return sendError(
            reply,
            503,
            CONTENT_ERROR_CODES.CONTENT_UNWRITABLE,
            'Uploads are off: this runner was started without a content folder',
          );
        }
        try {
          saveContentFile({
            dir: deps.contentDir,
            kind: kind.kind,
            id: value.id,
            text: body.content,
            extension,
            parse: kind.parse,
          });
        } catch (error) {
          request.log.error({ err: error, kind: kind.kind, id: value.id }, 'content_write_failed');
          return sendError(
            reply,
            503,
            CONTENT_ERROR_CODES.CONTENT_UNWRITABLE,
            'The content folder cannot be written; the runner log has the details',
          );
        }
        deps.services.catalog = kind.add(deps.services.catalog, value);
        request.log.info({ kind: kind.kind, id: value.id, replaced: exists }, 'content_saved');
        const self = `${base}/${value.id}`;
        return reply
          .code(201)
          .header('location', self)
          .send({ [noun]: value, replaced: exists, links: { self } });
      });
      uploads.queue = saving.catch(() => undefined);
      return saving;
    },
  });
}

const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * The content API: list and show characters and scenarios, validate a document, and upload
 * one (Arena YAML or JSON; characters also in Homunculus YAML). Uploads are checked with the
 * parsers and schemas the catalog loads files with (scenarios also against the default rules),
 * written atomically into the content folder, and put into `services.catalog` so that new games
 * can use them at once. Every POST needs write access, `validate` included.
 *
 * @example
 * registerContentRoutes(api, { services, contentDir: settings.ARENA_CONTENT_DIR });
 */
export function registerContentRoutes(api: ApiRouter, deps: ContentRouteDeps): void {
  const uploads = { queue: Promise.resolve() as Promise<unknown> };
  registerKind(api, deps, characters, uploads);
  registerKind(api, deps, scenarios, uploads);
}
