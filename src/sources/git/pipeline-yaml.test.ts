import { describe, expect, it } from 'vitest';
import { PIPELINE_FILE_LIMIT, readYaml } from './pipeline-yaml.js';

describe('reading a pipeline file someone else wrote', () => {
  it('finds a GitHub duplicate key at any depth in one pass, and lets GitLab take it', () => {
    expect(readYaml('github-actions', 'on: push\njobs:\n  a: {runs-on: x}\n  a: {runs-on: y}\n')).toEqual({ error: 'Map keys must be unique: "a" appears twice' });
    expect(readYaml('github-actions', 'on: push\njobs: {a: 1}\njobs: {b: 2}\n')).toEqual({ error: 'Map keys must be unique: "jobs" appears twice' });
    expect(readYaml('github-actions', 'on: push\n1: a\n"1": b\n')).toMatchObject({ docs: [{ on: 'push' }] }); // a number and a string differ, as GitHub reads them
    expect(readYaml('gitlab-ci', 'a: {script: x}\na: {script: y}\n')).toEqual({ docs: [{ a: { script: 'y' } }] });
  });

  it('refuses a file over the limit unparsed, and an alias bomb or deep nesting as that file\'s error', () => {
    expect(readYaml('gitlab-ci', `a: "${'x'.repeat(PIPELINE_FILE_LIMIT)}"\n`)).toEqual({ error: expect.stringMatching(/^\d+ bytes, over the 1048576 bytes a pipeline file is read to: not parsed$/) });
    let laughs = 'a: &a [x, x, x, x, x, x, x, x, x]\n';
    for (let i = 0; i < 9; i++) laughs += `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(9).fill(`*${String.fromCharCode(97 + i)}`).join(',')}]\n`;
    expect(readYaml('gitlab-ci', laughs)).toEqual({ error: expect.stringMatching(/alias count/i) });
    expect(readYaml('drone', '['.repeat(5000) + ']'.repeat(5000))).toEqual({ error: expect.stringMatching(/call stack/i) });
  });
});
