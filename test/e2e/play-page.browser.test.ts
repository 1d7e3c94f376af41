// The play page in headless Chromium (Debian's chromium driven by playwright-core): one episode of every task through the form, then the breakdown, chart, tables and download.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveScenario } from 'openenv-ts';
import { call, DEFAULT_MANIFEST, fixtureManifest, startServer, type RunningServer } from '../helpers/start-server.js';

const SEED = 3;
const SKIP = process.env.OPENENV_SKIP_BROWSER_TEST === '1';

/** Chromium's binary: CHROMIUM_PATH, else chromium on the PATH (scripts/ensure-chromium.sh installs it). */
function chromiumPath(): string {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  for (const name of ['chromium', 'chromium-browser']) {
    try {
      return execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim();
    } catch {
      // try the next name
    }
  }
  throw new Error('No Chromium found: run scripts/ensure-chromium.sh (as root it installs Debian\'s chromium), set CHROMIUM_PATH, or set OPENENV_SKIP_BROWSER_TEST=1 to skip this test');
}

/** Screenshots go to OPENENV_SCREENSHOT_DIR (docs/screenshots when refreshing the README's), else a temporary folder. */
const screenshotDir = process.env.OPENENV_SCREENSHOT_DIR ? path.resolve(process.env.OPENENV_SCREENSHOT_DIR) : mkdtempSync(path.join(tmpdir(), 'openenv-screens-'));

/** Fills the action form the way a person would: pick the kind, then type each field (clearing fields the action leaves out). */
async function enterAction(page: Page, action: Record<string, unknown>): Promise<void> {
  await page.selectOption('#variant', typeof action.type === 'string' ? action.type : 'action');
  const fields = await page.$$eval('#fields [name]', (inputs) => inputs.map((i) => ({ name: (i as HTMLInputElement).name, kind: (i as HTMLElement).dataset.kind!, tag: i.tagName })));
  for (const field of fields) {
    const selector = `#field-${field.name}`;
    const value = action[field.name];
    if (field.kind === 'boolean') await page.setChecked(selector, value === true);
    else if (field.tag === 'SELECT') await page.selectOption(selector, value === undefined || value === null ? '' : String(value));
    else if (value === undefined || value === null) await page.fill(selector, '');
    else await page.fill(selector, field.kind === 'json' ? JSON.stringify(value) : String(value));
  }
}

describe.skipIf(SKIP)('the play page in Chromium', () => {
  let browser: Browser;
  let server: RunningServer;
  let digits: RunningServer;
  const downloads = mkdtempSync(path.join(tmpdir(), 'openenv-downloads-'));

  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: chromiumPath(), headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
    server = await startServer({ manifestPath: DEFAULT_MANIFEST });
    digits = await startServer({ manifestPath: fixtureManifest('regrade/v1') });
    mkdirSync(screenshotDir, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await digits?.close();
    rmSync(downloads, { recursive: true, force: true });
  });

  it.each(['ticket-triage', 'data-cleaning', 'sql-analytics', 'lead-optimization', 'web-navigation'])('%s: plays the reference solution through the form and explains the score', async (taskId) => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 }, acceptDownloads: true });
    try {
      await page.goto(`${server.url}/web`);
      await page.waitForSelector('body[data-ready="true"]');
      await page.selectOption('#task', taskId);
      const levels = await page.$$eval('#level option', (options) => options.map((o) => (o as HTMLOptionElement).value));
      const splits = await page.$$eval('#split option', (options) => options.map((o) => (o as HTMLOptionElement).value));
      const task = server.env.registry.get(taskId);
      expect(levels).toEqual((task.plugin.levels ?? [{ name: 'default' }]).map((l) => l.name));
      expect(splits).toContain('test');
      await page.fill('#seed', String(SEED));
      await page.click('#reset');
      await page.waitForFunction(() => document.getElementById('status')!.textContent!.startsWith('Step 0 of'));

      const address = await resolveScenario(task, { seed: SEED, level: levels[0], split: 'train' });
      const actions = (await task.plugin.solve(address.scenario)) as Record<string, unknown>[];
      task.plugin.dispose?.(address.scenario);
      let played = 0;
      for (const action of actions) {
        await enterAction(page, action);
        await page.click('#step');
        played += 1;
        await page.waitForFunction((n) => document.querySelectorAll('#history tr').length === n || document.getElementById('request-error')!.textContent !== '', played);
        expect(await page.textContent('#request-error')).toBe('');
        if (await page.isDisabled('#step')) break;
      }
      await page.waitForSelector('#breakdown-section:not([hidden])');

      // The page's numbers are the server's: the state of the page's own session.
      const session = await page.evaluate('sessionId');
      const state = (await call(`${server.url}/state`, { headers: { 'x-openenv-session-id': String(session) } })).body;
      expect(state.done).toBe(true);
      expect(state.raw_score).toBeGreaterThanOrEqual(0.95);
      const score = state.score.toFixed(3);
      const headline = await page.textContent('#breakdown .headline');
      const status = await page.textContent('#status');
      expect(headline).toContain(`Final score ${score}`);
      expect(status).toContain(`final score ${score}`);
      // Whatever raw grade the status names is the server's raw grade: no 1.000 next to an unexplained 0.999.
      for (const m of `${headline} ${status}`.matchAll(/raw grade (\d\.\d{3})/g)) expect(m[1]).toBe(state.raw_score.toFixed(3));
      const grader = (await call(`${server.url}/grader`, { body: {}, headers: { 'x-openenv-session-id': String(session) } })).body;
      if (grader.explanation) expect(await page.textContent('#breakdown .explanation')).toBe(grader.explanation);
      const labels = await page.$$eval('#breakdown table.breakdown > tbody > tr > th, #breakdown table.breakdown > tr > th', (ths) => ths.map((t) => t.textContent));
      expect(labels).toEqual(Object.keys(state.grade_breakdown).map((k) => k.replace(/_/g, ' ')));
      expect(await page.textContent('#breakdown table.totals')).toContain('lost to refused actions');

      // One chart bar per step; the reward column stays inside the table however long the action.
      expect(await page.$$eval('#chart rect', (r) => r.length)).toBe(played);
      const table = (await page.locator('table.steps').boundingBox())!;
      const rewardCells = page.locator('table.steps tbody tr td:nth-child(3)');
      for (let i = 0; i < Math.min(played, 5); i++) {
        const cell = (await rewardCells.nth(i).boundingBox())!;
        expect(cell.width).toBeGreaterThan(20);
        expect(cell.x + cell.width).toBeLessThanOrEqual(table.x + table.width + 1);
      }
      // Observation data arrives as HTML tables, not JSON text.
      expect(await page.$$eval('#data table', (t) => t.length)).toBeGreaterThan(0);

      await page.screenshot({ path: path.join(screenshotDir, `${taskId}.png`) });

      const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download')]);
      const saved = path.join(downloads, `${taskId}.json`);
      await download.saveAs(saved);
      const record = JSON.parse(readFileSync(saved, 'utf8'));
      expect(record).toMatchObject({ format: 'openenv-ts.trajectory/1', task_id: taskId, episode_id: state.episode_id, scenario_digest: state.scenario_digest, score: state.score });
      expect(record.actions).toHaveLength(played);
    } finally {
      await page.close();
    }
  });

  it("shows a plugin's render hook in a sandboxed iframe", async () => {
    const page = await browser.newPage();
    try {
      await page.goto(`${digits.url}/web`);
      await page.waitForSelector('body[data-ready="true"]');
      await page.click('#reset');
      await page.waitForSelector('#render-section:not([hidden])');
      expect(await page.getAttribute('#render', 'sandbox')).toBe('');
      const frame = page.frameLocator('#render');
      await expect.poll(async () => frame.locator('svg').getAttribute('data-answered')).toBe('false');
      const shown = await frame.locator('svg').textContent();
      const session = await page.evaluate('sessionId');
      const rendered = (await call(`${digits.url}/render`, { headers: { 'x-openenv-session-id': String(session) } })).body;
      expect(rendered.content_type).toBe('image/svg+xml');
      expect(rendered.content).toContain(`>${shown![0]}</text>`);
    } finally {
      await page.close();
    }
  });
});

it('the browser test is only skipped when asked to', () => {
  expect(SKIP || existsSync(chromiumPath())).toBe(true);
});
