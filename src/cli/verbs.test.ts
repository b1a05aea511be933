import { describe, expect, it } from 'vitest';
import type { Command } from 'commander';
import { buildProgram } from './main.js';
import { defaultHost } from '../host/context.js';
import { USAGE_CASES } from '../../test/helpers/cli-errors.js';

/** Every verb the program has, as its words ("vault recipients add"), with the command that runs it. */
function verbs(c: Command, path: string[] = []): [string, Command][] {
  return c.commands.flatMap((s) => (s.commands.length > 0 ? verbs(s, [...path, s.name()]) : [[[...path, s.name()].join(' '), s] as [string, Command]]));
}

describe('the CLI conventions, for every verb', () => {
  const all = verbs(buildProgram(defaultHost()));

  it('--json: every verb takes it but demo, a tour that runs the others on the terminal', () => {
    expect(all.length).toBeGreaterThan(20);
    expect(all.filter(([, cmd]) => !cmd.options.some((o) => o.long === '--json')).map(([verb]) => verb)).toEqual(['demo']);
  });

  it('every verb has a usage case, which the exit-code test runs (exit 2, a JSON error under --json)', () => {
    // A new verb fails here until test/helpers/cli-errors.ts names a way to misuse it.
    const covered = (verb: string) => USAGE_CASES.some((args) => args.slice(0, verb.split(' ').length).join(' ') === verb);
    expect(all.map(([verb]) => verb).filter((verb) => !covered(verb))).toEqual([]);
  });
});
