import { execFile, execFileSync } from 'node:child_process';

/**
 * Removes a test's folder tree with GNU `rm -rf`, not fs.rm: tests build trees deeper than PATH_MAX
 * (rogue-folder-blockers), and Node's recursive rm joins full paths and fails there with
 * ENAMETOOLONG, which ended a whole CI run in teardown after every test had passed. `rm` walks with
 * openat, at any depth.
 */
export function removeTreeSync(dir: string): void {
  // a second try for a child that was still writing there; what is left after that is reported,
  // not thrown (the tests have passed or failed on their own; the next run removes leftovers)
  for (let attempt = 1; ; attempt++) {
    try {
      execFileSync('rm', ['-rf', '--', dir], { stdio: ['ignore', 'ignore', 'pipe'] });
      return;
    } catch (e) {
      if (attempt === 2) return void console.warn(`could not remove the test folder ${dir}: ${String((e as { stderr?: Buffer }).stderr ?? e).trim()}`);
    }
  }
}

/** The same, without blocking the worker (a tree can hold tens of thousands of files); never rejects. */
export function removeTree(dir: string): Promise<void> {
  return new Promise((resolve) => execFile('rm', ['-rf', '--', dir], () => resolve()));
}
