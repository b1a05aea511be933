import type { Command } from 'commander';

export interface OperatorOptions {
  store: string;
  identity?: string;
  shares?: string[];
  passphraseFile?: string;
  json?: boolean;
}

/** `--shares a.txt,b.txt` or `--shares a.txt --shares b.txt` (a greedy list would swallow the snapshot argument). */
export const collectFiles = (value: string, previous: string[] = []): string[] => [...previous, ...value.split(',').filter(Boolean)];

/** A repeatable option's values, in order. */
export const collect = (value: string, previous: string[]): string[] => [...previous, value];

/** The options every operator verb takes (declared at start-up: the code that uses them loads with the verb). */
export function operatorOptions(cmd: Command): Command {
  return cmd
    .requiredOption('--store <url>', 'the vault: file://PATH or s3://BUCKET[/PREFIX][?endpoint=URL&region=R&profile=P]')
    .option('--identity <file>', 'the sealed recovery identity')
    .option('--shares <files>', 'instead of --identity: share files of a quorum, comma-separated or the option repeated', collectFiles)
    .option('--passphrase-file <file>', 'read the passphrase from a file (or set BULKHEAD_PASSPHRASE)')
    .option('--json', 'machine-readable output');
}
