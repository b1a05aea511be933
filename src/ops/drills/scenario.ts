import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { yamlModule } from '../../util/yaml-module.js';
import { z } from 'zod';
import { BulkheadError } from '../../util/errors.js';

/** A drill scenario: what an agent destroyed, how fast it must come back, and what was done first. */
export const scenarioSchema = z.object({
  name: z.string().regex(/^[a-z0-9-]+$/),
  description: z.string(),
  lost: z.object({
    kinds: z.array(z.enum(['git', 'dir', 'stream', 'github', 'gitlab'])).min(1),
    /** Sources that must be in the snapshot; a missing one fails its step. Empty: every source of those kinds. */
    sources: z.array(z.string()).default([]),
  }),
  targets: z.object({ rtoMinutes: z.number().positive(), rpoHours: z.number().positive() }),
  containment: z.array(z.string()).default([]),
});
export type Scenario = z.infer<typeof scenarioSchema>;

/** Shipped scenarios sit beside the code (copied beside the bundle by the build). */
const SHIPPED = fileURLToPath(new URL('./scenarios/', import.meta.url));

export function shippedScenarios(): string[] {
  return existsSync(SHIPPED) ? readdirSync(SHIPPED).filter((f) => f.endsWith('.yaml')).map((f) => f.slice(0, -5)).sort() : [];
}

/** A shipped scenario by name, or a YAML file of the user's. */
export function loadScenario(nameOrPath: string): Scenario {
  const path = /[/.]/.test(nameOrPath) ? nameOrPath : join(SHIPPED, `${nameOrPath}.yaml`);
  if (!existsSync(path)) {
    throw new BulkheadError('NOT_FOUND', `no scenario "${nameOrPath}"; shipped ones: ${shippedScenarios().join(', ')}, or give a YAML file`);
  }
  const parsed = scenarioSchema.safeParse(yamlParse(readFileSync(path, 'utf8')));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new BulkheadError('USAGE', `${path}: ${issue.path.join('.') || 'scenario'}: ${issue.message}`);
  }
  return parsed.data;
}

/** The YAML parser, loaded by the first scenario read rather than by every verb at start-up. */
const yamlParse = (text: string): unknown => yamlModule().parse(text);
