import { readdirSync, readFileSync } from 'node:fs';

interface Proc {
  ppid: number;
  comm: string;
  /** utime + stime + cutime + cstime, in seconds: its own CPU and that of the children it reaped. */
  seconds: number;
}

function proc(pid: number): Proc | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { ppid: Number(f[1]), comm: stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')), seconds: (Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])) / 100 };
  } catch {
    return null; // gone meanwhile
  }
}

/**
 * CPU seconds of the live processes under `roots` (each root and its descendants), read from /proc
 * (Linux). For Chromium, whose processes nobody waits for in a way getrusage or /usr/bin/time sees:
 * an e2e file's Chromium costs as much CPU as the rest of the file, and showed in no per-file figure.
 */
export function treeCpuSeconds(roots: (pid: number, p: Proc) => boolean): number {
  const all = new Map<number, Proc>();
  for (const name of readdirSync('/proc')) {
    const p = /^\d+$/.test(name) ? proc(Number(name)) : null;
    if (p) all.set(Number(name), p);
  }
  const children = new Map<number, number[]>();
  for (const [pid, p] of all) children.set(p.ppid, [...(children.get(p.ppid) ?? []), pid]);
  const stack = [...all].filter(([pid, p]) => roots(pid, p)).map(([pid]) => pid);
  let seconds = 0;
  while (stack.length > 0) {
    const pid = stack.pop()!;
    seconds += all.get(pid)?.seconds ?? 0;
    stack.push(...(children.get(pid) ?? []));
  }
  return seconds;
}
