// `npm test`: the type check, lint and `vitest run` side by side, not one after the other. tsc and
// eslint each keep one core busy for ~35 and ~15 s, and one after the other in front of the tests
// they left the second core of a 2-core machine idle for most of a minute; beside the tests they use
// what the tests leave idle (files waiting on the CLI, git, S3, Chromium). Not at a lower priority:
// on a machine loaded by others, a niced tsc starved for minutes and finished long after the tests.
// As before, a failed check fails the run at once: the tests are stopped and the check's output
// printed. Arguments go to vitest (`npm test -- --project unit`).
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = (name) => fileURLToPath(new URL(`../node_modules/.bin/${name}`, import.meta.url));

/** One check, its output kept until it ends (interleaved with the test reporter it would be unreadable). */
function check(name, command, args) {
  const child = spawn(command, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  return new Promise((resolve) => {
    child.on('error', (e) => resolve({ name, code: 1, out: `${out}${e.message}\n` }));
    child.on('close', (code, signal) => resolve({ name, code: code ?? (signal ? 1 : 0), out }));
  });
}

// vitest in a process group of its own, so that stopping it stops its workers and their children too.
const tests = spawn(bin('vitest'), ['run', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit', detached: true });
const stopTests = (signal) => {
  try {
    process.kill(-tests.pid, signal);
  } catch {
    // already gone
  }
};
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => stopTests(signal));
const testsDone = new Promise((resolve) => tests.on('close', (code, signal) => resolve(code ?? (signal ? 1 : 0))));

const checks = [check('typecheck (tsc --noEmit -p .)', bin('tsc'), ['--noEmit', '-p', '.']), check('lint (eslint .)', bin('eslint'), ['.'])];
let failed = 0;
await Promise.all(
  checks.map(async (running) => {
    const { name, code, out } = await running;
    if (code === 0) return void process.stdout.write(`\n${name}: passed\n`);
    process.stdout.write(`\n${name} failed (exit ${code}); stopping the tests\n${out}\n`);
    failed ||= code;
    stopTests('SIGTERM');
  }),
);
const testCode = await testsDone;
process.exit(failed || testCode);
