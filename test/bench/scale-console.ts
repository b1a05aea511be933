/**
 * The console's rows of the scale bench (#14): what an operator waits for on a vault of a year of
 * hourly snapshots, in the real UI (`console --web`, Debian's Chromium), against the same on 10.
 * Each round is a new console session (a fresh catalog, the operator cache the CLI rows warmed):
 * connect the vault folder, then
 * - "unlock → Dashboard": from the Unlock click until the Dashboard's Sources table (posture and the
 *   snapshot list, each source's latest good one) is drawn;
 * - "Timeline drawn": from the Timeline click until every snapshot's point is in the chart (its own
 *   dot, or one standing for a column of ordinary ones: renderer/src/screens/timeline-thin.ts).
 * `cpuSeconds` is the console process's CPU over the step (Chromium's is not counted), `maxRssKb`
 * its peak RSS over the session. PROF_DIR=DIR writes each console process's CPU profile there
 * (`node --cpu-prof`, on its exit): where a row's time goes.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { treeCpuSeconds } from '../e2e/process-tree-cpu.js';
import { Shell } from '../e2e/pages/shell.js';
import { VaultsPage } from '../e2e/pages/vaults-page.js';
import type { Measured } from './measure.js';
import type { ScaleVault } from './scale-vault.js';

const TIMEOUT = 600_000;

async function session(browser: Browser, cli: string, v: ScaleVault, env: NodeJS.ProcessEnv, points: number): Promise<Record<string, Measured>> {
  const dir = mkdtempSync(join(tmpdir(), 'bulkhead-scale-console-'));
  const child = spawn(process.execPath, [...(process.env.PROF_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.PROF_DIR}`] : []), cli, 'console', '--web', '--port', '0'], { env: { ...env, BULKHEAD_CONSOLE_DIR: dir, BULKHEAD_PASSPHRASE: '' }, stdio: ['ignore', 'pipe', 'ignore'] });
  const context = await browser.newContext({ viewport: { width: 1360, height: 860 } });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /(http:\/\/127\.0\.0\.1:\d+\/open\?token=\S+)/.exec(out);
        if (m) resolve(m[1]!);
      });
      child.on('exit', (code) => reject(new Error(`console exited ${code}`)));
    });
    const cpu = () => treeCpuSeconds((pid) => pid === child.pid);
    const page = await context.newPage();
    page.setDefaultTimeout(TIMEOUT);
    await page.goto(url);
    await new VaultsPage(page).connectFolder('scale', v.store, v.identity);
    await page.getByLabel('Posture').waitFor();
    const step = async (act: () => Promise<void>, done: () => Promise<unknown>): Promise<Measured> => {
      const [c0, t0] = [cpu(), performance.now()];
      await act();
      await done();
      return { seconds: (performance.now() - t0) / 1000, cpuSeconds: cpu() - c0, maxRssKb: 0, stdout: '' };
    };
    const form = page.getByRole('form', { name: 'Unlock', exact: true });
    await page.getByRole('button', { name: 'Unlock' }).first().click();
    await form.getByLabel('Passphrase').fill(String(env.BULKHEAD_PASSPHRASE));
    const dashboard = await step(
      () => form.getByRole('button', { name: 'Unlock' }).click(),
      async () => {
        await new Shell(page).go('Dashboard');
        await page.getByRole('table', { name: 'Sources' }).waitFor();
      },
    );
    const timeline = await step(
      () => new Shell(page).go('Timeline'),
      // every point is in the chart: drawn, or stood for by a dot past timeline-thin.ts's THIN_FROM
      () => page.waitForFunction((n) => Number(document.querySelector('svg.timeline')?.getAttribute('data-points')) >= n && document.querySelectorAll('svg.timeline .dot').length > 0, points, { timeout: TIMEOUT }),
    );
    const peak = Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? 0);
    return { 'console: unlock → Dashboard': { ...dashboard, maxRssKb: peak }, 'console: Timeline drawn': { ...timeline, maxRssKb: peak } };
  } finally {
    await context.close();
    child.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Three sessions on one vault; each row's median (by wall time). */
export async function consoleRows(cli: string, v: ScaleVault, env: NodeJS.ProcessEnv, snapshots: number): Promise<Record<string, Measured>> {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
  try {
    const rounds: Record<string, Measured>[] = [];
    for (let i = 0; i < 3; i++) rounds.push(await session(browser, cli, v, env, snapshots));
    return Object.fromEntries(Object.keys(rounds[0]!).map((name) => [name, rounds.map((r) => r[name]!).sort((a, b) => a.seconds - b.seconds)[1]!]));
  } finally {
    await browser.close();
  }
}
