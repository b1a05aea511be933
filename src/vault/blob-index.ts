import type { BlobType } from './pack.js';
import type { IndexSegment } from './index-segment.js';

export interface BlobLocation {
  pack: string;
  type: BlobType;
  offset: number;
  length: number;
  rawLength: number;
}

export interface PackInfo {
  id: string;
  size: number;
  retainUntil: Date;
  /** Who can read the pack (recipient fingerprints); undefined when its record predates the field. */
  recipients?: ReadonlySet<string>;
}

const readers = (p: PackInfo | undefined) => p?.recipients?.size ?? 0;

/** All index segments merged: where each blob lives and how long each pack is retained. */
export class BlobIndex {
  readonly blobs = new Map<string, BlobLocation>();
  readonly packs = new Map<string, PackInfo>();
  readonly damagedSegments: string[] = [];

  /**
   * A blob stored twice (again after a recipient was added) keeps the location readable by the
   * most recipients, so a recipient added later reads new snapshots through the newer pack.
   */
  add(segment: IndexSegment): void {
    for (const p of segment.packs) {
      this.#retain(p.id, p.size, new Date(p.retainUntil), p.recipients);
      const mine = readers(this.packs.get(p.id));
      for (const [id, type, offset, length, rawLength] of p.blobs) {
        const known = this.blobs.get(id);
        if (!known || readers(this.packs.get(known.pack)) < mine) this.blobs.set(id, { pack: p.id, type, offset, length, rawLength });
      }
    }
    for (const e of segment.extended) this.#retain(e.id, undefined, new Date(e.retainUntil));
  }

  #retain(id: string, size: number | undefined, until: Date, recipients?: string[]): void {
    const known = this.packs.get(id);
    if (!known) {
      if (size !== undefined) this.packs.set(id, { id, size, retainUntil: until, ...(recipients && { recipients: new Set(recipients) }) });
      return;
    }
    if (until > known.retainUntil) known.retainUntil = until;
  }

  has(id: string): boolean {
    return this.blobs.has(id);
  }

  /** Whether every one of these recipients can read the blob where it is stored (a writer's dedup). */
  readableBy(id: string, recipients: readonly string[]): boolean {
    const loc = this.blobs.get(id);
    const pack = loc && this.packs.get(loc.pack);
    return !!pack?.recipients && recipients.every((r) => pack.recipients!.has(r));
  }

  get(id: string): BlobLocation | undefined {
    return this.blobs.get(id);
  }
}

export const packKey = (id: string): string => `data/${id.slice(0, 2)}/${id}`;
