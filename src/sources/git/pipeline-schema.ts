import { z } from 'zod';
import { PIPELINE_FILE_LIMIT } from './pipeline-yaml.js';
import type { Pipeline } from './pipelines.js';
import type { PipelineSystem } from './pipeline-system.js';

/**
 * Bounds of a pipeline's strings and lists. Every name, trigger, job, include and error the writer
 * records comes out of one pipeline file, which it reads only up to PIPELINE_FILE_LIMIT bytes: none
 * is longer, and no list has more entries, than that file has bytes (an honest path is far shorter
 * still). Past them the manifest was forged, and a reader need not hold or print what it says.
 */
const text = z.string().max(PIPELINE_FILE_LIMIT);
const texts = z.array(text).max(PIPELINE_FILE_LIMIT);

/**
 * One pipeline as the writer records it (Pipeline, pipelines.ts). Fields this version does not know
 * are dropped, not refused: an older or newer agent's extra field costs nothing.
 */
/**
 * A CI system's name: one of PIPELINE_SYSTEMS, or a newer agent's. Readers only show it (the agent
 * that scanned the file parsed it), so an older reader still reads a newer agent's repository.
 */
const system = z.string().regex(/^[a-z][a-z0-9-]{0,63}$/, 'not a pipeline system name') as unknown as z.ZodType<PipelineSystem>;

export const pipelineSchema = z.object({
  system,
  path: text,
  blob: z.string().regex(/^[0-9a-f]{40}(?:[0-9a-f]{24})?$/, 'not a git object id'),
  name: text.optional(),
  triggers: texts,
  jobs: texts,
  valid: z.boolean(),
  error: text.optional(),
  includes: texts.optional(),
  deferred: z.literal(true).optional(),
}) satisfies z.ZodType<Pipeline>;

const branchSchema = z.array(pipelineSchema);

/**
 * Every branch's pipelines, by branch name, as an object without a prototype: a branch may be
 * named anything git allows, "constructor" or "__proto__" too, and each is an ordinary key (zod's
 * record drops a "__proto__" key, and a plain object answers "constructor" with Object's). The
 * first branch whose pipelines do not parse is the issue, its name in the path.
 */
export const gitPipelinesSchema: z.ZodType<Record<string, Pipeline[]>, z.ZodTypeDef, unknown> = z.unknown().transform((raw, ctx) => {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: `Expected an object of branches, received ${raw === null ? 'null' : Array.isArray(raw) ? 'array' : typeof raw}` });
    return z.NEVER;
  }
  const out = Object.create(null) as Record<string, Pipeline[]>;
  for (const [branch, list] of Object.entries(raw)) {
    const r = branchSchema.safeParse(list);
    if (!r.success) {
      for (const issue of r.error.issues) ctx.addIssue({ ...issue, path: [branch, ...issue.path] } as z.IssueData);
      return z.NEVER;
    }
    out[branch] = r.data;
  }
  return out;
});

/**
 * A branch's pipelines by its name, an own key only: "constructor" or "toString" is a branch like any
 * other, never what Object.prototype holds under that name. Undefined when the branch has none.
 */
export function pipelinesOf(pipelines: Record<string, Pipeline[]>, branch: string | null | undefined): Pipeline[] | undefined {
  return branch !== null && branch !== undefined && Object.hasOwn(pipelines, branch) ? pipelines[branch] : undefined;
}
