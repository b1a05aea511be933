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
    /** By key: [until in ms, versionId?]. Numbers, not Dates: a year of hourly backups is ~17,500 keys to load and save on every run. */
    private readonly dates: Map<string, [number, string?]>,
  ) {}

  /** No memory: every pack is extended once per session (callers without a cache folder). */
  static empty(): ConfirmedLocks {
    return new ConfirmedLocks(undefined, new Map());
  }

  /**
   * The file holds `{ key: [until, versionId?] }`, until in ms since the epoch (an ISO date in files
   * written before: read as well). Parsing and writing ISO dates were ~0.1 s of each hourly agent's
   * run on a year-old vault (#14).
   */
  static async load(path?: string): Promise<ConfirmedLocks> {
    const dates = new Map<string, [number, string?]>();
    const raw = path ? await fsp.readFile(path, 'utf8').catch(() => '{}') : '{}';
    try {
      const rows = JSON.parse(raw) as Record<string, unknown>;
      for (const key in rows) {
        const v = rows[key];
        if (!Array.isArray(v)) continue;
        const until = typeof v[0] === 'number' ? v[0] : typeof v[0] === 'string' ? Date.parse(v[0]) : NaN;
        if (Number.isFinite(until)) dates.set(key, typeof v[1] === 'string' ? [until, v[1]] : [until]);
      }
    } catch {
      // a damaged file costs extension requests, nothing else
    }
    return new ConfirmedLocks(path, dates);
  }

  get(key: string): Confirmed | undefined {
    const known = this.dates.get(key);
    return known && { until: new Date(known[0]), ...(known[1] !== undefined && { versionId: known[1] }) };
  }

  /** Records a date the server confirmed; dates only move later. */
  note(key: string, until: Date, versionId?: string): void {
    const known = this.dates.get(key);
    const later = known && known[0] > until.getTime() ? known[0] : until.getTime();
    const version = versionId ?? known?.[1];
    if (known && later === known[0] && version === known[1]) return;
    this.dates.set(key, version ? [later, version] : [later]);
    this.#changed = true;
  }

  async save(): Promise<void> {
    if (!this.path || !this.#changed) return;
    await fsp.mkdir(dirname(this.path), { recursive: true });
    const tmp = `${this.path}.${process.pid}.tmp`;
    await fsp.writeFile(tmp, JSON.stringify(Object.fromEntries(this.dates)), { mode: 0o600 });
    await fsp.rename(tmp, this.path);
    this.#changed = false;
  }
}
