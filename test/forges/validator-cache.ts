import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { fileURLToPath } from 'node:url';
import type { Ajv, ValidateFunction } from 'ajv';
import standaloneCode from 'ajv/dist/standalone/index.js';

/**
 * Compiled validators of a forge emulator's OpenAPI description, kept on disk between test files and
 * runs. Compiling GitHub's schemas (their $refs pull in much of the 13 MB document) cost each test
 * file that started the emulator ~1.3 s of CPU, and registering the document with Ajv ~0.6 s more.
 * A validator is compiled once, by Ajv as before, and its code saved (Ajv's standalone output: the
 * very function Ajv would run); a later file loads that code. So validation is exactly as strict.
 *
 * The cache is keyed by the description's bytes, the source of the module that prepares it for Ajv
 * (its transforms and Ajv options), and Ajv's and ajv-formats' versions; each validator by the schema
 * it was compiled from. It lives under node_modules/.cache, which a clean checkout does not have:
 * the first files of a run compile (files running side by side may both do it; a write is a rename).
 */
const require = createRequire(import.meta.url);
const ROOT = join(dirname(require.resolve('ajv/package.json')), '..', '.cache', 'bulkhead-forge-validators');
const versions = ['ajv', 'ajv-formats'].map((p) => `${p}@${(require(`${p}/package.json`) as { version: string }).version}`).join(' ');
const toCode = standaloneCode as unknown as (ajv: Ajv, v: ValidateFunction) => string;

const sha = (...parts: (string | Buffer)[]): string => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p).update('\0');
  return h.digest('hex');
};

export class ValidatorCache {
  readonly #dir: string;
  readonly #ajv: (instance: string) => Ajv;
  #saved = false;

  /**
   * `document`: the description's bytes; `preparer`: the module that turns it into Ajv's schemas
   * (import.meta.url); `ajv(instance)`: that module's Ajv instance of that name, built when first
   * needed (only on a miss), with `code: { source: true }` so that its functions can be saved.
   * `root`: where caches live (a test's own folder; node_modules/.cache by default).
   */
  constructor(name: string, document: string | Buffer, preparer: string, ajv: (instance: string) => Ajv, root = ROOT) {
    this.#dir = join(root, `${name}-${sha(document, readFileSync(fileURLToPath(preparer)), versions).slice(0, 32)}`);
    this.#ajv = ajv;
  }

  /**
   * The validator of `schema` on instance `instance`: from the cache, or compiled by Ajv and saved.
   * `id`, an `$id` the schema is compiled under, is not part of its key (it names, it does not check).
   */
  compile(instance: string, schema: object, id?: string): ValidateFunction {
    const text = JSON.stringify(schema);
    const file = join(this.#dir, `${sha(instance, text).slice(0, 40)}.cjs`);
    let code: string | undefined;
    try {
      code = readFileSync(file, 'utf8');
    } catch {
      // not compiled yet
    }
    if (code === undefined) {
      const ajv = this.#ajv(instance);
      code = toCode(ajv, ajv.compile(id === undefined ? schema : { $id: id, ...schema }));
      this.#save(file, code);
    }
    const module = { exports: {} as ValidateFunction };
    // Ajv's own generated code, evaluated as Ajv itself evaluates it (new Function).
    new Function('require', 'module', 'exports', code)(require, module, module.exports);
    return module.exports;
  }

  /** Saves a validator's code (a rename: a reader sees all of it or none); the first save drops caches of other keys. */
  #save(file: string, code: string): void {
    try {
      if (!this.#saved) {
        this.#saved = true;
        const [root, name] = [dirname(this.#dir), basename(this.#dir).replace(/-[0-9a-f]+$/, '-')];
        for (const old of existsSync(root) ? readdirSync(root) : []) if (old.startsWith(name) && join(root, old) !== this.#dir) rmSync(join(root, old), { recursive: true, force: true });
      }
      mkdirSync(this.#dir, { recursive: true });
      const tmp = `${file}.${process.pid}.tmp`;
      writeFileSync(tmp, code);
      renameSync(tmp, file);
    } catch {
      // Only a cache: the next file compiles it again.
    }
  }
}

/**
 * A description's parsed form, kept as JSON under the same root: YAML's parse of GitLab's 210 kB
 * description cost each file that started its emulator ~0.7 s of CPU, JSON's of the same ~10 ms.
 * Keyed by the text and `parser` (its name and version); kept only where JSON gives back exactly what
 * the parser gave (no dates, no NaN), else parsed each time as before.
 */
export function parsedDocument(name: string, text: string, parser: string, parse: (text: string) => unknown, root = ROOT): unknown {
  const dir = join(root, 'documents');
  const file = join(dir, `${name}-${sha(text, parser).slice(0, 32)}.json`);
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as unknown;
  } catch {
    // not parsed yet (or a torn file from another cache: parsed again)
  }
  const parsed = parse(text);
  const json = JSON.stringify(parsed);
  if (!isDeepStrictEqual(JSON.parse(json), parsed)) return parsed;
  try {
    mkdirSync(dir, { recursive: true });
    for (const old of readdirSync(dir)) if (old.startsWith(`${name}-`) && join(dir, old) !== file && !old.endsWith('.tmp')) rmSync(join(dir, old), { force: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, json);
    renameSync(tmp, file);
  } catch {
    // Only a cache: the next file parses it again.
  }
  return parsed;
}
