import { createHash } from 'node:crypto';
import type { Db } from './catalog.js';
import { canonicalBytes } from '../util/canonical.js';

export interface AuditEntry {
  seq: number;
  time: string;
  action: string;
  /** ok: done; failed: could not be done; refused: not confirmed or not allowed; findings: a check that ran and found problems. */
  outcome: 'ok' | 'failed' | 'refused' | 'findings';
  vault: string | null;
  detail: string;
}

interface Row extends AuditEntry {
  prev_hash: string;
  hash: string;
}

const GENESIS = '0'.repeat(64);

/**
 * The most of a detail an entry keeps. Details quote a vault's writers (a failed source's reason, a
 * finding), every entry stays for ever, and the Audit screen reads them all to check the chain: an
 * unbounded detail let a writer's text grow the log until it could no longer be read (red team 4).
 */
export const DETAIL_MOST = 4096;

/** A detail as an entry keeps it (what `last` answers: compare with this, not the detail given). */
export const boundedDetail = (detail: string) => (detail.length <= DETAIL_MOST ? detail : `${detail.slice(0, DETAIL_MOST)}… (${detail.length - DETAIL_MOST} more characters)`);

function entryHash(prev: string, e: AuditEntry): string {
  return createHash('sha256').update(prev).update(canonicalBytes(e)).digest('hex');
}

/**
 * Append-only and hash-chained: each entry's hash covers the previous hash and every field, so an
 * edited, deleted or reordered entry breaks the chain at that point. (Someone who can rewrite the
 * whole file can rewrite the whole chain; drill reports in the vault are the tamper-proof record.)
 */
export class AuditLog {
  constructor(private readonly db: Db) {}

  append(e: Omit<AuditEntry, 'seq'>): AuditEntry {
    return this.db.transaction(() => {
      const last = this.db.prepare('SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1').get() as { seq: number; hash: string } | undefined;
      const entry: AuditEntry = { seq: (last?.seq ?? 0) + 1, ...e, detail: boundedDetail(e.detail) };
      const prev = last?.hash ?? GENESIS;
      this.db
        .prepare('INSERT INTO audit (seq, time, action, outcome, vault, detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
        .run(entry.seq, entry.time, entry.action, entry.outcome, entry.vault, entry.detail, prev, entryHash(prev, entry));
      return entry;
    })();
  }

  /** The newest entry of `action` for `vault`, if any. */
  last(action: string, vault: string | null): AuditEntry | undefined {
    return this.db.prepare('SELECT seq, time, action, outcome, vault, detail FROM audit WHERE action = ? AND vault IS ? ORDER BY seq DESC LIMIT 1').get(action, vault) as AuditEntry | undefined;
  }

  /** Newest first, with the first entry (oldest) whose chain does not hold, if any. */
  read(limit = 500): { entries: AuditEntry[]; brokenAt: number | null } {
    const rows = this.db.prepare('SELECT * FROM audit ORDER BY seq').all() as Row[];
    let prev = GENESIS;
    let brokenAt: number | null = null;
    for (const r of rows) {
      const { prev_hash, hash, ...entry } = r;
      if (brokenAt === null && (prev_hash !== prev || hash !== entryHash(prev, entry))) brokenAt = r.seq;
      prev = hash;
    }
    const entries = rows.slice(-limit).reverse().map(({ prev_hash: _p, hash: _h, ...e }) => e);
    return { entries, brokenAt };
  }
}
