import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import type { FastifyInstance } from 'fastify';

export interface DashboardOptions {
  /** Folder of the built dashboard (`index.html` and `assets/`). */
  dir: string;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

const NOT_BUILT = `<!doctype html><meta charset="utf-8"><title>Arena</title>
<h1>Arena runner</h1>
<p>The dashboard has not been built. Run <code>npx nx run dashboard:build</code> (or start the
runner with <code>npx nx run runner:serve</code>, which builds it first), or point
<code>ARENA_DASHBOARD_DIR</code> at a built dashboard.</p>
<p>The API is served here all the same: see <a href="/openapi.json">/openapi.json</a>.</p>`;

/** A file inside `dir`, or null for a path that would leave it or does not exist. */
async function fileIn(dir: string, path: string): Promise<string | null> {
  const file = normalize(join(dir, path));
  if (file !== dir && !file.startsWith(dir.endsWith(sep) ? dir : dir + sep)) return null;
  try {
    return (await stat(file)).isFile() ? file : null;
  } catch {
    return null;
  }
}

/**
 * Serve the built dashboard: `GET /` is its page, `GET /assets/*` its hashed files (cached for a
 * year, since their names change with their content). The page routes with the URL's hash, so
 * no dashboard path collides with an API path. Without a build, `/` says how to make one.
 */
export function registerDashboard(app: FastifyInstance, options: DashboardOptions): void {
  const dir = normalize(options.dir);

  const page = async (): Promise<{ body: Buffer | string; built: boolean }> => {
    const index = await fileIn(dir, 'index.html');
    return index ? { body: await readFile(index), built: true } : { body: NOT_BUILT, built: false };
  };

  app.get('/', async (_request, reply) => {
    const { body } = await page();
    return reply
      .header('content-type', TYPES['.html'])
      .header('cache-control', 'no-cache')
      .send(body);
  });

  const asset = (prefix: string, immutable: boolean) =>
    app.get(`${prefix}*`, async (request, reply) => {
      const rest = (request.params as { '*': string })['*'];
      const file = await fileIn(dir, `${prefix.slice(1)}${decodeURIComponent(rest)}`);
      if (!file) return reply.callNotFound();
      return reply
        .header('content-type', TYPES[extname(file)] ?? 'application/octet-stream')
        .header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache')
        .header('x-content-type-options', 'nosniff')
        .send(await readFile(file));
    });
  asset('/assets/', true);
  asset('/static/', false);
}
