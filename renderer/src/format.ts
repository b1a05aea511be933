/**
 * Every number with a unit, every time relative and absolute. Sizes in IEC units (KiB, MiB: powers
 * of 1024), as the CLI prints them: this mirrors src/util/bytes.ts (the renderer may import only
 * src/api), and test/shape/byte-units.test.ts holds the two to the same text for every size.
 */
export function formatBytes(n: number | null | undefined): string {
  if (n === null || n === undefined) return '';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return i === 0 ? `${n} B` : `${v.toFixed(v < 10 ? 2 : 1)} ${units[i]}`;
}

export function ago(iso: string, now = Date.now()): string {
  const s = Math.round((now - new Date(iso).getTime()) / 1000);
  if (s < 0) return 'in the future';
  if (s < 90) return `${s} s ago`;
  if (s < 90 * 60) return `${Math.round(s / 60)} min ago`;
  if (s < 36 * 3600) return `${Math.round(s / 3600)} h ago`;
  return `${Math.round(s / 86400)} days ago`;
}

export function when(iso: string | null | undefined): string {
  if (!iso) return '';
  return iso.replace('T', ' ').replace(/:\d\d(\.\d+)?Z$/, ' UTC');
}

export function days(d: number): string {
  const whole = Math.floor(d);
  const hours = Math.round((d - whole) * 24);
  return `${whole} d ${hours} h`;
}

export function duration(seconds: number | null): string {
  if (seconds === null) return '';
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  const h = Math.floor(s / 3600);
  return h < 48 ? `${h} h ${Math.floor((s % 3600) / 60)} min` : `${Math.round(h / 24)} days`;
}

/** Fingerprints for humans: "ABCD-EFGH-…", easy to compare aloud and on paper. */
export function groupFingerprint(fp: string | null | undefined): string {
  return fp ? (fp.match(/.{1,4}/g)?.join('-') ?? fp) : '';
}

/** "1 file", "3 files": a count with its noun in the right number. */
export function count(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}
