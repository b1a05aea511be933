import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { tempDir } from '../helpers/vault.js';
import { axeViolations } from './accessibility.js';
import { chromiumCpuSeconds, treeCpuSeconds } from './process-tree-cpu.js';

const CLI = fileURLToPath(new URL('../../build/bin/bulkhead.mjs', import.meta.url));
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const ARTIFACTS = fileURLToPath(new URL('../../test-artifacts/screenshots/', import.meta.url));

/**
 * Chromium takes the last --disable-features it is given, not the union: this one repeats
 * playwright-core's own list (chromiumSwitches in its lib/coreBundle.js, as of the version named)
 * and adds the omnibox popups. Chromium 156 loads those into a WebUI renderer of their own for every
 * new window, ~2 CPU s per test file for a popup no test ever opens. With another playwright-core
 * the list may have changed: the popups stay on then (slower, not different).
 */
const PLAYWRIGHT_DISABLED_FEATURES = {
  version: '1.65.1',
  features: ['AvoidUnnecessaryBeforeUnloadCheckSync', 'DestroyProfileOnBrowserClose', 'HttpsUpgrades', 'HttpsFirstBalancedModeAutoEnable', 'LensOverlay', 'MediaRouter', 'PaintHolding', 'ThirdPartyStoragePartitioning', 'AvoidCorsURLLoaderRestartOnRedirect', 'TcpPortRandomizationWin', 'OptimizationHints', 'NetworkTimeServiceQuerying', 'AimEnabled', 'PreconnectToSearch', 'msForceBrowserSignIn', 'msEdgeUpdateLaunchServicesPreferredVersion'],
};
const OMNIBOX_POPUPS = ['WebUIOmniboxPopup', 'WebUIOmniboxAimPopup', 'WebUIOmniboxFullPopup'];
const disabledFeatures = (): string[] => {
  const { version } = createRequire(import.meta.url)('playwright-core/package.json') as { version: string };
  return version === PLAYWRIGHT_DISABLED_FEATURES.version ? [`--disable-features=${[...PLAYWRIGHT_DISABLED_FEATURES.features, ...OMNIBOX_POPUPS].join(',')}`] : [];
};

/** Flags for Debian's Chromium on a machine with a closed network (see the task's machine notes). */
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', ...disabledFeatures()];

/** The real `bulkhead console --web` in its own catalog folder, and real Chromium pointed at it. */
export class ConsoleSession {
  page!: Page;
  url = '';
  #browser?: Browser;
  #child?: ChildProcess;
  #shots = 0;
  readonly dir = tempDir('bulkhead-e2e-');

  /** Screenshots of a session named `prefix` are `<prefix>-NN-name.png`, so two spec files never clash. */
  constructor(readonly prefix = '') {}

  async start(env: NodeJS.ProcessEnv): Promise<void> {
    // This run's screenshots only: this session's own, the other spec files' stay.
    mkdirSync(ARTIFACTS, { recursive: true });
    for (const f of readdirSync(ARTIFACTS)) if (this.prefix ? f.startsWith(`${this.prefix}-`) : /^\d/.test(f)) rmSync(join(ARTIFACTS, f), { force: true });
    // From the repository's root, not the folder of a fixture's CLI run in this process
    // (CliWorkspace.here), which may be under way beside this start. Its environment then is the
    // workspace's, which differs from the file's only in what is set here; the file's as it is now,
    // not as it was at construction: a forge emulator adds its address to BULKHEAD_TRUSTED_FORGES.
    this.#child = spawn(process.execPath, [CLI, 'console', '--web', '--port', '0'], {
      cwd: ROOT,
      env: { ...process.env, ...env, BULKHEAD_CONSOLE_DIR: join(this.dir, 'console'), BULKHEAD_CACHE_DIR: join(this.dir, 'cache'), BULKHEAD_PASSPHRASE: '', BULKHEAD_CONSOLE_TEST_IDLE: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.url = await new Promise<string>((resolve, reject) => {
      let out = '';
      this.#child!.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /(http:\/\/127\.0\.0\.1:\d+\/open\?token=\S+)/.exec(out);
        if (m) resolve(m[1]!);
      });
      this.#child!.stderr!.on('data', (d: Buffer) => process.stderr.write(`[console] ${d}`));
      this.#child!.on('exit', (code) => reject(new Error(`console exited ${code}: ${out}`)));
    });
    this.#browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
    this.page = await this.#browser.newPage({ viewport: { width: 1360, height: 860 } });
    this.page.on('pageerror', (e) => process.stderr.write(`[page error] ${e.message}\n`));
    await this.page.goto(this.url);
  }

  /**
   * Test setup through the API the page itself uses (same origin, its session cookie): for what
   * the UI deliberately does not offer, like an idle time of seconds.
   */
  async api(name: string, args: unknown): Promise<unknown> {
    const r = (await this.page.evaluate(
      async ([n, a]) => (await fetch(`/api/${n}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(a) })).json(),
      [name, args] as const,
    )) as { ok: boolean; value?: unknown; error?: { message: string } };
    if (!r.ok) throw new Error(`${name}: ${r.error?.message}`);
    return r.value;
  }

  /**
   * axe on the current screen, so every screen the suite visits is checked (a serious or critical
   * finding fails the test here), and its screenshot, numbered in the order of the run, when
   * BULKHEAD_E2E_SCREENSHOTS=1 asks for the walk's pictures (~80 full-page PNGs, ~11 s of a run that
   * nobody looks at otherwise). A failure's own screenshot (FAILED-…) is always taken, not checked.
   */
  async shot(name: string): Promise<void> {
    const file = `${this.prefix ? `${this.prefix}-` : ''}${String(++this.#shots).padStart(2, '0')}-${name}.png`;
    const failed = name.startsWith('FAILED');
    if (failed || process.env.BULKHEAD_E2E_SCREENSHOTS === '1') {
      mkdirSync(ARTIFACTS, { recursive: true });
      await this.page.screenshot({ path: join(ARTIFACTS, file), fullPage: true });
    }
    if (failed) return;
    const found = await axeViolations(this.page);
    if (found.length > 0) throw new Error(`axe on ${file}: ${JSON.stringify(found)}`);
  }

  /**
   * With BULKHEAD_TEST_CPU_LOG (test/setup/cpu-per-file.ts), the CPU seconds of this file's Chromium
   * and console too, which that file's figures do not hold (Chromium is not a child it waits for; the
   * console is stopped after them). Read before they stop.
   */
  #logCpu(): void {
    const log = process.env.BULKHEAD_TEST_CPU_LOG;
    if (!log) return;
    const file = relative(ROOT, expect.getState().testPath ?? this.prefix);
    const consoleCpu = this.#child?.pid === undefined ? 0 : treeCpuSeconds((pid) => pid === this.#child!.pid);
    appendFileSync(log, JSON.stringify({ file, chromium: +chromiumCpuSeconds().toFixed(2), console: +consoleCpu.toFixed(2) }) + '\n');
  }

  async stop(): Promise<void> {
    this.#logCpu();
    await this.#browser?.close();
    this.#child?.kill('SIGTERM');
  }
}
