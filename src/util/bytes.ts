/**
 * A size for people, in IEC units (KiB, MiB: powers of 1024, as restic prints them), the same in the
 * CLI and the console: renderer/src/format.ts mirrors it (the renderer may import only src/api) and
 * test/shape/byte-units.test.ts holds the two to the same text.
 */
export function formatBytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return i === 0 ? `${n} B` : `${v.toFixed(v < 10 ? 2 : 1)} ${units[i]}`;
}

