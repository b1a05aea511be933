// Preloaded (--import) into every forked vitest worker (vitest.config.ts). tinypool, which each worker
// imports, counts the machine's physical cores at import time with two shell pipelines
// (`cat /proc/cpuinfo | grep … | sort | uniq | wc -l`): ~12 processes and ~0.15 CPU s per test file
// (~140 forked files a run), for a count vitest never uses (it sizes its pools itself). Those two
// exact commands are answered here from /proc/cpuinfo read in-process, with what the pipeline
// prints; any other call goes to Node's own execSync, which is put back once both have been asked.
import childProcess from 'node:child_process';
import { readFileSync } from 'node:fs';

const PROBES = new Map([
  ['cat /proc/cpuinfo | grep "physical id" | sort |uniq | wc -l', 'physical id'],
  ['cat /proc/cpuinfo | grep "core id" | sort | uniq | wc -l', 'core id'],
]);
const original = childProcess.execSync;
let left = PROBES.size;

childProcess.execSync = function execSync(command, options, ...rest) {
  const field = typeof command === 'string' ? PROBES.get(command) : undefined;
  if (field === undefined) return original.call(this, command, options, ...rest);
  if (--left === 0) childProcess.execSync = original;
  let distinct = 0;
  try {
    distinct = new Set(readFileSync('/proc/cpuinfo', 'utf8').split('\n').filter((line) => line.includes(field))).size;
  } catch {
    return original.call(this, command, options, ...rest); // no /proc here: the real pipeline
  }
  const out = `${distinct}\n`;
  const encoding = typeof options === 'string' ? options : options?.encoding;
  return encoding && encoding !== 'buffer' ? out : Buffer.from(out);
};
