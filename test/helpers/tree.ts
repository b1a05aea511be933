import { lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';

/** A fingerprint of a tree: every path with kind, mode, mtime (µs), size, content hash or link target. */
export function describeTree(root: string): Map<string, string> {
  const out = new Map<string, string>();
  const visit = (dir: Buffer, rel: string) => {
    for (const name of readdirSync(dir, { encoding: 'buffer' })) {
      const path = Buffer.concat([dir, Buffer.from('/'), name]);
      const key = rel + '/' + name.toString('hex');
      const st = lstatSync(path, { bigint: true });
      const mtime = st.mtimeNs / 1000n;
      const mode = (st.mode & 0o7777n).toString(8);
      if (st.isDirectory()) {
        out.set(key, `dir ${mode} ${mtime}`);
        visit(path, key);
      } else if (st.isSymbolicLink()) {
        out.set(key, `link ${readlinkSync(path, { encoding: 'buffer' }).toString('hex')} ${mtime}`);
      } else {
        out.set(key, `file ${mode} ${mtime} ${st.size} ${createHash('sha256').update(readFileSync(path)).digest('hex')}`);
      }
    }
  };
  visit(Buffer.from(root), '');
  return out;
}

/** A small tree with every kind of entry the dir source must carry. */
export function makeSampleTree(root: string, marker = 'MARKER-' + Math.random().toString(36).slice(2)): string {
  mkdirSync(join(root, 'config/nested/deeper'), { recursive: true });
  mkdirSync(join(root, 'empty-dir'));
  writeFileSync(join(root, 'config/app.yaml'), `name: app\nsecret_marker: ${marker}\n`);
  writeFileSync(join(root, 'config/nested/zero'), '');
  writeFileSync(join(root, 'config/nested/deeper/big.bin'), Buffer.alloc(300_000, 'a'));
  writeFileSync(join(root, 'naïve-ünïcode-名前.txt'), 'unicode name\n');
  writeFileSync(Buffer.concat([Buffer.from(`${root}/latin1-`), Buffer.from([0xff]), Buffer.from('.txt')]), 'raw bytes');
  writeFileSync(join(root, 'script.sh'), '#!/bin/sh\necho hi\n', { mode: 0o755 });
  symlinkSync('config/app.yaml', join(root, 'link-to-app'));
  symlinkSync('/nonexistent/target', join(root, 'dangling'));
  utimesSync(join(root, 'config/app.yaml'), 1_600_000_000.123456, 1_600_000_000.123456);
  return marker;
}
