import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openLogFile, scrub } from './log-file.js';
import { consoleDir, consoleLogPath } from './console-dir.js';

describe('the console log', () => {
  it('appends timestamped lines to a 0600 file in a new 0700 folder, stacks indented', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'log-')), 'deep', 'console.log');
    const log = openLogFile(path, () => new Date('2026-01-02T03:04:05Z'));
    log('vaults.add failed: Error: boom\n    at x (y.js:1:1)');
    log('core exited with code 1');
    expect(readFileSync(path, 'utf8')).toBe(
      `2026-01-02T03:04:05.000Z [${process.pid}] vaults.add failed: Error: boom\n        at x (y.js:1:1)\n2026-01-02T03:04:05.000Z [${process.pid}] core exited with code 1\n`,
    );
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(join(path, '..')).mode & 0o777).toBe(0o700);
  });

  it('keeps one older file when it has grown too big', () => {
    const dir = mkdtempSync(join(tmpdir(), 'log-'));
    const path = join(dir, 'console.log');
    writeFileSync(path, 'x'.repeat(200));
    openLogFile(path, undefined, 100)('fresh');
    expect(readFileSync(`${path}.1`, 'utf8')).toBe('x'.repeat(200));
    expect(readFileSync(path, 'utf8')).toMatch(/ fresh\n$/);
  });

  it('never throws, even where it cannot write', () => {
    const dir = mkdtempSync(join(tmpdir(), 'log-'));
    writeFileSync(join(dir, 'file'), '');
    const log = openLogFile(join(dir, 'file', 'console.log'));
    expect(() => log('nowhere to go')).not.toThrow();
    expect(existsSync(join(dir, 'file', 'console.log'))).toBe(false);
  });

  it('scrubs credentials in URLs, tokens in query strings and bearer tokens', () => {
    expect(scrub('git clone https://bot:ghp_abcdefgh123@github.com/acme/api.git failed')).toBe('git clone https://***@github.com/acme/api.git failed');
    expect(scrub('GET https://s3/x?X-Amz-Signature=abc123&X-Amz-Credential=AKIA/1&part=2')).toBe('GET https://s3/x?X-Amz-Signature=***&X-Amz-Credential=***&part=2');
    expect(scrub('Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.x.y')).toBe('Authorization: Bearer ***');
    expect(scrub('nothing secret at app://bulkhead/index.html')).toBe('nothing secret at app://bulkhead/index.html');
  });

  it('lives in the console folder: BULKHEAD_CONSOLE_DIR, else XDG_CONFIG_HOME/bulkhead', () => {
    expect(consoleLogPath({ BULKHEAD_CONSOLE_DIR: '/c' })).toBe('/c/console.log');
    expect(consoleDir({ XDG_CONFIG_HOME: '/x' })).toBe('/x/bulkhead');
  });
});
