import type { z } from 'zod';
import type { VaultReader } from '../../vault/reader.js';
import { screenSources, type ListedManifest } from '../../vault/snapshot.js';
import { filesPartSchema, MANIFEST_V2, pipelinesPartSchema, refsPartSchema } from '../../sources/git/manifest-parts.js';
import { readGitManifest, readPart } from '../../sources/git/read-manifest.js';
import { isBulkheadError } from '../../util/errors.js';
import type { CheckProblem } from './check-problem.js';

/** Places (snapshot:source) named on one problem, as check names a damaged blob's files. */
const MAX_PLACES = 50;
/** Problems of one manifest's parts named one by one; the rest of its parts are counted. */
const MOST_PART_PROBLEMS = 20;

const short = (id: string) => id.slice(0, 12);
/** Each part is only judged, its content dropped. */
const PART_SCHEMAS: Record<'files' | 'pipelines' | 'refs', z.ZodType<unknown, z.ZodTypeDef, unknown>> = { files: filesPartSchema, pipelines: pipelinesPartSchema, refs: refsPartSchema };

/**
 * The blobs a snapshot needs outside its sources' trees: each git source's manifest (SourceRecord
 * .manifest) and, in format 2, the parts it names (files, pipelines, refs runs). `check` once
 * walked only the trees, so a snapshot whose manifest or parts the vault lacks was "No problems
 * found" while `ls`, restore and Browse of that source failed (red team 5, R5-4). Each distinct
 * blob is judged once, however many snapshots name it (an unchanged part keeps its id), and every
 * snapshot:source that needs a bad one is named on its problem. A blob in a pack --read-data found
 * damaged is named on that pack's problem, as a damaged file's data is.
 */
export class ManifestCheck {
  /** `kind:blob id` (one blob can be a sound files part and a forged pipelines part) → its problem, or null when judged sound. */
  readonly #blobs = new Map<string, CheckProblem | null>();
  /** Manifest id → the problems of it and its parts. */
  readonly #manifests = new Map<string, CheckProblem[]>();

  constructor(
    private readonly reader: VaultReader,
    private readonly problems: CheckProblem[],
    private readonly damaged: ReadonlyMap<string, CheckProblem>,
  ) {}

  async snapshot(id: string, manifest: ListedManifest): Promise<void> {
    for (const s of screenSources(manifest).sources) {
      if (s.manifest === undefined) continue;
      let found = this.#manifests.get(s.manifest);
      if (!found) {
        found = await this.#judgeManifest(s.manifest);
        this.#manifests.set(s.manifest, found);
      }
      for (const p of found) {
        p.files ??= [];
        const where = `${id}:${s.name}`;
        if (p.files.length < MAX_PLACES && !p.files.includes(where)) p.files.push(where);
      }
    }
  }

  async #judgeManifest(id: string): Promise<CheckProblem[]> {
    const what = `git manifest ${short(id)}`;
    const found: CheckProblem[] = [];
    const m = await this.#blob('manifest', id, what, (bytes) => readGitManifest(bytes, id), found);
    if (m?.format !== MANIFEST_V2) return found;
    const parts: [keyof typeof PART_SCHEMAS, string][] = [['files', m.files], ['pipelines', m.pipelines], ...(m.refParts ?? []).map((p) => ['refs', p] as [keyof typeof PART_SCHEMAS, string])];
    for (const [i, [kind, part]] of parts.entries()) {
      // A forged manifest may name 65,536 missing parts, and each snapshot another such manifest:
      // past a few, the rest of its parts are counted in one problem, not one each.
      if (found.length >= MOST_PART_PROBLEMS) {
        const rest = { kind: 'blob-missing' as const, message: `${what}: ${parts.length - i} more of its ${parts.length} parts were not checked after ${found.length} bad ones` };
        this.problems.push(rest);
        found.push(rest);
        break;
      }
      await this.#blob(kind, part, `the ${kind} part ${short(part)} of ${what}`, (bytes) => readPart({ blob: async () => bytes }, id, kind, part, PART_SCHEMAS[kind]), found);
    }
    return found;
  }

  /**
   * Judges one blob, once: not indexed (blob-missing), in a pack found damaged (that pack's
   * problem), unreadable or not what it should be (tree-unreadable). Its problem goes into `found`;
   * the parsed blob is returned only when it is judged sound now (a blob judged before is not read again).
   */
  async #blob<T>(kind: string, id: string, what: string, parse: (bytes: Buffer) => T | Promise<T>, found: CheckProblem[]): Promise<T | undefined> {
    const known = this.#blobs.get(`${kind}:${id}`);
    if (known !== undefined) {
      if (known) found.push(known);
      return undefined;
    }
    const fail = (problem: CheckProblem, fresh = true): undefined => {
      if (fresh) this.problems.push(problem);
      this.#blobs.set(`${kind}:${id}`, problem);
      found.push(problem);
      return undefined;
    };
    const damaged = this.damaged.get(id);
    if (damaged) return fail(damaged, false);
    if (!this.reader.index.has(id)) return fail({ kind: 'blob-missing', message: `${what} is not in the index` });
    try {
      const parsed = await parse(await this.reader.blob(id));
      this.#blobs.set(`${kind}:${id}`, null);
      return parsed;
    } catch (e) {
      // The store or the session failing is everyone's; anything else is this blob's (never a stack trace).
      if (isBulkheadError(e, 'STORE') || isBulkheadError(e, 'LOCKED')) throw e;
      const why = isBulkheadError(e) ? e.message : `it failed to decode: ${(e as Error).message}`;
      return fail({ kind: 'tree-unreadable', message: `${what} cannot be read: ${why}` });
    }
  }
}
