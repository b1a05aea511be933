import { describe, expect, it } from 'vitest';
import type { Command } from 'commander';
import { buildProgram } from './main.js';
import { defaultHost } from '../host/context.js';

function verbs(c: Command, path: string[] = []): { name: string; json: boolean }[] {
  if (c.commands.length === 0) return [{ name: path.join(' '), json: c.options.some((o) => o.long === '--json') }];
  return c.commands.flatMap((s) => verbs(s, [...path, s.name()]));
}

describe('--json', () => {
  it('every verb takes it but demo, a tour that runs the others on the terminal', () => {
    const all = verbs(buildProgram(defaultHost()));
    expect(all.length).toBeGreaterThan(20);
    expect(all.filter((v) => !v.json).map((v) => v.name)).toEqual(['demo']);
  });
});
