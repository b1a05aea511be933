/**
 * Canonical JSON (util/canonical.ts: keys sorted, undefined left out, integers only), the same
 * bytes, with each object encoded once however often it occurs. A manifest names the same
 * pipeline object on every branch that has that file (the bench's 261-branch manifest: 1,205
 * pipelines, 53 distinct), which canonicalJson copies and sorts again each time: 20-40 ms of a
 * first backup's main thread, against ~10 here. `seen` carries the encodings to the next call
 * (the state file written beside the mirror holds the same manifest).
 */
export function sharedCanonicalJson(value: unknown, seen: Map<object, string> = new Map()): string {
  const encode = (v: unknown): string => {
    if (v === null || typeof v !== 'object') {
      if (typeof v === 'number' && !Number.isSafeInteger(v)) throw new Error(`canonical JSON holds integers only, got ${v}`);
      return JSON.stringify(v);
    }
    let s = seen.get(v);
    if (s !== undefined) return s;
    if (Array.isArray(v)) s = `[${v.map((x) => (x === undefined ? 'null' : encode(x))).join(',')}]`;
    else {
      const o = v as Record<string, unknown>;
      // Keys in the order JSON.stringify gives an object built with sorted keys (integer-like keys
      // come first, in numeric order), so the bytes are canonicalJson's.
      const order: Record<string, true> = {};
      for (const k of Object.keys(o).sort()) if (o[k] !== undefined) order[k] = true;
      s = `{${Object.keys(order).map((k) => `${JSON.stringify(k)}:${encode(o[k])}`).join(',')}}`;
    }
    seen.set(v, s);
    return s;
  };
  return encode(value);
}
