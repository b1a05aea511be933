import { existsSync, readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * The branch the mirror's HEAD names, read from its HEAD file: the mirror is this agent's own bare
 * repository (files ref backend), and a git process per repository is most of what an unchanged
 * one costs. Empty when HEAD is detached or unreadable.
 */
export async function headRefFile(dir: string): Promise<string> {
  const text = await readFile(join(dir, 'HEAD'), 'utf8').catch(() => '');
  const m = /^ref: (refs\/\S+)\s*$/.exec(text);
  return m ? m[1]! : '';
}

/** Whether refs/ holds any loose ref file (a folder of empty folders holds none). */
function looseRefs(dir: string): boolean {
  return readdirSync(dir, { recursive: true, withFileTypes: true }).some((e) => !e.isDirectory());
}

/**
 * The refs of a mirror `git clone --mirror` has just written, read from its packed-refs file (a
 * clone writes every ref there and none loose): what `for-each-ref` would list, without starting
 * git. Undefined when the mirror holds anything else (a loose ref, an unexpected line): the caller
 * asks git then.
 */
export async function clonedRefs(dir: string): Promise<Record<string, string> | undefined> {
  if (!existsSync(join(dir, 'refs')) || looseRefs(join(dir, 'refs'))) return undefined;
  const text = await readFile(join(dir, 'packed-refs'), 'utf8').catch((e: NodeJS.ErrnoException) => (e.code === 'ENOENT' ? '' : undefined));
  if (text === undefined) return undefined;
  const refs: Record<string, string> = {};
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#') || line.startsWith('^')) continue; // header, peeled tags
    const m = /^([0-9a-f]{40}|[0-9a-f]{64}) (refs\/\S.*)$/.exec(line);
    if (!m) return undefined;
    refs[m[2]!] = m[1]!;
  }
  return refs;
}
