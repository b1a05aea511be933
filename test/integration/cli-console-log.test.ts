import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { tempDir } from '../helpers/vault.js';

const CLI = fileURLToPath(new URL('../../build/bin/bulkhead.mjs', import.meta.url));

describe('console --web --json and the console log', () => {
  it('prints the link as one JSON line (and a new one for each line typed), logs to console.log in the console folder (never the token), exits 0 on SIGTERM', async () => {
    const dir = tempDir('bulkhead-console-log-');
    const child = spawn(process.execPath, [CLI, 'console', '--web', '--json'], { env: { ...process.env, BULKHEAD_CONSOLE_DIR: dir, BULKHEAD_CACHE_DIR: join(dir, 'cache') } });
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    const lines = createInterface({ input: child.stdout });
    const first = await new Promise<string>((resolve) => lines.once('line', resolve));
    const link = JSON.parse(first) as { url: string; origin: string };
    expect(link.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/open\?token=/);
    expect(link.url.startsWith(link.origin)).toBe(true);
    const log = join(dir, 'console.log');
    expect(readFileSync(log, 'utf8')).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z \[\d+\] bulkhead console: serving http:\/\/127\.0\.0\.1:\d+ /);
    expect(readFileSync(log, 'utf8')).not.toContain(new URL(link.url).searchParams.get('token')!);
    expect(statSync(log).mode & 0o777).toBe(0o600);
    // A line at the terminal: a new one-time link, the same origin, another token.
    const next = new Promise<string>((resolve) => lines.once('line', resolve));
    child.stdin.write('\n');
    const renewed = JSON.parse(await next) as { url: string };
    expect(renewed.url.startsWith(`${link.origin}/open?token=`)).toBe(true);
    expect(renewed.url).not.toBe(link.url);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
