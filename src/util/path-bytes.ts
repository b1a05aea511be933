/** A relative path's names, split at each `/` of its exact bytes (a name may hold any byte but `/` and NUL). */
export function splitAtSlashes(raw: Buffer): Buffer[] {
  const parts: Buffer[] = [];
  let start = 0;
  for (let slash = raw.indexOf(0x2f); slash >= 0; slash = raw.indexOf(0x2f, start)) {
    parts.push(raw.subarray(start, slash));
    start = slash + 1;
  }
  parts.push(raw.subarray(start));
  return parts;
}
