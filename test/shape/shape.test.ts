import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

// What a newcomer relies on when finding their way: small files, no import cycles, ops/ by feature.
const ROOT = resolve(import.meta.dirname, '../..');
const tracked = (dir: string): string[] =>
  execFileSync('git', ['ls-files', dir], { cwd: ROOT, encoding: 'utf8' }).split('\n').filter((f) => /\.tsx?$/.test(f));
const code = [...tracked('src'), ...tracked('electron'), ...tracked('renderer')];

/** Relative imports of one file, as repository paths of .ts/.tsx files (type-only ones included). */
function importsOf(file: string): string[] {
  const text = readFileSync(resolve(ROOT, file), 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(/from\s+'(\.{1,2}\/[^']+)'/g)) {
    const base = resolve(ROOT, dirname(file), m[1]!).replace(/\.js$/, '');
    const hit = [`${base}.ts`, `${base}.tsx`].find((p) => existsSync(p));
    if (hit) out.push(hit.slice(ROOT.length + 1));
  }
  return out;
}

function cycles(files: string[]): string[][] {
  const graph = new Map<string, string[]>();
  const edges = (f: string): string[] => graph.get(f) ?? graph.set(f, importsOf(f)).get(f)!;
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const found: string[][] = [];
  const visit = (f: string): void => {
    state.set(f, 'open');
    stack.push(f);
    for (const next of edges(f)) {
      if (state.get(next) === 'open') found.push([...stack.slice(stack.indexOf(next)), next]);
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(f, 'done');
  };
  for (const f of files) if (!state.has(f)) visit(f);
  return found;
}

/**
 * What `from` reaches through static imports only (type-only imports are erased; dynamic import()
 * and createRequire are not followed): what every run of that entry point loads. Packages by name
 * (with the file that imports each first), and the repository's files.
 */
function staticGraph(from: string): { packages: Map<string, string>; files: Set<string> } {
  const found = new Map<string, string>();
  const seen = new Set<string>();
  const queue = [from];
  while (queue.length > 0) {
    const file = queue.shift()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const text = readFileSync(resolve(ROOT, file), 'utf8');
    for (const m of text.matchAll(/^(?:import|export)\s+(?!type\b)[^;]*?from\s+'([^']+)'/gms)) {
      const spec = m[1]!;
      if (!spec.startsWith('.')) {
        if (!found.has(spec)) found.set(spec, file);
        continue;
      }
      const base = resolve(ROOT, dirname(file), spec).replace(/\.js$/, '');
      const hit = [`${base}.ts`, `${base}.tsx`].find((p) => existsSync(p));
      if (hit) queue.push(hit.slice(ROOT.length + 1));
    }
  }
  return { packages: found, files: seen };
}
const staticPackages = (from: string): Map<string, string> => staticGraph(from).packages;

/** Loaded when first used, never by what every call or every verb loads. */
const HEAVY = /^(@octokit|@gitbeaker|bottleneck|yaml$|diff$|@aws-sdk|@cantoo|qrcode|jsqr|react|better-sqlite3|playwright)/;

describe('codebase shape', () => {
  it('starts the CLI without loading forge clients, parsers or the console', () => {
    // Every agent run pays for what src/cli/main.ts loads statically; these load when first used.
    const packages = staticPackages('src/cli/main.ts');
    expect(packages.has('commander')).toBe(true); // the walk itself works
    const loaded = [...packages].filter(([pkg]) => HEAVY.test(pkg)).map(([pkg, by]) => `${pkg} (imported by ${by})`);
    expect(loaded).toEqual([]);
  });

  it('starts the CLI with its declarations only: --version, --help and usage errors load no verb', () => {
    // Each verb's code (src/cli/actions/*) is an import() when it runs (src/cli/lazy-action.ts): start-up
    // is commander, the verbs' names, options and help, and how an error is reported. Not zod, not the
    // vault, the stores, the keys or any source: those are the verb's, and cost every call otherwise.
    const { packages, files } = staticGraph('src/cli/main.ts');
    expect([...packages.keys()].filter((p) => !p.startsWith('node:'))).toEqual(['commander']);
    const allowed = /^src\/cli\/(commands\/[^/]+|[^/]+)\.ts$|^src\/util\/(errors|terminal-text|lookalike-text|bytes|system-error)\.ts$|^src\/vault\/agent-version\.ts$|^src\/ops\/restore\/forge-words\.ts$/;
    expect([...files].filter((f) => !allowed.test(f))).toEqual([]);
    expect([...files].filter((f) => /^src\/cli\/(actions|session|secrets)/.test(f))).toEqual([]);
    expect(files.has('src/cli/commands/snapshots.ts')).toBe(true); // the walk itself works
  });

  it('loads no forge client, parser or console with any verb but where it is used', () => {
    // A verb's own static imports: backup on a schedule and snapshots from scripts pay for these.
    const actions = tracked('src/cli/actions').filter((f) => !f.includes('.test.'));
    expect(actions.length).toBeGreaterThan(10);
    const heavy = actions.flatMap((a) => [...staticPackages(a)].filter(([pkg]) => HEAVY.test(pkg)).map(([pkg, by]) => `${a}: ${pkg} (imported by ${by})`));
    expect(heavy).toEqual([]);
    // What `snapshots` (and `ls`, `check`) load: the reader and its checks, not a restore, a diff, a drill or the console.
    const listing = staticGraph('src/cli/actions/snapshots.ts').files;
    expect([...listing].filter((f) => /^src\/(ops\/(restore|diff|drills|browse)|host\/console|catalog|storage\/s3)\//.test(f))).toEqual([]);
  });

  it('has no file past 400 lines', () => {
    const long = code.filter((f) => readFileSync(resolve(ROOT, f), 'utf8').split('\n').length > 400);
    expect(long).toEqual([]);
  });

  it('has no import cycle, type-only imports included', () => {
    expect(cycles(code.filter((f) => !f.includes('.test.'))).map((c) => c.join(' -> '))).toEqual([]);
  });

  it('keeps src/ops grouped by feature, with only shared helpers at its top', () => {
    const loose = readdirSync(resolve(ROOT, 'src/ops')).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
    expect(loose.sort()).toEqual(['kernel-fs.ts', 'open-vault.ts', 'paths.ts', 'snapshot-ref.ts']);
  });

  it('writes to the terminal only through what makes a vault\'s text safe for it', () => {
    // Names and contents come from a writer that may be hijacked: src/util/terminal-text.ts escapes
    // what would drive the terminal. A raw write elsewhere is a way around it.
    const raw = /process\.std(out|err)\.write\((?!(terminalSafe|jsonText)\()|console\.(log|error|warn|info)\(/;
    const writers = code.filter((f) => !f.includes('.test.') && f.startsWith('src/') && raw.test(readFileSync(resolve(ROOT, f), 'utf8')));
    expect(writers).toEqual([]);
  });

  it('detects a cycle when there is one', () => {
    // The check itself, on two files of this test's own making, so a broken resolver cannot pass silently.
    expect(cycles(['test/shape/fixtures/a.ts'])).toEqual([['test/shape/fixtures/a.ts', 'test/shape/fixtures/b.ts', 'test/shape/fixtures/a.ts']]);
  });
});
