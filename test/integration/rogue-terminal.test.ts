import { beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CliWorkspace, type CliResult } from '../helpers/cli.js';

/**
 * A hijacked agent backs up files it named and filled itself. Their names and contents reach the
 * operator's terminal through ls, diff, snapshots, restore and check: escape sequences there would
 * retitle the terminal, set its clipboard (OSC 52), clear what it showed or reorder text. Every
 * verb shows them escaped instead, and --json still carries the exact names. The verbs run through
 * main() in this process (CliWorkspace.here*): the subject is what they write, not the process.
 */
const OSC_TITLE = 'title\x1b]0;pwned\x07';
const CLIPBOARD = 'clip\x1b]52;c;cm0gLXJmIH4K\x07';
const CLEAR = 'clear\x1b[2J\x1b[H';
const BIDI = 'invoice\u202Efdp.exe';
const CSI_C1 = 'c1\u009b31m';
const CR = 'over\rwritten';
const NAMES = [OSC_TITLE, CLIPBOARD, CLEAR, BIDI, CSI_C1, CR];
/** What a terminal would act on: C0 controls but tab and newline, DEL, C1, bidi overrides. */
const LIVE = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/;

const all = (r: CliResult) => `${r.stdout}${r.stderr}`;

function strings(value: unknown, out = new Set<string>()): Set<string> {
  if (typeof value === 'string') out.add(value);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) strings(v, out);
  return out;
}

describe('names and contents a hijacked agent chose, shown to the operator (local immutable vault)', () => {
  const ws = new CliWorkspace();
  const src = join(ws.dir, 'src');

  beforeAll(async () => {
    await ws.setupQuick();
    mkdirSync(join(src, `dir-${CLEAR}`), { recursive: true });
    for (const name of NAMES) writeFileSync(join(src, name), `${name}\n`);
    writeFileSync(join(src, `dir-${CLEAR}`, 'inner.txt'), 'inner\n');
    writeFileSync(join(src, 'notes.txt'), 'plain\n');
    await ws.hereOk(['backup', '--store', ws.store, '--writer', 'writer.json', '--source', 'dir:src', '--tag', `nightly${OSC_TITLE}`]);
    // The agent's next move: its own files changed, so the operator diffs against live.
    writeFileSync(join(src, 'notes.txt'), `plain\n${CLIPBOARD}\n`);
    rmSync(join(src, CLEAR));
  }, 120_000);

  it('ls shows each name escaped, never raw', async () => {
    const r = await ws.hereOk(ws.operator('ls', 'latest:src'));
    expect(all(r)).not.toMatch(LIVE);
    expect(r.stdout).toContain('title\\e]0;pwned\\x07');
    expect(r.stdout).toContain('invoice\\u202efdp.exe');
    expect(r.stdout).toContain('over\\rwritten');
  });

  it('ls --json carries the exact names', async () => {
    const r = await ws.hereOk(ws.operator('ls', 'latest:src', '--json'));
    expect(all(r)).not.toMatch(LIVE);
    const found = strings(JSON.parse(r.stdout));
    for (const name of NAMES) expect([...found].some((s) => s === name || s.endsWith(`/${name}`))).toBe(true);
  });

  it('snapshots, diff against live (names and the changed content), dry-run restore and check show nothing raw', async () => {
    const runs = [
      await ws.hereOk(ws.operator('snapshots')),
      await ws.here(ws.operator('diff', 'latest', '--live')),
      await ws.hereOk(ws.operator('restore', 'latest:src', '--target', join(ws.dir, 'out'), '--dry-run')),
      await ws.hereOk(ws.operator('check')),
    ];
    for (const r of runs) expect(all(r)).not.toMatch(LIVE);
    expect(runs[0]!.stdout).toContain('src(dir)'); // the listing did show the snapshot
    expect(runs[0]!.stdout).toContain('nightlytitle\\e]0;pwned\\x07'); // and its tag, escaped
    expect(runs[1]!.stdout).toContain('clear\\e[2J\\e[H'); // the deletion, named
  });

  it('restores the exact names to disk: escaping is for the eyes only', async () => {
    const out = join(ws.dir, 'restored');
    expect(all(await ws.hereOk(ws.operator('restore', 'latest:src', '--target', out)))).not.toMatch(LIVE);
    for (const name of NAMES) expect(readFileSync(join(out, name), 'utf8')).toBe(`${name}\n`);
  });
});
