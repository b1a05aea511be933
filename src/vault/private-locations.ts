import { promises as fsp } from 'node:fs';
import { dirname } from 'node:path';

const MAGIC = Buffer.from('BHPRIV1\n');
const ENTRY = 36; // 32-byte blob id, u32 index into the pack list

/**
 * The agent's own memory of where the small blobs its last snapshot used live. Writers cannot read
 * the private part of the index (it is sealed to the recipients), so this cache is how an agent
 * deduplicates small files across backups. It names only blobs of the last snapshot (files that
 * exist now, which the agent can read anyway), never a deleted file's. Losing it costs one upload
 * of the small files, nothing else; it is dropped when the vault's recipients change, since packs
 * written before are not readable by a new recipient.
 */
export class PrivateLocations {
  #next?: Map<string, string>;

  private constructor(
    private readonly path: string | undefined,
    private readonly recipients: string,
    private readonly packs: Map<string, string>,
  ) {}

  static empty(): PrivateLocations {
    return new PrivateLocations(undefined, '', new Map());
  }

  static async load(path: string, recipients: readonly string[]): Promise<PrivateLocations> {
    const want = recipients.join(',');
    const bytes = await fsp.readFile(path).catch(() => undefined);
    return new PrivateLocations(path, want, (bytes && decode(bytes, want)) ?? new Map());
  }

  /** The pack holding this small blob, if the last snapshot used it. */
  get(id: string): string | undefined {
    return this.packs.get(id);
  }

  /** What the snapshot being committed uses; written by save() once the snapshot is stored. */
  replace(next: Map<string, string>): void {
    this.#next = next;
  }

  async save(): Promise<void> {
    if (!this.path || !this.#next) return;
    await fsp.mkdir(dirname(this.path), { recursive: true });
    const tmp = `${this.path}.tmp`;
    await fsp.writeFile(tmp, encode(this.#next, this.recipients), { mode: 0o600 });
    await fsp.rename(tmp, this.path);
  }
}

function encode(map: Map<string, string>, recipients: string): Buffer {
  const packs = [...new Set(map.values())];
  const at = new Map(packs.map((p, i) => [p, i]));
  const header = Buffer.from(JSON.stringify({ recipients, packs }));
  const body = Buffer.alloc(map.size * ENTRY);
  let o = 0;
  for (const [id, pack] of map) {
    body.write(id, o, 32, 'hex');
    body.writeUInt32LE(at.get(pack)!, o + 32);
    o += ENTRY;
  }
  const len = Buffer.alloc(4);
  len.writeUInt32LE(header.length);
  return Buffer.concat([MAGIC, len, header, body]);
}

/** undefined for a damaged file or one written for other recipients: start empty. */
function decode(bytes: Buffer, recipients: string): Map<string, string> | undefined {
  try {
    if (!bytes.subarray(0, MAGIC.length).equals(MAGIC)) return undefined;
    const len = bytes.readUInt32LE(MAGIC.length);
    const start = MAGIC.length + 4;
    const header = JSON.parse(bytes.subarray(start, start + len).toString('utf8')) as { recipients: string; packs: string[] };
    if (header.recipients !== recipients) return undefined;
    const map = new Map<string, string>();
    for (let o = start + len; o + ENTRY <= bytes.length; o += ENTRY) {
      const pack = header.packs[bytes.readUInt32LE(o + 32)];
      if (pack) map.set(bytes.toString('hex', o, o + 32), pack);
    }
    return map;
  } catch {
    return undefined;
  }
}
