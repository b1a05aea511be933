import { CatFile } from './cat-file.js';
import { PIPELINE_FILE_LIMIT } from './pipeline-yaml.js';
import { boundedOptions } from '../../util/bounded-line-diff.js';

/** The largest side a pipeline's patch is computed for: the size a pipeline file is read to. */
const MOST_PATCH_BYTES = PIPELINE_FILE_LIMIT;

/**
 * The bytes of pipeline files (both sides) one comparison shows as patches. Each patch is bounded
 * (util/bounded-line-diff.ts), but their count is the writer's: hundreds of branches, each changing
 * a pipeline of nearly 1 MiB, were hundreds of line diffs, and as many MiB of patch text. Past the
 * budget a change is still listed, its patch a line saying why; the default branch's come first.
 */
export const PATCH_BUDGET_BYTES = 16 * 1024 * 1024;

export class PatchBudget {
  constructor(public bytes = PATCH_BUDGET_BYTES) {}
}

/** A unified diff as `git diff` prints it: `diff --git` and `index` lines, then `--- a/`, `+++ b/`, hunks. */
export async function pipelinePatch(gitDir: string, path: string, before: string, after: string, budget: PatchBudget): Promise<string> {
  const head = `diff --git a/${path} b/${path}\nindex ${before.slice(0, 12)}..${after.slice(0, 12)}\n`;
  const objects = new CatFile(gitDir);
  try {
    // Either side is its writer's (anyone who can push to the repository): sizes first, content only when shown.
    const sizes = (await objects.infoMany([before, after])).map((o) => o?.size ?? 0);
    const larger = Math.max(...sizes);
    if (larger > MOST_PATCH_BYTES) return `${head}(not shown: ${larger} bytes, over the ${MOST_PATCH_BYTES} a pipeline file is compared to)\n`;
    const both = sizes[0]! + sizes[1]!;
    if (both > budget.bytes) return `${head}(not shown: past the ${PATCH_BUDGET_BYTES} bytes of pipeline files one comparison shows as patches; compare them with git diff)\n`;
    budget.bytes -= both;
    const [x, y] = await objects.getMany([before, after]);
    const [a, b] = [x?.content.toString('utf8') ?? '', y?.content.toString('utf8') ?? ''];
    const { createTwoFilesPatch } = await import('diff'); // loaded only by a diff that shows a patch
    const options = boundedOptions(a, b);
    const body = createTwoFilesPatch(`a/${path}`, `b/${path}`, a, b, undefined, undefined, options);
    if (body === undefined) return `${head}(not shown: the two versions differ in more than ${options.maxEditLength} lines; compare them with git diff)\n`;
    return `${head}${body.replace(/^=+\n/, '')}`;
  } finally {
    objects.close();
  }
}
