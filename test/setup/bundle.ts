import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * Global setup of the projects that run the real `bulkhead` command (integration, e2e): builds the
 * CLI bundle and the console's renderer once per run, whichever of them starts first.
 */
export default function setup(): void {
  if (process.env.BULKHEAD_TEST_BUNDLED) return;
  execFileSync(process.execPath, [fileURLToPath(new URL('../../build/bundle.mjs', import.meta.url))], { stdio: 'inherit' });
  process.env.BULKHEAD_TEST_BUNDLED = '1';
}
