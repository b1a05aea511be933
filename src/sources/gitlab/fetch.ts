/** What a token may not read, or a feature the instance or tier lacks, becomes a note instead of a failure. */
export class Unavailable {
  constructor(readonly reason: string) {}
}

export const statusOf = (e: unknown): number | undefined => (e as { status?: number }).status;

function unavailable(e: unknown): Unavailable {
  const status = statusOf(e);
  if (status === 403 || status === 404) return new Unavailable(String((e as Error).message ?? status).split('\n')[0]!.slice(0, 200));
  throw e;
}

/** One resource, or Unavailable when GitLab says 403/404. */
export async function one<T = Record<string, unknown>>(call: () => Promise<unknown>): Promise<T | Unavailable> {
  try {
    return (await call()) as T;
  } catch (e) {
    return unavailable(e);
  }
}

/** Every page of a list (gitbeaker follows GitLab's Link header, keyset or offset). */
export const all = <T = Record<string, unknown>>(call: () => Promise<unknown>): Promise<T[] | Unavailable> => one<T[]>(call);

/** A document's content: the value, or `{ unavailable: reason }`. */
export const doc = (v: unknown): unknown => (v instanceof Unavailable ? { unavailable: v.reason } : v);
