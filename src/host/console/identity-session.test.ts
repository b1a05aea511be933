import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkIdentityFile, IdentitySession } from './identity-session.js';
import { RecoveryIdentity } from '../../keys/identity.js';
import { sealIdentity } from '../../keys/sealed-identity.js';
import { fixedClock } from '../../util/clock.js';
import { CHEAP_KDF, tempDir } from '../../../test/helpers/vault.js';

async function identityFile(passphrase: string): Promise<{ path: string; fingerprint: string }> {
  const identity = RecoveryIdentity.generate();
  const path = join(tempDir(), 'id.json');
  writeFileSync(path, JSON.stringify(await sealIdentity(identity, Buffer.from(passphrase), CHEAP_KDF)));
  return { path, fingerprint: identity.recipientFingerprint };
}

describe('identity session', () => {
  it('unlocks with the passphrase, refuses a wrong one clearly, and wipes the key on lock', async () => {
    const { path, fingerprint } = await identityFile('correct horse battery');
    const session = new IdentitySession(fixedClock(new Date('2026-01-01T00:00:00Z')), () => 60_000);
    await expect(session.unlock({ path }, Buffer.from('wrong'))).rejects.toMatchObject({ code: 'WRONG_PASSPHRASE' });
    expect(session.unlocked).toBe(false);
    const state = await session.unlock({ path }, Buffer.from('correct horse battery'));
    expect(state).toMatchObject({ unlocked: true, fingerprint, autoLockAt: '2026-01-01T00:01:00.000Z' });
    const identity = session.identity;
    session.lock();
    expect(() => identity.decryptionSecret).toThrow(/locked/);
    expect(() => session.identity).toThrow(expect.objectContaining({ code: 'LOCKED' }));
  });

  it('locks itself once idle for the set time; each use pushes the deadline back', async () => {
    const { path } = await identityFile('pass phrase here');
    const clock = fixedClock(new Date('2026-01-01T00:00:00Z'));
    let autoLocked = 0;
    const session = new IdentitySession(clock, () => 600_000, () => autoLocked++);
    await session.unlock({ path }, Buffer.from('pass phrase here'));
    clock.advance(500_000);
    expect(session.identity).toBeDefined(); // used at 8m20s: the deadline moves to 18m20s
    clock.advance(500_000);
    expect(session.identity).toBeDefined();
    clock.advance(600_001);
    expect(() => session.identity).toThrow(expect.objectContaining({ code: 'LOCKED' }));
    expect(autoLocked).toBe(1);
    expect(session.state().unlocked).toBe(false);
  });

  it('a background peek is not activity: watching never keeps an idle identity unlocked', async () => {
    const { path } = await identityFile('pass phrase here');
    const clock = fixedClock(new Date('2026-01-01T00:00:00Z'));
    const session = new IdentitySession(clock, () => 600_000, () => {});
    await session.unlock({ path }, Buffer.from('pass phrase here'));
    clock.advance(500_000);
    expect(session.peek()).toBeDefined();
    clock.advance(100_000); // 10 minutes since the unlock, the last activity
    expect(() => session.peek()).toThrow(expect.objectContaining({ code: 'LOCKED' }));
    expect(session.unlocked).toBe(false);
  });

  it('the real timer locks an idle identity without any call', async () => {
    const { path } = await identityFile('pass phrase here');
    const session = new IdentitySession({ now: () => new Date() }, () => 50);
    await session.unlock({ path }, Buffer.from('pass phrase here'));
    await new Promise((r) => setTimeout(r, 120));
    expect(session.unlocked).toBe(false);
  });

  it('accepts the sealed file content chosen in the UI, and says when it is not an identity', async () => {
    const { path } = await identityFile('pass phrase here');
    const session = new IdentitySession({ now: () => new Date() }, () => 60_000);
    const sealed = (await import('node:fs')).readFileSync(path, 'utf8');
    await expect(session.unlock({ sealed, name: 'id.json' }, Buffer.from('pass phrase here'))).resolves.toMatchObject({ unlocked: true });
    await expect(session.unlock({ sealed: 'not json', name: 'x.json' }, Buffer.from('p'))).rejects.toMatchObject({ code: 'BAD_IDENTITY' });
    await expect(session.unlock({ path: '/nonexistent/id.json' }, Buffer.from('p'))).rejects.toMatchObject({ code: 'NOT_FOUND' });
    session.lock();
  });
});

describe('the idle lock and the operator', () => {
  const start = new Date('2026-01-01T00:00:00Z');
  async function unlocked(busy: () => boolean = () => false) {
    const { path } = await identityFile('pass phrase here');
    const clock = fixedClock(start);
    const locks: string[] = [];
    const session = new IdentitySession(clock, () => 120_000, () => locks.push('idle'), busy);
    await session.unlock({ path }, Buffer.from('pass phrase here'));
    return { session, clock, locks };
  }

  it('input is activity: the deadline starts over; the warning comes 30 s before', async () => {
    const { session, clock, locks } = await unlocked();
    expect(session.state().warnSeconds).toBe(30);
    clock.advance(100_000);
    session.touch(); // the renderer reported a key press
    clock.advance(100_000);
    session.checkIdle();
    expect(session.unlocked).toBe(true);
    expect(session.state().autoLockAt).toBe('2026-01-01T00:03:40.000Z');
    clock.advance(20_001);
    session.checkIdle();
    expect(locks).toEqual(['idle']);
    expect(session.unlocked).toBe(false);
  });

  it('a running job holds the idle lock off, says so, and then leaves the warning time', async () => {
    let running = true;
    const { session, clock, locks } = await unlocked(() => running);
    clock.advance(130_000);
    session.checkIdle();
    expect(session.unlocked).toBe(true);
    expect(session.state().lockWaitsForJob).toBe(true);
    expect(() => session.peek()).not.toThrow(); // the job's own reads go on
    running = false;
    session.jobEnded();
    expect(session.state()).toMatchObject({ unlocked: true, lockWaitsForJob: false, autoLockAt: '2026-01-01T00:02:40.000Z' });
    clock.advance(30_001);
    session.checkIdle();
    expect(locks).toEqual(['idle']);
  });

  it('a lock during a job: the session forgets the key at once, the job keeps it until it ends', async () => {
    const { session } = await unlocked(() => true);
    const key = session.identity;
    const release = session.hold();
    session.lock();
    expect(session.unlocked).toBe(false);
    expect(() => session.identity).toThrow(expect.objectContaining({ code: 'LOCKED' }));
    expect(session.heldByJob).toBe(true);
    expect(() => key.decryptionSecret).not.toThrow();
    release();
    expect(() => key.decryptionSecret).toThrow(/locked/);
    expect(session.heldByJob).toBe(false);
  });

  it('names a writer credential given as the identity, at unlock and when a vault is connected with it', async () => {
    const dir = tempDir();
    const writer = join(dir, 'writer.json');
    writeFileSync(writer, JSON.stringify({ format: 'bulkhead-writer/1', enrollment: {}, signature: 'x' }));
    const session = new IdentitySession(fixedClock(new Date()), () => 60_000);
    const said = { code: 'NEEDS_IDENTITY', message: `${writer} is a writer credential: writers can add backups but never read them; give the recovery identity` };
    await expect(session.unlock({ path: writer }, Buffer.from('x'))).rejects.toMatchObject(said);
    await expect(checkIdentityFile(writer)).rejects.toMatchObject(said);
    await expect(checkIdentityFile(join(dir, 'missing.json'))).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringMatching(/cannot read the identity file .*missing\.json; check the path/) });
    writeFileSync(join(dir, 'other.json'), '{"format":"something/1"}');
    await expect(checkIdentityFile(join(dir, 'other.json'))).rejects.toMatchObject({ code: 'BAD_IDENTITY' });
    await expect(checkIdentityFile((await identityFile('p')).path)).resolves.toBeUndefined();
  });
});
