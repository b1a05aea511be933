/**
 * Setup file (every test file, listed first): each file starts from the environment its worker
 * started with. The unit project's files share worker threads (`isolate: false` in vitest.config.ts),
 * and a file that sets a variable (the forge harnesses set GITHUB_TOKEN, every file sets TMPDIR)
 * would otherwise hand it to the next file in the same worker. In a process of its own per file
 * (the other projects) it changes nothing.
 */
const saved = globalThis as { __bulkheadWorkerEnv?: Readonly<Record<string, string | undefined>> };
saved.__bulkheadWorkerEnv ??= { ...process.env };
const start = saved.__bulkheadWorkerEnv;
for (const key of Object.keys(process.env)) if (!(key in start)) delete process.env[key];
Object.assign(process.env, start);
