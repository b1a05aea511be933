import { describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import QRCode from 'qrcode';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { PDFDocument } from '@cantoo/pdf-lib';
import { CliWorkspace } from '../helpers/cli.js';

describe('key custody: M-of-N shares on paper, quorum unlock, passphrase change', async () => {
  const ws = new CliWorkspace();
  await ws.setupQuick();
  const src = join(ws.dir, 'app');
  mkdirSync(src);
  writeFileSync(join(src, 'settings.yaml'), 'replicas: 3\n');
  await ws.hereOk(['backup', '--store', ws.store, '--writer', 'writer.json', '--source', `app=dir:${src}`]);
  const fingerprint = async () => (await ws.hereJson<{ fingerprints: { recipient: string } }>(['keys', 'show', '--identity', 'id.json'])).fingerprints.recipient;
  const original = await fingerprint();

  it('splits 2 of 3 into words, HTML and PDF per holder, written 0600, and records the split', async () => {
    await ws.hereOk(['keys', 'split', '--identity', 'id.json', '--threshold', '2', '--shares', '3', '--out-dir', 'shares', '--holders', 'Alice,Bob,Carol']);
    const files = readdirSync(join(ws.dir, 'shares')).sort();
    expect(files).toEqual(['share-1-of-3-alice.html', 'share-1-of-3-alice.pdf', 'share-1-of-3-alice.txt', 'share-2-of-3-bob.html', 'share-2-of-3-bob.pdf', 'share-2-of-3-bob.txt', 'share-3-of-3-carol.html', 'share-3-of-3-carol.pdf', 'share-3-of-3-carol.txt']);
    for (const f of files) expect(statSync(join(ws.dir, 'shares', f)).mode & 0o777).toBe(0o600);
    const text = readFileSync(join(ws.dir, 'shares/share-2-of-3-bob.txt'), 'utf8');
    expect(text).toMatch(/BULKHEAD RECOVERY SHARE 2 OF 3/);
    expect(text).toMatch(/Holder: Bob/);
    const pdfBytes = readFileSync(join(ws.dir, 'shares/share-2-of-3-bob.pdf'));
    expect(pdfBytes.subarray(0, 5).toString()).toBe('%PDF-');
    // A PDF reader opens it: one A4 page that carries the QR code, titled for its holder's share.
    const pdf = await PDFDocument.load(pdfBytes);
    expect(pdf.getPageCount()).toBe(1);
    expect(pdf.getPage(0).getSize()).toEqual({ width: 595, height: 842 });
    expect(pdf.getTitle()).toMatch(/2 of 3/);
    expect(pdf.getCreator()).toBe('Bulkhead');
    expect(readFileSync(join(ws.dir, 'shares/share-2-of-3-bob.html'), 'utf8')).toMatch(/<svg[\s\S]*Holder: <strong>Bob/);
    expect((await ws.hereOk(['keys', 'show', '--identity', 'id.json'])).stdout).toMatch(/shares: 2 of 3, .*held by Alice, Bob, Carol/);
    expect((await ws.here(['keys', 'split', '--identity', 'id.json', '--threshold', '2', '--shares', '3', '--out-dir', 'shares', '--holders', 'Alice,Bob,Carol'])).stderr).toMatch(/never overwritten/);
  });

  it('verifies a share without unlocking, against its identity', async () => {
    expect((await ws.hereOk(['keys', 'verify-share', 'shares/share-1-of-3-alice.txt', '--identity', 'id.json'])).stdout).toMatch(/a valid share, 1 of 3 \(any 2 rebuild the identity\), of identity/);
    const other = new CliWorkspace();
    await other.quickIdentity('other.json'); // any other identity will do (keys init itself runs in demo.test.ts)
    const r = await ws.here(['keys', 'verify-share', 'shares/share-1-of-3-alice.txt', '--identity', join(other.dir, 'other.json')]);
    expect([r.code, r.stderr]).toEqual([12, expect.stringMatching(/of another identity/)]);
  });

  it('any two shares read the vault (a text file or a photo of the QR code); one share alone cannot', async () => {
    const listed = await ws.hereOk(['ls', '--store', ws.store, '--shares', 'shares/share-3-of-3-carol.txt,shares/share-1-of-3-alice.txt', 'latest:app']);
    expect(listed.stdout).toMatch(/settings\.yaml/);
    await ws.hereOk(['restore', '--store', ws.store, '--shares', 'shares/share-2-of-3-bob.txt', '--shares', 'shares/share-3-of-3-carol.txt', 'latest:app', '--target', 'out']);
    expect(readFileSync(join(ws.dir, 'out/settings.yaml'), 'utf8')).toBe('replicas: 3\n');
    // Carol photographed her printout's QR code with a phone (a lossy JPEG): that is her share too.
    const carol = readFileSync(join(ws.dir, 'shares/share-3-of-3-carol.txt'), 'utf8');
    const words = carol.slice(carol.indexOf('Words:')).split(/[^a-z]+/).filter((w) => w && w !== 'ords');
    const png = PNG.sync.read(await QRCode.toBuffer(words.join(' '), { errorCorrectionLevel: 'M', margin: 2, scale: 6 }));
    writeFileSync(join(ws.dir, 'carol.jpg'), jpeg.encode({ data: png.data, width: png.width, height: png.height }, 75).data);
    expect((await ws.hereOk(['ls', '--store', ws.store, '--shares', 'carol.jpg,shares/share-1-of-3-alice.txt', 'latest:app'])).stdout).toMatch(/settings\.yaml/);
    const alone = await ws.here(['ls', '--store', ws.store, '--shares', 'shares/share-2-of-3-bob.txt', 'latest:app']);
    expect([alone.code, alone.stderr]).toEqual([2, expect.stringMatching(/1 of 2 shares given/)]);
  });

  it('a share with one mistyped word is refused, naming the word', async () => {
    const text = readFileSync(join(ws.dir, 'shares/share-1-of-3-alice.txt'), 'utf8');
    const words = text.slice(text.indexOf('Words:')).split(/[^a-z]+/).filter((w) => w && w !== 'ords');
    const fifth = words[4]!;
    writeFileSync(join(ws.dir, 'typo.txt'), text.replace(new RegExp(`(\\s5 )${fifth}\\b`), `$1${fifth === 'zoo' ? 'abandon' : 'zoo'}`));
    const r = await ws.here(['ls', '--store', ws.store, '--shares', 'typo.txt,shares/share-2-of-3-bob.txt', 'latest:app']);
    expect(r.stderr).toMatch(/typo.txt: word 5 \("(zoo|abandon)"\) is wrong, perhaps "/);
  });

  it('combines shares into a new sealed identity with the same fingerprint', async () => {
    ws.env.BULKHEAD_PASSPHRASE = 'another long passphrase';
    await ws.hereOk(['keys', 'combine', 'shares/share-1-of-3-alice.txt', 'shares/share-3-of-3-carol.txt', '--out', 'rebuilt.json']);
    expect(statSync(join(ws.dir, 'rebuilt.json')).mode & 0o777).toBe(0o600);
    expect((await ws.hereJson<{ fingerprints: { recipient: string } }>(['keys', 'show', '--identity', 'rebuilt.json'])).fingerprints.recipient).toBe(original);
    expect((await ws.hereOk(['ls', '--store', ws.store, '--identity', 'rebuilt.json', 'latest:app'])).stdout).toMatch(/settings\.yaml/);
    ws.env.BULKHEAD_PASSPHRASE = 'a test passphrase';
  });

  it('changes the passphrase: the old one stops working, the keys stay', async () => {
    ws.env.BULKHEAD_NEW_PASSPHRASE = 'a brand new passphrase';
    await ws.hereOk(['keys', 'passwd', '--identity', 'id.json']);
    delete ws.env.BULKHEAD_NEW_PASSPHRASE;
    expect((await ws.here(['ls', '--store', ws.store, '--identity', 'id.json', 'latest:app'])).stderr).toMatch(/passphrase is wrong/);
    ws.env.BULKHEAD_PASSPHRASE = 'a brand new passphrase';
    expect((await ws.hereOk(['ls', '--store', ws.store, '--identity', 'id.json', 'latest:app'])).stdout).toMatch(/settings\.yaml/);
    expect(await fingerprint()).toBe(original);
  });
});
