import { createRequire } from 'node:module';
import { appendFileSync } from 'node:fs';
import { chromium } from 'playwright-core';
import type { TestProject } from 'vitest/node';
import { treeCpuSeconds } from '../e2e/process-tree-cpu.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The e2e project's one Chromium, which each file's ConsoleSession connects to (a context of its own). */
    chromium: string;
  }
}

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

/**
 * Flags for Debian's Chromium on a machine with a closed network (see the task's machine notes).
 * The last three cut what a GPU-less headless run never uses: the GPU process (in the browser's
 * instead), SwiftShader's WebGL fallback, the component extensions (no test opens a PDF). The e2e
 * project alone: 192 s and 164 CPU s of Chromium without them, 184 s and 152 with.
 */
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', '--in-process-gpu', '--disable-software-rasterizer', '--disable-extensions', ...disabledFeatures()];

/**
 * Global setup of the e2e project: one Chromium for the run, not one per file. Starting one and
 * opening its first window cost ~2 CPU s of the ~5 a file's Chromium spent before its first test;
 * each file still gets a browser context of its own (cookies, storage, pages: nothing shared).
 * With BULKHEAD_TEST_CPU_LOG, its CPU seconds are logged once, at the end, as no file's.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await chromium.launchServer({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
  project.provide('chromium', server.wsEndpoint());
  return async () => {
    const log = process.env.BULKHEAD_TEST_CPU_LOG;
    const pid = server.process().pid;
    if (log && pid !== undefined) appendFileSync(log, JSON.stringify({ file: 'e2e: the shared Chromium', chromium: +treeCpuSeconds((p) => p === pid).toFixed(2) }) + '\n');
    await server.close();
  };
}
