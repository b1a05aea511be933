import { promises as fsp } from 'node:fs';
import { dirname } from 'node:path';

interface Confirmed {
  until: Date;
  /** The object's first version, once a listing named it. */
  versionId?: string;
}

/**
 * The retention dates the server itself confirmed for objects this agent keeps alive: its own
 * successful put with a date, its own successful extension, or a refusal to shorten (which proves
 * the date is at least the one asked). Index records are claims any writer credential can forge;
 * lock decisions use only these. A file in the agent's cache: losing it costs one extension
 * request per pack, nothing else. (A GOVERNANCE date can be shortened by someone with bypass
 * rights; such a party can remove the object anyway.)
 */
export class ConfirmedLocks {
  #changed = false;

  private constructor(
    private readonly path: string | undefined,
    private readonly dates: Map<string, Confirmed>,
  ) {}

  /** No memory: every pack is extended once per session (callers without a cache folder). */
  static empty(): ConfirmedLocks {
    return new ConfirmedLocks(undefined, new Map());
  }

  static async load(path?: string): Promise<ConfirmedLocks> {
    const dates = new Map<string, Confirmed>();
    const raw = path ? await fsp.readFile(path, 'utf8').catch(() => '{}') : '{}';
    try {
      for (const [key, v] of Object.entries(JSON.parse(raw) as Record<string, unknown>)) {
        if (!Array.isArray(v) || typeof v[0] !== 'string') continue;
        const until = new Date(v[0]);
        if (!Number.isNaN(until.getTime())) dates.set(key, { until, ...(typeof v[1] === 'string' && { versionId: v[1] }) });
      }
    } catch {
      // a damaged file costs extension requests, nothing else
    }
    return new ConfirmedLocks(path, dates);
  }

  get(key: string): Confirmed | undefined {
    return this.dates.get(key);
  }

  /** Records a date the server confirmed; dates only move later. */
  note(key: string, until: Date, versionId?: string): void {
    const known = this.dates.get(key);
    const later = known && known.until > until ? known.until : until;
    const version = versionId ?? known?.versionId;
    if (known && later === known.until && version === known.versionId) return;
    this.dates.set(key, { until: later, ...(version && { versionId: version }) });
    this.#changed = true;
  }

  async save(): Promise<void> {
    if (!this.path || !this.#changed) return;
    await fsp.mkdir(dirname(this.path), { recursive: true });
    const rows = Object.fromEntries([...this.dates].map(([k, v]) => [k, v.versionId ? [v.until.toISOString(), v.versionId] : [v.until.toISOString()]]));
    const tmp = `${this.path}.${process.pid}.tmp`;
    await fsp.writeFile(tmp, JSON.stringify(rows), { mode: 0o600 });
    await fsp.rename(tmp, this.path);
    this.#changed = false;
  }
}
