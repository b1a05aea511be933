import { statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { KNOWN_SECONDS } from './slow-files.js';

/**
 * Seconds a file of each project is guessed to take per KiB of source when it is not in
 * KNOWN_SECONDS (a new file): an integration or e2e file starts CLI processes, git, S3 or Chromium
 * for most of its lines; a unit file's lines mostly run in-process.
 */
const SECONDS_PER_KIB: Record<string, number> = { unit: 0.1, integration: 1.5, e2e: 4 };

/** The seconds a test file is expected to take (from start to its last hook) on the CI machine. */
export function expectedSeconds(project: string, file: string, root = process.cwd()): number {
  const known = KNOWN_SECONDS[file];
  if (known !== undefined) return known;
  let kib = 1;
  try {
    kib = statSync(join(root, file)).size / 1024;
  } catch {
    // a file vitest was given but that is gone: any weight will do
  }
  return kib * (SECONDS_PER_KIB[project] ?? 1);
}

/**
 * Longest first (the "longest processing time" rule): with four workers, a 90 s file that starts
 * last keeps the run waiting on it alone, while the short ones fill the gaps at the end. vitest's
 * own order needs its results cache (which a clean clone has not) and otherwise goes by file size,
 * which put the slowest integration file (a 3 kB emulator test) behind a dozen cheap ones.
 */
export class SlowestFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const root = this.ctx.config.root;
    const weight = new Map(files.map((f) => [f, expectedSeconds(f.project.name, relative(root, f.moduleId), root)]));
    return [...files].sort((a, b) => weight.get(b)! - weight.get(a)!);
  }
}
