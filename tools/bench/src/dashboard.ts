/**
 * Dashboard size benchmark: builds the dashboard (`nx run dashboard:build`), reads the built
 * `index.html`, finds the scripts the first page loads (`<script src>` tags and
 * `<link rel="modulepreload">` links; inline scripts count with their text), gzips each at
 * level 9 and reports raw and gzipped size per file and in total. Stylesheets the page links are
 * reported beside them, outside the target. Target: scripts ≤ 300 KB gzipped (1 KB = 1024 bytes).
 *
 *   npm run bench:dashboard -- [--skip-build] [--dist apps/dashboard/dist] [--out bench-results/dashboard.json]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';
import { gzipSync } from 'node:zlib';
import { z } from 'zod';
import { checkedFlags } from './checked-flags';

const WORKSPACE = resolve(import.meta.dirname, '../../..');
const TARGET_GZIP_KB = 300;
const KB = 1024;

const flags = checkedFlags(
  {
    'skip-build': { type: 'boolean', default: false },
    dist: { type: 'string', default: 'apps/dashboard/dist' },
    out: { type: 'string', default: 'bench-results/dashboard.json' },
  },
  z.object({
    'skip-build': z.boolean(),
    dist: z.string().min(1),
    out: z.string().min(1),
  }),
);

/** One file the first page loads. */
interface Asset {
  kind: 'script' | 'modulepreload' | 'inline script' | 'stylesheet';
  /** Path as the page names it (`/assets/index-….js`), or `inline #n`. */
  ref: string;
  raw: number;
  gzip: number;
}

const attribute = (tag: string, name: string): string | null =>
  new RegExp(`\\b${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s"'>]+))`, 'i')
    .exec(tag)
    ?.slice(1)
    .find((v) => v !== undefined) ?? null;

/** Read a file the page refers to, inside the dist folder only. */
function readAsset(dist: string, ref: string): Buffer {
  if (/^[a-z]+:\/\//i.test(ref) || ref.startsWith('//')) {
    throw new Error(
      `index.html loads ${ref} from another origin; the bench measures built files only`,
    );
  }
  const path = resolve(dist, `.${ref.startsWith('/') ? '' : '/'}${ref.split(/[?#]/)[0]}`);
  if (relative(dist, path).startsWith(`..${sep}`)) throw new Error(`${ref} lies outside ${dist}`);
  if (!existsSync(path)) throw new Error(`index.html loads ${ref}, which is not in ${dist}`);
  return readFileSync(path);
}

/** The scripts (and stylesheets) `index.html` makes the browser load on the first page. */
function firstPageAssets(html: string, dist: string): Asset[] {
  const assets: Asset[] = [];
  const seen = new Set<string>();
  const measure = (kind: Asset['kind'], ref: string, body: Buffer) => {
    assets.push({ kind, ref, raw: body.length, gzip: gzipSync(body, { level: 9 }).length });
  };
  const add = (kind: Asset['kind'], ref: string) => {
    if (seen.has(ref)) return;
    seen.add(ref);
    measure(kind, ref, readAsset(dist, ref));
  };
  let inline = 0;
  for (const match of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    const [, tag = '', body = ''] = match;
    const src = attribute(tag, 'src');
    if (src) add('script', src);
    else if (body.trim() !== '' && !/type\s*=\s*["']?application\/(ld\+)?json/i.test(tag)) {
      measure('inline script', `inline #${++inline}`, Buffer.from(body));
    }
  }
  for (const match of html.matchAll(/<link\b([^>]*)>/gi)) {
    const tag = match[1] ?? '';
    const rel = (attribute(tag, 'rel') ?? '').toLowerCase().split(/\s+/);
    const href = attribute(tag, 'href');
    if (!href) continue;
    if (rel.includes('modulepreload')) add('modulepreload', href);
    else if (rel.includes('stylesheet')) add('stylesheet', href);
  }
  return assets;
}

function build(): void {
  process.stderr.write('building the dashboard (nx run dashboard:build)…\n');
  const result = spawnSync('npx', ['nx', 'run', 'dashboard:build', '--skip-sync'], {
    cwd: WORKSPACE,
    env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (result.status !== 0) {
    throw new Error(`nx run dashboard:build failed (exit ${result.status ?? result.signal})`);
  }
}

function main(): void {
  const dist = resolve(WORKSPACE, flags.dist);
  if (!flags['skip-build']) build();
  const indexPath = resolve(dist, 'index.html');
  if (!existsSync(indexPath)) {
    throw new Error(
      `${indexPath} does not exist: build the dashboard first (nx run dashboard:build)`,
    );
  }
  const assets = firstPageAssets(readFileSync(indexPath, 'utf8'), dist);
  const scripts = assets.filter((a) => a.kind !== 'stylesheet');
  const styles = assets.filter((a) => a.kind === 'stylesheet');
  if (scripts.length === 0) throw new Error(`${indexPath} loads no script`);
  const total = (list: Asset[], key: 'raw' | 'gzip') => list.reduce((sum, a) => sum + a[key], 0);
  const kb = (bytes: number) => Math.round((bytes / KB) * 10) / 10;
  const scriptsGzip = total(scripts, 'gzip');
  const pass = scriptsGzip <= TARGET_GZIP_KB * KB;

  console.log(`\nDashboard first page: ${relative(WORKSPACE, indexPath)}\n`);
  console.table([
    ...assets.map((a) => ({
      kind: a.kind,
      file: a.ref,
      'raw KB': kb(a.raw),
      'gzip -9 KB': kb(a.gzip),
    })),
    {
      kind: 'scripts',
      file: 'total',
      'raw KB': kb(total(scripts, 'raw')),
      'gzip -9 KB': kb(scriptsGzip),
    },
    ...(styles.length > 0
      ? [
          {
            kind: 'stylesheets',
            file: 'total',
            'raw KB': kb(total(styles, 'raw')),
            'gzip -9 KB': kb(total(styles, 'gzip')),
          },
        ]
      : []),
  ]);
  console.table([
    {
      check: 'first-page scripts, gzipped',
      target: `≤ ${TARGET_GZIP_KB} KB`,
      measured: `${kb(scriptsGzip)} KB (${scripts.length} file(s))`,
      result: pass ? 'ok' : 'MISSED',
    },
  ]);
  const out = resolve(flags.out);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(
    out,
    `${JSON.stringify(
      {
        index: relative(WORKSPACE, indexPath),
        kbIs: 1024,
        assets,
        scripts: { files: scripts.length, rawBytes: total(scripts, 'raw'), gzipBytes: scriptsGzip },
        stylesheets: {
          files: styles.length,
          rawBytes: total(styles, 'raw'),
          gzipBytes: total(styles, 'gzip'),
        },
        targetGzipKb: TARGET_GZIP_KB,
        pass,
      },
      null,
      2,
    )}\n`,
  );
  console.log(`\nwrote ${out}`);
  if (!pass) process.exitCode = 1;
}

try {
  main();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
