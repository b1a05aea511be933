import { formatBytes } from '../util/bytes.js';
import type { ListedManifest, SourceRecord } from './snapshot.js';

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
  /** The records held, by their root (itself a held string): a record's key without a second copy of its text. */
  readonly #byRoot = new Map<string, SourceRecord[]>();
  /** Records already charged in this listing, by identity: the snapshot cache hands back shared ones, checked without a stringify. */
  readonly #held = new Set<SourceRecord>();
  readonly #spent = new Map<string, number>();
  /** Carried manifests (carry, below) whose strings and records are not yet in the tables above. */
  #pending: ListedManifest[] = [];

  constructor(readonly most = WRITER_MANIFEST_BUDGET) {}

  /** What each writer's snapshots have been charged in this listing (bytes of distinct manifest text). */
  spent(): ReadonlyMap<string, number> {
    return this.#spent;
  }

  /**
   * Charges `writer` what an earlier listing charged it for exactly these manifests, without
   * reading them: the sealed snapshot cache keeps that figure beside its verdicts, and its decoder
   * already shares their strings and records. A year of hourly snapshots was ~0.1 s of every look
   * charged again (#14). Only for the very set that listing charged (the caller checks: fewer of
   * them may hold less text, so they are charged one by one). Their strings and records join the
   * tables only when a manifest is next charged, so that one is charged for nothing they hold.
   */
  carry(writer: string, bytes: number, manifests: readonly ListedManifest[]): void {
    this.#spent.set(writer, (this.#spent.get(writer) ?? 0) + bytes);
    for (const m of manifests) this.#pending.push(m);
  }

  /**
   * Charges `writer` for `manifest`, interning it in place. Undefined when it fits the writer's
   * budget; otherwise why it is refused (nothing of it is kept).
   */
  charge(writer: string, manifest: ListedManifest): string | undefined {
    if (this.#pending.length > 0) this.#holdPending();
    const spent = this.#spent.get(writer) ?? 0;
    let cost = 0;
    const fresh = new Map<string, string>();
    // as the cache writes it: a control character is six bytes of JSON
    const textOf = (s: string): number => (this.#strings.has(s) || fresh.has(s) ? 0 : JSON.stringify(s).length);
    const intern = (s: string): string => {
      const held = this.#strings.get(s) ?? fresh.get(s);
      if (held !== undefined) return held;
      cost += JSON.stringify(s).length + REF;
      fresh.set(s, s);
      return s;
    };
    const freshRecords = new Map<string, SourceRecord[]>();
    /** A copy of the list only once a record is replaced by a held one: a cached listing's records are all held already. */
    let sources: SourceRecord[] | undefined;
    const unheld: SourceRecord[] = [];
    const list = manifest.sources;
    cost += REF * list.length;
    for (let i = 0; i < list.length; i++) {
      const r = list[i]!;
      if (this.#held.has(r)) continue;
      const text = JSON.stringify(r);
      const held = find(this.#byRoot, r.root, text) ?? find(freshRecords, r.root, text);
      if (held) {
        (sources ??= list.slice())[i] = held;
        continue;
      }
      // its whole text (every field a writer chose, whatever its length), less the strings already held
      cost += text.length - textOf(r.name) - textOf(r.locator) - textOf(r.root);
      // kept as it is (a decoded cache hands the same object to every snapshot that repeats it), its strings the held ones
      [r.name, r.locator, r.root] = [intern(r.name), intern(r.locator), intern(r.root)];
      hold(freshRecords, r);
      unheld.push(r);
    }
    const tags = manifest.tags.map((t) => ((cost += REF), intern(t)));
    const head = [manifest.host, manifest.agentVersion, manifest.previous ?? ''].map(intern);
    if (spent + cost > this.most) {
      return `its writer's snapshots hold more than ${formatBytes(this.most)} of distinct manifest text (this one ${formatBytes(cost)}, where an honest one adds a few KiB): refused, so that one writer cannot exhaust every look`;
    }
    this.#spent.set(writer, spent + cost);
    for (const [k, v] of fresh) this.#strings.set(k, v);
    for (const same of freshRecords.values()) for (const r of same) hold(this.#byRoot, r);
    for (const r of unheld) this.#held.add(r);
    if (sources) {
      for (const r of sources) this.#held.add(r); // the held records put in place of repeats
      manifest.sources = sources;
    } // else the same records: the cache's array is kept, not a copy
    manifest.tags = tags;
    [manifest.host, manifest.agentVersion] = [head[0]!, head[1]!];
    if (manifest.previous !== null) manifest.previous = head[2]!;
    return undefined;
  }

  /** Puts the carried manifests' strings and records in the tables, as charging them would have (no cost: it was carried). */
  #holdPending(): void {
    const held = (s: string): void => void (this.#strings.has(s) || this.#strings.set(s, s));
    for (const m of this.#pending) {
      for (const r of m.sources) {
        if (this.#held.has(r)) continue;
        this.#held.add(r);
        held(r.name);
        held(r.locator);
        held(r.root);
        hold(this.#byRoot, r);
      }
      for (const t of m.tags) held(t);
      held(m.host);
      held(m.agentVersion);
      if (m.previous !== null) held(m.previous);
    }
    this.#pending = [];
  }
}

/** A record held under its root whose text is `text`. */
const find = (byRoot: ReadonlyMap<string, SourceRecord[]>, root: string, text: string): SourceRecord | undefined => byRoot.get(root)?.find((x) => JSON.stringify(x) === text);

function hold(byRoot: Map<string, SourceRecord[]>, r: SourceRecord): void {
  const same = byRoot.get(r.root);
  if (same) same.push(r);
  else byRoot.set(r.root, [r]);
}
