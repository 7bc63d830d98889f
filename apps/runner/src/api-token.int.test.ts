import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  TEST_API_TOKEN,
  longGame,
  startRunner,
  stopRunner,
  type RunnerProcess,
} from './runner-process.fixture';
import { eventually } from './runner.fixture';

const spawned: RunnerProcess[] = [];

afterAll(async () => {
  for (const runner of spawned) {
    if (runner.child.exitCode === null && runner.child.signalCode === null) {
      runner.child.kill('SIGKILL');
    }
  }
});

const create = (base: string, token: string) =>
  fetch(`${base}/games?start=false`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(longGame(1, 10)),
  });

describe('runner process without ARENA_API_TOKENS', () => {
  it('generates a token, prints it with the dashboard link (never into the log) and accepts only it', async () => {
    const runner = await startRunner(
      {
        ARENA_DATA_DIR: mkdtempSync(join(tmpdir(), 'arena-runner-token-')),
        ARENA_LOG_LEVEL: 'info',
        ARENA_API_TOKENS: undefined,
      },
      spawned,
    );
    // Logged right after `listening`, which is when startRunner resolves.
    const line = await eventually(
      async () => runner.logs().find((l) => l['msg'] === 'api_token_generated'),
      (found) => found !== undefined,
    );
    const port = new URL(runner.base).port;
    expect(line?.['dashboard']).toBe(`http://127.0.0.1:${port}/`);
    expect(JSON.stringify(runner.logs())).not.toMatch(/token=|"token"/);
    const printed = await eventually(
      async () => /\/#token=([A-Za-z0-9_-]+)/.exec(runner.stderr())?.[1],
      (found) => found !== undefined,
    );
    const token = String(printed);
    expect(token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(runner.stderr()).toContain(`Dashboard: http://127.0.0.1:${port}/#token=${token}`);

    const refused = await create(runner.base, TEST_API_TOKEN);
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toBe('Bearer realm="arena"');
    const created = await create(runner.base, token);
    expect(created.status).toBe(201);
    expect((await fetch(`${runner.base}/openapi.json`)).status).toBe(200);
    expect(await stopRunner(runner)).toBe(0);
  });

  it('uses the configured tokens and generates none', async () => {
    const runner = await startRunner(
      {
        ARENA_DATA_DIR: mkdtempSync(join(tmpdir(), 'arena-runner-token-')),
        ARENA_LOG_LEVEL: 'info',
      },
      spawned,
    );
    expect((await create(runner.base, TEST_API_TOKEN)).status).toBe(201);
    expect(runner.logs().some((l) => l['msg'] === 'api_token_generated')).toBe(false);
    expect(await stopRunner(runner)).toBe(0);
  });
});
