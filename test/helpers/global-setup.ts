import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The CLI tests run the real bundled command; build it once so they never test a stale bundle. */
export default function setup(): void {
  execFileSync(process.execPath, [fileURLToPath(new URL('../../build/bundle.mjs', import.meta.url))], { stdio: 'inherit' });
}
