import { formatBytes } from '../util/bytes.js';
import type { Manifest, SourceRecord } from './snapshot.js';

const MiB = 1024 * 1024;

/**
 * The most distinct manifest text one writer's snapshots may make every operator look hold. A
 * manifest is the writer's word, up to the 64 MiB a snapshot object may be, and every verb keeps
 * every opened manifest in memory and in the sealed snapshot cache: twelve signed snapshots of a
 * hijacked agent, each with a 46 MiB host name, made the cache one string past V8's 512 MiB limit
 * and every verb failed ("Invalid string length": restore of any other source, posture, the
 * console), after downloading them again on every look; more of them would exhaust the heap. An
 * honest writer repeats itself (its sources' names and locators, unchanged trees, its packs from
 * one snapshot to the next) and adds a few KiB of new text per snapshot: a year of hourly backups
 * is ~10 MiB. So each writer's snapshots are charged, as they are judged (those the cache holds first, then
 * the rest a few at a time in the order stored), for text this listing
 * has not seen yet (and 8 bytes per source or tag they name); past the budget the rest of that
 * writer's snapshots are refused, never another writer's.
 */
export const WRITER_MANIFEST_BUDGET = 256 * MiB;

/** A reference to a string or record already held: a pointer's worth. */
const REF = 8;

/**
 * Interns the strings and source records of the manifests of one listing (so repeats are held
 * once) and charges each writer for what is new. One instance per listing.
 */
export class ManifestBudget {
  readonly #strings = new Map<string, string>();
  readonly #records = new Map<string, SourceRecord>();
  readonly #spent = new Map<string, number>();
  /** Each writer's last pack list kept: the next one mostly repeats it (both sorted), so most ids are found by one comparison. */
  readonly #lastPacks = new Map<string, readonly string[]>();

  constructor(readonly most = WRITER_MANIFEST_BUDGET) {}

  /** What each writer's snapshots have been charged in this listing (bytes of distinct manifest text). */
  spent(): ReadonlyMap<string, number> {
    return this.#spent;
  }

  /**
   * Charges `writer` for `manifest`, interning it in place. Undefined when it fits the writer's
   * budget; otherwise why it is refused (nothing of it is kept).
   */
  charge(writer: string, manifest: Manifest): string | undefined {
    const spent = this.#spent.get(writer) ?? 0;
    let cost = 0;
    const fresh = new Map<string, string>();
    const intern = (s: string): string => {
      const held = this.#strings.get(s) ?? fresh.get(s);
      if (held !== undefined) return held;
      // as the cache writes it: a control character is six bytes of JSON
      cost += JSON.stringify(s).length + REF;
      fresh.set(s, s);
      return s;
    };
    const freshRecords = new Map<string, SourceRecord>();
    const sources = manifest.sources.map((r) => {
      cost += REF;
      const key = JSON.stringify(r);
      const held = this.#records.get(key) ?? freshRecords.get(key);
      if (held) return held;
      cost += key.length;
      const record: SourceRecord = { ...r, name: intern(r.name), locator: intern(r.locator), root: intern(r.root) };
      freshRecords.set(key, record);
      return record;
    });
    const tags = manifest.tags.map((t) => ((cost += REF), intern(t)));
    const head = [manifest.host, manifest.agentVersion, manifest.previous ?? ''].map(intern);
    // A pack list names every pack the snapshot needs, mostly the ones the one before named: only new ids are charged.
    const last = this.#lastPacks.get(writer) ?? [];
    // In place (no second array of thousands per snapshot); the ids only become the instances held.
    const packs = manifest.stats.packs;
    for (let i = 0, j = 0; i < packs.length; i++) {
      const p = packs[i]!;
      if (last[j] === p) {
        j++;
        continue;
      }
      while (j < last.length && last[j]! < p) j++;
      packs[i] = last[j] === p ? last[j++]! : intern(p);
    }
    if (spent + cost > this.most) {
      return `its writer's snapshots hold more than ${formatBytes(this.most)} of distinct manifest text (this one ${formatBytes(cost)}, where an honest one adds a few KiB): refused, so that one writer cannot exhaust every look`;
    }
    this.#spent.set(writer, spent + cost);
    for (const [k, v] of fresh) this.#strings.set(k, v);
    for (const [k, v] of freshRecords) this.#records.set(k, v);
    manifest.sources = sources;
    manifest.tags = tags;
    [manifest.host, manifest.agentVersion] = [head[0]!, head[1]!];
    if (manifest.previous !== null) manifest.previous = head[2]!;
    this.#lastPacks.set(writer, packs);
    return undefined;
  }
}
