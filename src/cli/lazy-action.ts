import type { HostContext } from '../host/context.js';

/** The host a verb runs with, made when a verb runs: its stores' code is none of `--help`'s business. */
export type HostSource = () => Promise<HostContext>;

/** What a verb does: commander's arguments (operands, options, the command), after the host. */
export type VerbRun<A extends unknown[]> = (host: HostContext, ...args: A) => unknown;

/**
 * A verb's action, its code loaded when that verb runs: the declarations (names, options, help)
 * stay in the start-up code, and each verb's module (its ops, the vault, its sources) is an
 * `import()` of its own, a chunk of its own in the bundle. Every call pays for one verb, not all.
 */
export function lazyAction<A extends unknown[]>(host: HostSource, load: () => Promise<VerbRun<A>>): (...args: A) => Promise<void> {
  return async (...args: A) => {
    const [run, h] = await Promise.all([load(), host()]);
    await run(h, ...args);
  };
}

/** The same for a verb that needs no host (keys, demo, vault policy, drill scenarios): nothing of the stores loads. */
export function lazyHostless<A extends unknown[]>(load: () => Promise<(...args: A) => unknown>): (...args: A) => Promise<void> {
  return async (...args: A) => {
    await (await load())(...args);
  };
}

/** The default host, from its module when first needed (tests pass their own to buildProgram). */
export function hostSource(given?: HostContext): HostSource {
  let made: Promise<HostContext> | undefined;
  return () => (made ??= given ? Promise.resolve(given) : import('../host/context.js').then((m) => m.defaultHost()));
}
