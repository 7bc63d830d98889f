import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z, type ZodType } from 'zod';
import { validate } from '@arena/models';

/**
 * Who may call a route: `public` always (health, readiness, the OpenAPI document); `read` unless
 * `ARENA_API_READ_ACCESS=token`; `write` only with a bearer token, and rate limited.
 */
export type Access = 'public' | 'read' | 'write';

/** One documented answer of a route. */
export interface ResponseSpec {
  description: string;
  /** Shape of a JSON answer, for the OpenAPI document. */
  schema?: ZodType;
  /** @default `application/json` when `schema` is given */
  contentType?: string;
}

/** What a handler gets: the validated parameters, query and body. */
export interface RouteInput<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  request: FastifyRequest;
  reply: FastifyReply;
}

/** A route of the API, with the schemas that validate its input and document it. */
export interface RouteSpec<P = unknown, Q = unknown, B = unknown> {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Fastify path, e.g. `/games/:id`. */
  url: string;
  access: Access;
  /** One line for the OpenAPI document. */
  summary: string;
  /** OpenAPI tag, e.g. `games`. */
  tag: string;
  params?: ZodType<P>;
  query?: ZodType<Q>;
  /** Absent: the route takes no body (an absent or empty `{}` body is accepted). */
  body?: ZodType<B>;
  responses: Record<number, ResponseSpec>;
  handler: (input: RouteInput<P, Q, B>) => Promise<unknown>;
}

/** Route options every registered route carries in `request.routeOptions.config`. */
export interface RouteConfig {
  access: Access;
}

const NoBody = z.strictObject({}).optional();
const NoQuery = z.strictObject({});

/** OpenAPI path template of a Fastify path: `/games/:id` → `/games/{id}`. */
const openApiPath = (url: string): string => url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

const jsonSchema = (schema: ZodType, io: 'input' | 'output'): Record<string, unknown> =>
  z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as Record<
    string,
    unknown
  >;

/**
 * Registers the API's routes on a Fastify app so that each one validates its input with zod
 * (errors name the field path and what is allowed) and appears in the OpenAPI document.
 *
 * @example
 * const api = new ApiRouter(app);
 * api.add({ method: 'GET', url: '/games/:id', access: 'read', tag: 'games', summary: 'A game',
 *   params: GameParams, responses: { 200: { description: 'The game' } },
 *   handler: async ({ params }) => loadGame(store, params.id) });
 */
export class ApiRouter {
  readonly #specs: RouteSpec<never, never, never>[] = [];

  constructor(private readonly app: FastifyInstance) {}

  add<P, Q, B>(spec: RouteSpec<P, Q, B>): void {
    this.#specs.push(spec as unknown as RouteSpec<never, never, never>);
    const where = `${spec.method} ${spec.url}`;
    const config: RouteConfig = { access: spec.access };
    this.app.route({
      method: spec.method,
      url: spec.url,
      config,
      handler: async (request, reply) => {
        const params = spec.params
          ? validate(spec.params, request.params, 'path parameters', where)
          : (undefined as P);
        const query = validate<unknown>(spec.query ?? NoQuery, request.query, 'query', where) as Q;
        const body = validate<unknown>(spec.body ?? NoBody, request.body, 'body', where) as B;
        return spec.handler({ params, query, body, request, reply });
      },
    });
  }

  /** The routes added so far. */
  routes(): readonly RouteSpec<never, never, never>[] {
    return this.#specs;
  }

  /** An OpenAPI 3.1 document of every route added. */
  openApi(info: { title: string; version: string; description?: string }): Record<string, unknown> {
    const paths: Record<string, Record<string, unknown>> = {};
    for (const spec of this.#specs) {
      const parameters: unknown[] = [];
      for (const [where, schema] of [
        ['path', spec.params],
        ['query', spec.query],
      ] as const) {
        if (!schema) continue;
        const shape = jsonSchema(schema, 'input') as {
          properties?: Record<string, unknown>;
          required?: string[];
        };
        for (const [name, property] of Object.entries(shape.properties ?? {})) {
          parameters.push({
            name,
            in: where,
            required: where === 'path' || (shape.required ?? []).includes(name),
            schema: property,
          });
        }
      }
      const responses: Record<string, unknown> = {};
      for (const [status, answer] of Object.entries(spec.responses)) {
        const type = answer.contentType ?? (answer.schema ? 'application/json' : undefined);
        responses[status] = {
          description: answer.description,
          ...(type
            ? {
                content: {
                  [type]: answer.schema ? { schema: jsonSchema(answer.schema, 'output') } : {},
                },
              }
            : {}),
        };
      }
      const operation = {
        summary: spec.summary,
        tags: [spec.tag],
        ...(parameters.length ? { parameters } : {}),
        ...(spec.body
          ? {
              requestBody: {
                required: !spec.body.safeParse(undefined).success,
                content: { 'application/json': { schema: jsonSchema(spec.body, 'input') } },
              },
            }
          : {}),
        ...(spec.access === 'public' ? { security: [] } : {}),
        ...(spec.access === 'read' ? { security: [{}, { bearer: [] }] } : {}),
        responses,
      };
      (paths[openApiPath(spec.url)] ??= {})[spec.method.toLowerCase()] = operation;
    }
    return {
      openapi: '3.1.0',
      info,
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
      paths,
    };
  }
}
