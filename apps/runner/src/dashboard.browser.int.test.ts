import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  TEST_API_TOKEN,
  WORKSPACE_ROOT,
  longGame,
  postGame,
  startRunner,
  stopRunner,
  type RunnerProcess,
} from './runner-process.fixture';

/**
 * The dashboard in a real browser (Debian's chromium driven by playwright-core) against a real
 * runner process: a game created and started from the page streams in live, the spoilers show
 * the chart, a fork of it from the page plays on from the chosen turn, the replay scrubber
 * rewinds the transcript, the stream reconnects (Last-Event-ID, backoff) when the runner
 * restarts, and a change without a token is refused with a clear message.
 */

const CHROMIUM = '/usr/bin/chromium';
const DASHBOARD_DIST = join(WORKSPACE_ROOT, 'apps/dashboard/dist');
const SCREENSHOTS = resolve(import.meta.dirname, '../test-results/screenshots');
/** Generous: a loaded two-core machine plays, renders and reconnects slowly. */
const WAIT = { timeout: 90_000 };

function buildDashboardOnce(): void {
  if (existsSync(join(DASHBOARD_DIST, 'index.html'))) return;
  execFileSync('npx', ['nx', 'run', 'dashboard:build', '--output-style=static'], {
    cwd: WORKSPACE_ROOT,
    stdio: 'inherit',
    env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false' },
  });
  if (!existsSync(join(DASHBOARD_DIST, 'index.html'))) {
    throw new Error(`building the dashboard left no ${DASHBOARD_DIST}/index.html`);
  }
}

let runner: RunnerProcess | undefined;
let browser: Browser | undefined;
let dataDir = '';
const pageErrors: string[] = [];

async function newPage(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  page.setDefaultTimeout(WAIT.timeout);
  page.on('pageerror', (error) => pageErrors.push(error.message));
  return page;
}

const shot = (page: Page, name: string) =>
  page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });

/** Number of transcript messages on the page (0 when the transcript is empty). */
const messageCount = (page: Page) => page.getByTestId('message').count();

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `${CHROMIUM} is missing: the dashboard browser tests need Debian's chromium (apt-get install chromium); .ci/run installs it`,
    );
  }
  buildDashboardOnce();
  mkdirSync(SCREENSHOTS, { recursive: true });
  dataDir = mkdtempSync(join(tmpdir(), 'arena-dashboard-'));
  runner = await startRunner({ ARENA_DATA_DIR: dataDir, ARENA_LOG_LEVEL: 'info' });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}, 600_000);

afterAll(async () => {
  await browser?.close();
  if (runner) await stopRunner(runner);
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
}, 120_000);

describe('dashboard in a browser', () => {
  it('creates and starts a game from the page, streams it live, shows spoilers and replays it', async () => {
    if (!browser || !runner) throw new Error('setup failed');
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await newPage(context);

    // The runner's dashboard link: the token is stored and taken out of the address.
    await page.goto(`${runner.base}/#token=${TEST_API_TOKEN}`);
    await expect.poll(() => page.getByTestId('token-state').textContent(), WAIT).toBe('token set');
    expect(page.url()).not.toContain(TEST_API_TOKEN);
    await page.getByTestId('games-page').waitFor();

    // Create only, so the page is watching before the first turn; then start from the game page.
    await page.getByTestId('nav-new').click();
    await page.getByTestId('new-scenario').and(page.locator('select')).selectOption('city-water');
    for (const id of ['amara-teodoro', 'cassius-vell', 'hanne-solberg']) {
      await page.getByTestId(`new-player-${id}`).check();
    }
    await page.getByTestId('new-seed').fill('7');
    await page.getByTestId('new-max-turns').fill('12');
    await page.getByTestId('new-policy').selectOption('round-robin');
    await page.getByTestId('new-extra').fill('{"rules": {"elimination": {"warmupRounds": 1}}}');
    await shot(page, '01-new-game');
    await page.getByTestId('new-create').click();

    const game = page.getByTestId('game-page');
    await game.waitFor();
    const gameId = await game.getAttribute('data-game-id');
    expect(gameId).toMatch(/^g-/);
    await expect
      .poll(() => page.getByTestId('connection-indicator').getAttribute('data-state'), WAIT)
      .toBe('live');
    await expect
      .poll(() => page.getByTestId('game-status').getAttribute('data-status'), WAIT)
      .toBe('running');
    expect(await messageCount(page)).toBe(0);

    await page.getByTestId('game-start').click();
    await page.getByTestId('command-message').waitFor();
    // Turns arrive over the live stream: first the opening, then contributions.
    await page.locator('[data-testid="message"][data-kind="contribution"]').first().waitFor();
    await page.locator('[data-testid="message"][data-kind="narrator"]').first().waitFor();
    const elimination = page.locator('[data-testid="message"][data-kind="elimination"]').first();
    await elimination.waitFor();
    await expect
      .poll(() => elimination.getByTestId('elimination').textContent(), WAIT)
      .toMatch(/is eliminated/);
    await page.locator('[data-testid="message"][data-kind="final_words"]').first().waitFor();
    await shot(page, '02-live-game');

    // Spoilers: hidden until toggled; then the chart (one line per player) and the reasoning.
    const toggle = page.getByTestId('spoiler-toggle');
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    expect(await page.getByTestId('spectator-panel').isVisible()).toBe(false);
    await toggle.click();
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    await page.getByTestId('score-chart').waitFor();
    await expect.poll(() => page.getByTestId('chart-line').count(), WAIT).toBe(3);
    await page.getByTestId('rationale').first().waitFor();
    await page.getByTestId('policy-entry').first().waitFor();
    await page.getByTestId('spectator-panel').scrollIntoViewIfNeeded();
    await shot(page, '03-spoilers');

    // The game plays to its end (one survivor) and the stream says so.
    await expect
      .poll(() => page.getByTestId('game-status').getAttribute('data-status'), WAIT)
      .toBe('ended');
    await page.getByTestId('game-ended').waitFor();
    await expect
      .poll(() => page.getByTestId('connection-indicator').getAttribute('data-state'), WAIT)
      .toBe('ended');
    await page.getByTestId('winner').waitFor();
    const finalCount = await messageCount(page);
    const ids = await page
      .getByTestId('message')
      .evaluateAll((els) =>
        els.map((el) => el.getAttribute('data-message-id')).filter((id) => id !== null),
      );
    expect(new Set(ids).size).toBe(ids.length);

    // A cited message is one click away, and highlighted.
    const cite = page.getByTestId('cite-link').first();
    if ((await cite.count()) > 0) {
      const cited = await cite.getAttribute('data-cites');
      await cite.click();
      await expect
        .poll(() => page.locator(`#msg-${cited}`).getAttribute('data-highlighted'), WAIT)
        .toBe('true');
    }

    // Fork the ended game after an early turn: the form opens at its last complete turn, a
    // model the runner does not know is refused naming its field, then the fork starts and its
    // page streams the turns played after the fork.
    await page.getByTestId('fork-toggle').click();
    const forkTurn = page.getByTestId('fork-turn');
    const lastComplete = Number(await forkTurn.getAttribute('max'));
    expect(lastComplete).toBeGreaterThanOrEqual(3);
    expect(await forkTurn.inputValue()).toBe(String(lastComplete));
    expect(await page.getByTestId('fork-seat-2').getAttribute('placeholder')).toBe('sim');
    const forkAt = 2;
    await forkTurn.fill(String(forkAt));
    await page.getByTestId('fork-seat-2').fill('no-such-model');
    await page.getByTestId('fork-submit').click();
    await expect
      .poll(() => page.getByTestId('fork-error').textContent(), WAIT)
      .toMatch(/\(400\).*changes\.seats\.2: must be "sim"/);
    await page.getByTestId('fork-seat-2').fill('sim');
    await page.getByTestId('fork-seed').fill('7');
    await page.getByTestId('fork-form').scrollIntoViewIfNeeded();
    await shot(page, '10-fork-form');
    await page.getByTestId('fork-submit').click();
    const fork = page.locator(`[data-testid="game-page"]:not([data-game-id="${gameId}"])`);
    await fork.waitFor();
    const forkId = await fork.getAttribute('data-game-id');
    expect(forkId).toMatch(/^g-/);
    const forkedFrom = page.getByTestId('forked-from');
    await expect
      .poll(() => forkedFrom.textContent(), WAIT)
      .toBe(`Forked from ${gameId} at turn ${forkAt}`);
    await expect
      .poll(async () => {
        const progress = (await page.getByTestId('game-progress').textContent()) ?? '';
        return Number(/Turn (\d+)/.exec(progress)?.[1] ?? 0);
      }, WAIT)
      .toBeGreaterThan(forkAt);
    await page.locator('[data-testid="message"][data-kind="contribution"]').first().waitFor();
    await expect
      .poll(() => page.getByTestId('game-status').getAttribute('data-status'), WAIT)
      .toBe('ended');
    const forkIds = await page
      .getByTestId('message')
      .evaluateAll((els) =>
        els.map((el) => el.getAttribute('data-message-id')).filter((id) => id !== null),
      );
    expect(new Set(forkIds).size).toBe(forkIds.length);
    await shot(page, '11-forked-game');

    // The line links the original game.
    await forkedFrom.getByRole('link', { name: gameId ?? '' }).click();
    await page.locator(`[data-testid="game-page"][data-game-id="${gameId}"]`).waitFor();
    await expect
      .poll(() => page.getByTestId('game-status').getAttribute('data-status'), WAIT)
      .toBe('ended');
    expect(await page.getByTestId('forked-from').count()).toBe(0);

    // Replay: the scrubber recomputes the view from the first k events.
    await page.getByTestId('replay-link').click();
    const scrubber = page.getByTestId('replay-scrubber');
    await scrubber.waitFor();
    await page.getByTestId('transcript-empty').waitFor();
    await scrubber.focus();
    await page.keyboard.press('End');
    await expect.poll(() => messageCount(page), WAIT).toBe(finalCount);
    await shot(page, '04-replay-end');
    await page.keyboard.press('Home');
    await page.getByTestId('transcript-empty').waitFor();
    for (let i = 0; i < 40; i++) await page.keyboard.press('ArrowRight');
    await expect.poll(() => messageCount(page), WAIT).toBeGreaterThan(0);
    const partway = await messageCount(page);
    expect(partway).toBeLessThan(finalCount);
    await page.getByTestId('replay-step-forward').click();
    await page.getByTestId('replay-play').click();
    await expect.poll(() => messageCount(page), WAIT).toBeGreaterThan(partway);
    await page.getByTestId('replay-play').click();
    await shot(page, '05-replay-partway');

    // The list links the game.
    await page.getByTestId('nav-games').click();
    await page.locator(`[data-testid="games-row"][data-game-id="${gameId}"]`).waitFor();
    await page.getByTestId('games-filter').selectOption('ended');
    await page.locator(`[data-testid="games-row"][data-game-id="${gameId}"]`).waitFor();
    await shot(page, '06-games');

    // Ratings and champions: a table, or a note that there are none yet; never an error.
    await page.getByTestId('nav-leaderboard').click();
    await page
      .locator('[data-testid="leaderboard"], [data-testid="leaderboard-page"] .empty')
      .first()
      .waitFor();
    expect(await page.getByTestId('leaderboard-error').count()).toBe(0);
    await shot(page, '06-leaderboard');
    await page.getByTestId('nav-champions').click();
    await page
      .locator('[data-testid="champions-list"], [data-testid="champions-page"] .empty')
      .first()
      .waitFor();
    expect(await page.locator('[data-testid="champions-page"] .error').count()).toBe(0);
    await context.close();
    expect(pageErrors).toEqual([]);
  }, 300_000);

  it('reconnects the live stream when the runner restarts, then stops the game', async () => {
    if (!browser || !runner) throw new Error('setup failed');
    const gameId = await postGame(runner.base, longGame(11, 5000));
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await newPage(context);
    await page.goto(`${runner.base}/#token=${TEST_API_TOKEN}`);
    await page.getByTestId('games-page').waitFor();
    await page.goto(`${runner.base}/#/games/${gameId}`);
    const indicator = page.getByTestId('connection-indicator');
    await expect.poll(() => indicator.getAttribute('data-state'), WAIT).toBe('live');
    await expect.poll(() => messageCount(page), WAIT).toBeGreaterThan(2);

    // The runner goes away (its streams end, the game is suspended) and comes back on the same
    // port and data: the page retries with backoff and resumes after the last event it holds.
    const port = new URL(runner.base).port;
    await stopRunner(runner);
    await expect.poll(() => indicator.getAttribute('data-state'), WAIT).toBe('reconnecting');
    await shot(page, '07-reconnecting');
    const whileDown = await messageCount(page);
    const base = runner.base;
    const restarted = await startRunner({
      ARENA_DATA_DIR: dataDir,
      ARENA_LOG_LEVEL: 'info',
      ARENA_PORT: port,
    });
    // It listens on the port it was given, not on the one the fixture picked.
    runner = { ...restarted, base };
    await expect.poll(() => indicator.getAttribute('data-state'), WAIT).toBe('live');
    expect(Number(await indicator.getAttribute('data-reconnects'))).toBeGreaterThanOrEqual(1);
    await expect.poll(() => messageCount(page), WAIT).toBeGreaterThan(whileDown);
    const ids = await page
      .getByTestId('message')
      .evaluateAll((els) =>
        els.map((el) => el.getAttribute('data-message-id')).filter((id) => id !== null),
      );
    const numbers = ids.map((id) => Number(id.slice(1)));
    expect(numbers).toEqual(numbers.map((_, i) => i + 1));

    await page.getByTestId('game-stop').click();
    await page.getByTestId('command-message').waitFor();
    await expect
      .poll(() => page.getByTestId('game-status').getAttribute('data-status'), WAIT)
      .toBe('ended');
    await expect.poll(() => page.getByTestId('game-ended').textContent(), WAIT).toMatch(/aborted/);
    await expect.poll(() => indicator.getAttribute('data-state'), WAIT).toBe('ended');
    await shot(page, '08-stopped');
    await context.close();
    expect(pageErrors).toEqual([]);
  }, 400_000);

  it('says a token is needed when a change is made without one', async () => {
    if (!browser || !runner) throw new Error('setup failed');
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await newPage(context);
    await page.goto(`${runner.base}/#/games/new`);
    await expect.poll(() => page.getByTestId('token-state').textContent(), WAIT).toBe('no token');
    await page.getByTestId('new-scenario').and(page.locator('select')).selectOption('city-water');
    await page.getByTestId('new-player-amara-teodoro').check();
    await page.getByTestId('new-player-cassius-vell').check();
    await page.getByTestId('new-create-start').click();
    const error = page.getByTestId('form-error');
    await expect.poll(() => error.textContent(), WAIT).toMatch(/Unauthorized \(401\).*token/);
    expect(await error.getAttribute('role')).toBe('alert');
    await shot(page, '09-unauthorized');

    // A fork without the token is refused with the same message.
    const listed = (await (await fetch(`${runner.base}/games?status=ended`)).json()) as {
      games: Array<{ gameId: string; turns: number }>;
    };
    const forkable = listed.games.find((g) => g.turns >= 3);
    if (!forkable) throw new Error('no ended game with 3 turns to fork');
    await page.goto(`${runner.base}/#/games/${forkable.gameId}`);
    await page.getByTestId('fork-toggle').click();
    await page.getByTestId('fork-submit').click();
    const forkError = page.getByTestId('fork-error');
    await expect.poll(() => forkError.textContent(), WAIT).toMatch(/Unauthorized \(401\).*token/);
    expect(await forkError.getAttribute('role')).toBe('alert');
    await page.goto(`${runner.base}/#/games/new`);
    await page.getByTestId('new-scenario').and(page.locator('select')).selectOption('city-water');
    await page.getByTestId('new-player-amara-teodoro').check();
    await page.getByTestId('new-player-cassius-vell').check();

    // Typing the token makes the same request pass.
    await page.getByTestId('token-input').fill(TEST_API_TOKEN);
    await page.getByTestId('token-save').click();
    await page.getByTestId('new-create-start').click();
    await page.getByTestId('game-page').waitFor();
    await context.close();
    expect(pageErrors).toEqual([]);
  }, 300_000);
});
