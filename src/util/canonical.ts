/**
 * Canonical JSON: object keys sorted, no whitespace, integers only. Everything that is hashed or
 * signed goes through here so that two writers produce the same bytes for the same value.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

export function canonicalBytes(value: unknown): Buffer {
  return Buffer.from(canonicalJson(value), 'utf8');
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    // No prototype: a key "__proto__" (a branch may be named so) is then an ordinary key, as in JSON.
    const out = Object.create(null) as Record<string, unknown>;
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = sortKeys(v);
    }
    return out;
  }
  if (typeof value === 'number' && !Number.isSafeInteger(value)) {
    throw new Error(`canonical JSON holds integers only, got ${value}`);
  }
  return value;
}

/**
 * canonicalJson's bytes, with each object encoded once however often it occurs (kept here, beside
 * canonicalJson, and tested against it: one module owns the format). A git manifest names the same
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
      const order = Object.create(null) as Record<string, true>; // "__proto__" an ordinary key, as in sortKeys
      for (const k of Object.keys(o).sort()) if (o[k] !== undefined) order[k] = true;
      s = `{${Object.keys(order).map((k) => `${JSON.stringify(k)}:${encode(o[k])}`).join(',')}}`;
    }
    seen.set(v, s);
    return s;
  };
  return encode(value);
}
