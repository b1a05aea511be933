import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CliWorkspace } from '../helpers/cli.js';

describe('the README\'s first command', () => {
  it('bulkhead demo runs the whole job on a local immutable vault and says how to open the console', async () => {
    const ws = new CliWorkspace();
    delete ws.env.BULKHEAD_PASSPHRASE; // the demo sets its own
    const r = await ws.runAsync(['demo', '--dir', join(ws.dir, 'demo')]);
    expect([r.code, r.stderr]).toEqual([0, expect.not.stringMatching(/error/i)]);
    for (const step of ['keys init', 'vault init', 'vault enroll', 'backup', 'snapshots', 'ls', 'restore', 'diff', 'check', 'drill run']) {
      expect(r.stdout).toContain(`$ bulkhead ${step}`);
    }
    expect(r.stdout).toMatch(/Disaster-recovery drill "config-loss": PASSED/);
    expect(r.stdout).toMatch(/npx bulkhead console --web/);
    expect(readFileSync(join(ws.dir, 'demo/restored/app/config/app.yaml'), 'utf8')).toBe('replicas: 3\ndatabase: postgres://db.internal/app\n');
    expect(existsSync(join(ws.dir, 'demo/drill-sandbox/folders/app'))).toBe(true);
  }, 120_000);
});
