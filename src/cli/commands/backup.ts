import type { Command } from 'commander';
import { lazyAction, type HostSource } from '../lazy-action.js';
import { collect } from '../operator-options.js';

export function registerBackup(program: Command, host: HostSource): void {
  program
    .command('backup')
    .description('snapshot sources into the vault (needs only the writer credential)')
    .requiredOption('--store <url>', 'the vault: file://PATH or s3://BUCKET[/PREFIX][?endpoint=URL&region=R&profile=P]')
    .requiredOption('--writer <file>', 'the writer credential from "vault enroll"')
    .option('--source <spec>', '[NAME=]dir:PATH, [NAME=]stream:COMMAND, [NAME=]git:URL_OR_PATH, git-list:FILE, [NAME=]github:OWNER[/REPO], github-list:FILE, [NAME=]gitlab:GROUP[/PROJECT] (repeatable)', collect, [])
    .option('--exclude <glob>', 'leave out matching paths of dir sources (repeatable)', collect, [])
    .option('--tag <tag>', 'label the snapshot (repeatable)', collect, [])
    .option('--stream-idle-timeout <minutes>', 'stop a stream command that prints nothing for this long (a dump waiting on a lock) and record it failed; 0: wait for ever', '30')
    .option('--stream-timeout <minutes>', 'stop a stream command still printing after this long (one that prints for ever: a log it follows, a growing file it reads) and record it failed; 0: no limit', '720')
    .option('--json', 'print a JSON summary')
    .action(lazyAction(host, async () => (await import('../actions/backup.js')).runBackup));
}
