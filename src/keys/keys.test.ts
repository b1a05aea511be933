import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { RecoveryIdentity } from './identity.js';
import { parseSealedIdentity, sealIdentity, unsealIdentity } from './sealed-identity.js';
import { createWriterCredential, parseWriterCredential } from './writer-credential.js';
import { CHEAP_KDF } from '../../test/helpers/vault.js';

const pass = Buffer.from('correct horse battery staple');

describe('sealed recovery identity', () => {
  it('unseals with the right passphrase to the same keys', async () => {
    const id = RecoveryIdentity.generate();
    const sealed = await sealIdentity(id, pass, CHEAP_KDF);
    const back = await unsealIdentity(parseSealedIdentity(JSON.parse(JSON.stringify(sealed)), 'id.json'), pass, 'id.json');
    expect(back.custodyFingerprint).toBe(id.custodyFingerprint);
    expect(back.decryptionSecret.equals(id.decryptionSecret)).toBe(true);
  });

  it('says the passphrase is wrong', async () => {
    const sealed = await sealIdentity(RecoveryIdentity.generate(), pass, CHEAP_KDF);
    await expect(unsealIdentity(sealed, Buffer.from('nope'), 'id.json')).rejects.toMatchObject({ code: 'WRONG_PASSPHRASE' });
  });

  it('notices an edited field: every header field is bound to the sealed seed', async () => {
    const other = RecoveryIdentity.generate();
    const sealed = await sealIdentity(RecoveryIdentity.generate(), pass, CHEAP_KDF);
    const edited = { ...sealed, publics: { ...sealed.publics, ed25519: other.custodyPublic.toString('base64') } };
    await expect(unsealIdentity(edited, pass, 'id.json')).rejects.toBeTruthy();
  });

  it('refuses a file that is not an identity', () => {
    expect(() => parseSealedIdentity({ format: 'something' }, 'x.json')).toThrow(/not a Bulkhead identity file/);
  });

  it('wipes its secrets on lock', () => {
    const id = RecoveryIdentity.generate();
    const secret = id.decryptionSecret;
    id.wipe();
    expect(secret.every((b) => b === 0)).toBe(true);
    expect(() => id.decryptionSecret).toThrow(/locked/);
  });
});

describe('writer credentials', () => {
  const custody = RecoveryIdentity.generate();
  const make = () =>
    createWriterCredential({ vaultId: 'v1', label: 'ci', custodySeed: custody.custodySeed, custodyPublic: custody.custodyPublic, dedupSecret: randomBytes(32), now: new Date() });

  it('carries an enrollment the custody key signed', () => {
    const cred = make();
    expect(parseWriterCredential(JSON.parse(JSON.stringify(cred)), 'w.json').enrollment.label).toBe('ci');
  });

  it('is refused when its enrollment was edited', () => {
    const cred = make();
    const edited = { ...cred, enrollment: { ...cred.enrollment, label: 'root' } };
    expect(() => parseWriterCredential(edited, 'w.json')).toThrow(/did not sign/);
  });
});
