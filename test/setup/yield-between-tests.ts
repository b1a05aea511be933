import { afterEach, beforeEach } from 'vitest';

/**
 * Setup file (every test file): lets the worker's event loop turn between tests.
 *
 * The worker reports each test's start and end to vitest's main process over RPC and gives each call
 * 60 s to be answered. Tests that only call spawnSync (the CLI, git) never return to the event loop,
 * not even between tests: vitest chains them with promises, which are microtasks. The answers then
 * wait unread, and once a file's run of such tests passes 60 s the call times out when the loop
 * finally turns: `[vitest-worker]: Timeout calling "onTaskUpdate"`, a failed run with every test
 * passed. Two turns of setImmediate (kept from before any test can fake timers) pass through the
 * loop's poll phase, where those answers are read.
 */
const immediate = globalThis.setImmediate;
const turn = () => new Promise<void>((resolve) => immediate(() => immediate(resolve)));

beforeEach(turn);
afterEach(turn);
