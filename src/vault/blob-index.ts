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
}

/** All index segments merged: where each blob lives and how long each pack is retained. */
export class BlobIndex {
  readonly blobs = new Map<string, BlobLocation>();
  readonly packs = new Map<string, PackInfo>();
  readonly damagedSegments: string[] = [];

  add(segment: IndexSegment): void {
    for (const p of segment.packs) {
      this.#retain(p.id, p.size, new Date(p.retainUntil));
      for (const [id, type, offset, length, rawLength] of p.blobs) {
        if (!this.blobs.has(id)) this.blobs.set(id, { pack: p.id, type, offset, length, rawLength });
      }
    }
    for (const e of segment.extended) this.#retain(e.id, undefined, new Date(e.retainUntil));
  }

  #retain(id: string, size: number | undefined, until: Date): void {
    const known = this.packs.get(id);
    if (!known) {
      if (size !== undefined) this.packs.set(id, { id, size, retainUntil: until });
      return;
    }
    if (until > known.retainUntil) known.retainUntil = until;
  }

  has(id: string): boolean {
    return this.blobs.has(id);
  }

  get(id: string): BlobLocation | undefined {
    return this.blobs.get(id);
  }
}

export const packKey = (id: string): string => `data/${id.slice(0, 2)}/${id}`;
