import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { expect, inject } from 'vitest';
import { tempDir } from '../helpers/vault.js';
import { axeViolations } from './accessibility.js';
import { treeCpuSeconds } from './process-tree-cpu.js';

const CLI = fileURLToPath(new URL('../../build/bin/bulkhead.mjs', import.meta.url));
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const ARTIFACTS = fileURLToPath(new URL('../../test-artifacts/screenshots/', import.meta.url));

/** The real `bulkhead console --web` in its own catalog folder, and real Chromium pointed at it. */
export class ConsoleSession {
  page!: Page;
  url = '';
  #browser?: Browser;
  #context?: BrowserContext;
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
    // The run's one Chromium (test/setup/chromium.ts), in a context of this file's own.
    this.#browser = await chromium.connect(inject('chromium'));
    this.#context = await this.#browser.newContext({ viewport: { width: 1360, height: 860 } });
    this.page = await this.#context.newPage();
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
   * With BULKHEAD_TEST_CPU_LOG (test/setup/cpu-per-file.ts), the CPU seconds of this file's console
   * too, which that file's figures do not hold (it is stopped after them). Read before it stops. The
   * shared Chromium's are logged once by its setup.
   */
  #logCpu(): void {
    const log = process.env.BULKHEAD_TEST_CPU_LOG;
    if (!log) return;
    const file = relative(ROOT, expect.getState().testPath ?? this.prefix);
    const consoleCpu = this.#child?.pid === undefined ? 0 : treeCpuSeconds((pid) => pid === this.#child!.pid);
    appendFileSync(log, JSON.stringify({ file, console: +consoleCpu.toFixed(2) }) + '\n');
  }

  async stop(): Promise<void> {
    this.#logCpu();
    await this.#context?.close();
    await this.#browser?.close(); // disconnects; the browser is the run's
    this.#child?.kill('SIGTERM');
  }
}
