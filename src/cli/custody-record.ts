import { promises as fsp } from 'node:fs';
import { z } from 'zod';

/** Public facts about the splits made of an identity, kept beside it: never a share or a secret. */
const splitSchema = z.object({ created: z.string(), threshold: z.number(), total: z.number(), holders: z.array(z.string()), splitId: z.string() });
export type SplitRecord = z.infer<typeof splitSchema>;

const recordPath = (identityPath: string) => `${identityPath}.shares.json`;

export async function readSplits(identityPath: string): Promise<SplitRecord[]> {
  const text = await fsp.readFile(recordPath(identityPath), 'utf8').catch(() => undefined);
  if (!text) return [];
  const parsed = z.array(splitSchema).safeParse(JSON.parse(text));
  return parsed.success ? parsed.data : [];
}

export async function recordSplit(identityPath: string, split: SplitRecord): Promise<void> {
  const all = [...(await readSplits(identityPath)), split];
  await fsp.writeFile(recordPath(identityPath), JSON.stringify(all, null, 2) + '\n', { mode: 0o600 });
}
