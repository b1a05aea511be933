import { beforeEach } from 'vitest';

/**
 * Setup file (every test file): lets the worker's event loop turn between tests.
 *
 * The worker reports each test's start and end to vitest's main process over RPC and gives each call
 * 60 s to be answered. Tests that only call spawnSync (the CLI, git) never return to the event loop,
 * not even between tests: vitest chains them with promises, which are microtasks. The answers then
 * wait unread, and once a file's run of such tests passes 60 s the call times out when the loop
 * finally turns: `[vitest-worker]: Timeout calling "onTaskUpdate"`, a failed run with every test
 * passed. So before each test the loop turns (through its poll phase, where those answers are read),
 * waits a few milliseconds for the answers to the calls just made, and turns again; the timers are
 * kept from before any test can fake them. What remains is the rule that no single synchronous test
 * may run for a minute (CONTRIBUTING.md).
 */
const immediate = globalThis.setImmediate;
const timeout = globalThis.setTimeout;
const turn = () => new Promise<void>((resolve) => immediate(() => immediate(resolve)));
const pause = (ms: number) => new Promise<void>((resolve) => timeout(resolve, ms));

beforeEach(async () => {
  await turn();
  await pause(10);
  await turn();
});
