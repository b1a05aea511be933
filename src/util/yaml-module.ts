import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

/**
 * Where the YAML parser loads from: the built CLI ships it bundled into one file beside its chunks
 * (build/bundle.mjs), which loads in a fraction of the time of the package's ~80 modules; run from
 * source (tests, tsx) it is the package.
 */
export function yamlModulePath(): string {
  const bundled = fileURLToPath(new URL('./yaml.cjs', import.meta.url));
  return existsSync(bundled) ? bundled : createRequire(import.meta.url).resolve('yaml');
}

let loaded: typeof import('yaml') | undefined;

/** The YAML module, loaded on first use (so a verb that reads no YAML never pays for it). */
export function yamlModule(): typeof import('yaml') {
  return (loaded ??= createRequire(import.meta.url)(yamlModulePath()) as typeof import('yaml'));
}
