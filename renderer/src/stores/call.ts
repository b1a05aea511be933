import { ApiCallError } from '../../../src/api/client.js';

/** A failed call as the one sentence the core wrote (never a stack). */
export function messageOf(e: unknown): string {
  if (e instanceof ApiCallError) return e.message;
  return 'something went wrong in the console; try again';
}

export function codeOf(e: unknown): string | null {
  return e instanceof ApiCallError ? e.code : null;
}

type FieldOf<S, T> = { [K in keyof S]: S[K] extends T ? K : never }[keyof S] & string;

/**
 * One piece of a store's work around calls to the core: the error field (`error` unless named) is
 * cleared first and gets the core's sentence if the work throws; the busy flag, when named, is on
 * while it runs. Resolves true when the work succeeded.
 */
export async function attempt<S>(
  set: (patch: Partial<S>) => void,
  work: () => Promise<void>,
  fields: { busy?: FieldOf<S, boolean>; error?: FieldOf<S, string | null> } = {},
): Promise<boolean> {
  const error = fields.error ?? ('error' as FieldOf<S, string | null>);
  const flag = (on: boolean) => (fields.busy ? { [fields.busy]: on } : {});
  set({ ...flag(true), [error]: null } as Partial<S>);
  try {
    await work();
    return true;
  } catch (e) {
    set({ [error]: messageOf(e) } as Partial<S>);
    return false;
  } finally {
    if (fields.busy) set(flag(false) as Partial<S>);
  }
}
