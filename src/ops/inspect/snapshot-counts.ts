import Queue from 'yocto-queue';
import type { VaultReader } from '../../vault/reader.js';
import type { SnapshotInfo } from '../../vault/snapshot-list.js';
import type { SourceRecord } from '../../vault/snapshot.js';
import { decodeTree, type ReadTree } from '../../vault/tree.js';
import { loadFiles, loadPipelines, loadRefs, readGitManifest, type ManifestBlobs, type StoredGitManifest } from '../../sources/git/read-manifest.js';
import { MANIFEST_V2 } from '../../sources/git/manifest-parts.js';
import { pipelinesOf } from '../../sources/git/pipeline-schema.js';
import { Lanes } from '../../util/lanes.js';
import { holdsNothing } from '../backup/failed-sources.js';
import { compareRefs, pairKey, type RefEvents, type RefView } from './ref-events.js';
import { countsStore, type CountsStore, type KnownCounts, type ManifestCounts, type TreeCounts } from './counts-cache.js';
import { gitManifest, SourceCountsTable, type SourceCounts } from './source-counts.js';

export type { SourceCounts, TreeCounts };

export interface SnapshotCounts {
  sources: number;
  perSource: Map<string, SourceCounts>;
  /** Sources whose trees or manifest could not be read, and why. */
  unreadable: Map<string, string>;
}

/** Where the counter reads blobs: a VaultReader, or a stub in tests. */
export interface BlobSource {
  blob(id: string): Promise<Buffer>;
  /**
   * Trees decoded (and screened) as decodeTree does, kept by the caller: the console counts through
   * its reader's tree cache, so a folder counted at unlock opens in Browse without a second decode
   * (a 100,000-entry tree is ~0.4 s to read and decode). Its errors name the tree.
   */
  decodedTree?(id: string): Promise<ReadTree>;
}

const PARALLEL_READS = 16;
/** Trees and manifests counted at once by snapshots(): each holds its reads' promises while it waits. */
const COUNTED_AT_ONCE = 64;
/** Manifests whose refs are kept for the next pair: a lineage's consecutive pairs share one. */
const VIEWS_KEPT = 32;
/** At most this many refs (~100 bytes each) of freshly counted manifests are kept for their pairs; past it, a pair reads its manifests again. */
const FRESH_REFS = 200_000;

/**
 * Counts snapshots from their trees and git manifests, never from the writer's own stats.
 * Trees and manifests are content-addressed, so each is counted once: a snapshot that changed one
 * folder costs the trees on that folder's path, not the whole tree again.
 */
export class SnapshotCounter {
  readonly #trees = new Map<string, Promise<TreeCounts>>();
  readonly #manifests = new Map<string, Promise<ManifestCounts>>();
  readonly #snapshots = new Map<string, Promise<SnapshotCounts>>();
  readonly #pairs = new Map<string, Promise<RefEvents>>();
  /** The last manifests read for their refs (a lineage's pairs share one each): a few, a big repository's refs are MBs. */
  readonly #views = new Map<string, Promise<RefView>>();
  /** The refs of manifests counted in this run, kept for their pairs (compared after the counts): a new manifest is then read once, not twice. */
  readonly #fresh = new Map<string, RefView>();
  #freshRefs = 0;
  readonly #sources = new SourceCountsTable();
  /** Every tree and manifest count known: loaded from the store below, or counted in this run. */
  readonly #known: Required<KnownCounts> & { snapshots: Map<string, SnapshotCounts> } = { trees: new Map(), manifests: new Map(), pairs: new Map(), parts: new Map(), snapshots: new Map() };
  /** Counts of format 2 manifests' parts being read (keys as KnownCounts.parts). */
  readonly #parts = new Map<string, Promise<number>>();
  /** Blobs read through the read limit: what the manifest loader reads parts with. */
  readonly #blobs: ManifestBlobs = { blob: (id) => this.#read(id) };
  readonly #ready: Promise<void>;
  #counted = 0;
  #reading = 0;
  /** Reads waiting for a lane: a first look starts every tree's count at once (200,000 on a wide writer's quarter), and an array's shift() copies it each time. */
  readonly #waiting = new Queue<() => void>();

  constructor(
    private readonly from: BlobSource,
    private readonly persisted?: CountsStore,
  ) {
    this.#ready = persisted
      ? persisted.load().then(({ trees, manifests, pairs, parts }) => {
          trees.forEach((c, id) => this.#known.trees.set(id, c));
          manifests.forEach((c, id) => this.#known.manifests.set(id, c));
          pairs?.forEach((e, key) => this.#known.pairs.set(key, e));
          parts?.forEach((n, key) => this.#known.parts.set(key, n));
        })
      : Promise.resolve();
  }

  /** Keeps what this run counted for the next one (no-op without a store or anything new). */
  async save(): Promise<void> {
    if (!this.persisted || this.#counted === 0) return;
    this.#counted = 0;
    await this.persisted.save(this.#known).catch(() => undefined); // a cache that cannot be written costs time, never a verdict
  }

  /** Resolves once the persisted counts are loaded: knownSnapshot answers from them after it. */
  ready(): Promise<void> {
    return this.#ready;
  }

  /**
   * A snapshot's counts when every tree and manifest it names is counted already, without a promise
   * (after ready()); undefined otherwise: snapshot() counts it. A year of hourly backups is 6,000-8,760
   * snapshots, each a promise or two on the async path, most of the anomalies' time (#14).
   */
  knownSnapshot(s: SnapshotInfo): SnapshotCounts | undefined {
    let c = this.#known.snapshots.get(s.hash);
    if (!c && (c = this.#fromKnown(s))) this.#known.snapshots.set(s.hash, c);
    return c;
  }

  snapshot(s: SnapshotInfo): Promise<SnapshotCounts> {
    const known = this.#known.snapshots.get(s.hash);
    if (known) return Promise.resolve(known);
    // the object's hash: ids can be forged twice
    return memo(this.#snapshots, s.hash, () => this.#ready.then(() => this.#fromKnown(s) ?? this.#countSnapshot(s)));
  }

  /**
   * The counts of many snapshots (a listing, posture, the console's timeline): each tree and
   * manifest they name that is not counted yet is counted once, at most COUNTED_AT_ONCE at a time,
   * then each snapshot is put together from the counts without a promise per source. Counting
   * snapshot by snapshot started a promise per source of each, 2,000,000 pending on a wide
   * writer's quarter (2,000 snapshots of 1,000 repositories), and most of its 4 GB.
   */
  async snapshots(list: readonly SnapshotInfo[]): Promise<SnapshotCounts[]> {
    await this.#ready;
    const out = list.map((s) => this.knownSnapshot(s));
    const [roots, manifests] = [new Set<string>(), new Set<string>()];
    list.forEach((s, i) => {
      if (out[i]) return;
      for (const src of s.manifest.sources) {
        if (holdsNothing(src)) continue;
        if (!this.#known.trees.has(src.root)) roots.add(src.root);
        const git = gitManifest(src);
        if (git && !this.#known.manifests.has(git)) manifests.add(git);
      }
    });
    const failed = new Map<string, string>();
    const lanes = new Lanes(COUNTED_AT_ONCE);
    const count = (id: string, how: (id: string) => Promise<unknown>) => lanes.run(() => how(id).then(() => undefined, (e: Error) => void failed.set(id, e.message)));
    for (const id of roots) await count(id, (t) => this.tree(t));
    for (const id of manifests) await count(id, (m) => memo(this.#manifests, m, () => this.#countManifest(m)));
    await lanes.drain();
    return list.map((s, i) => out[i] ?? this.#assemble(s, failed));
  }

  /** A snapshot from the counts known, each source whose tree or manifest failed (`failed`: id → why) unreadable. */
  #assemble(s: SnapshotInfo, failed: ReadonlyMap<string, string>): SnapshotCounts {
    const c = this.#fromKnown(s, failed)!; // defined: with `failed`, a source not counted is unreadable
    if (c.unreadable.size === 0) this.#known.snapshots.set(s.hash, c);
    return c;
  }

  /**
   * A snapshot whose trees and manifests were all counted before, without a promise per tree: on a
   * year of hourly backups the async path's ~50,000 promises were a third of `snapshots`' CPU (GC).
   * With `failed`, a source whose tree or manifest is not counted is unreadable, said why.
   */
  #fromKnown(s: SnapshotInfo, failed?: ReadonlyMap<string, string>): SnapshotCounts | undefined {
    const perSource = new Map<string, SourceCounts>();
    const unreadable = new Map<string, string>();
    for (const src of s.manifest.sources) {
      const kept = this.#sources.kept(src);
      if (kept) {
        perSource.set(src.name, kept);
        continue;
      }
      if (holdsNothing(src)) continue;
      const tree = this.#known.trees.get(src.root);
      const git = gitManifest(src);
      const manifest = git ? this.#known.manifests.get(git) : undefined;
      if (tree && (!git || manifest)) perSource.set(src.name, this.#sources.of(src, tree, manifest));
      else if (!failed) return undefined;
      else unreadable.set(src.name, (!tree ? failed.get(src.root) : failed.get(git!)) ?? 'not counted');
    }
    return { sources: s.manifest.sources.length, perSource, unreadable };
  }

  tree(id: string): Promise<TreeCounts> {
    return memo(this.#trees, id, async () => {
      await this.#ready;
      const known = this.#known.trees.get(id);
      if (known) return known;
      const counted = await this.#countTree(id);
      this.#known.trees.set(id, counted);
      this.#counted++;
      return counted;
    });
  }

  /** The ref events of a pair of manifests of one lineage when compared before (after ready()), without a promise. */
  knownRefEvents(before: string | undefined, after: string): RefEvents | undefined {
    return this.#known.pairs.get(pairKey(before, after));
  }

  /**
   * The ref events between two git manifests (ref-events.ts), compared once per pair and kept with
   * the counts: a manifest is read only for a pair not compared before, and only its refs are kept,
   * for the few pairs next to it.
   */
  refEvents(before: string | undefined, after: string): Promise<RefEvents> {
    const key = pairKey(before, after);
    return memo(this.#pairs, key, async () => {
      await this.#ready;
      const known = this.#known.pairs.get(key);
      if (known) return known;
      const [a, b] = await Promise.all([before ? this.#refView(before) : undefined, this.#refView(after)]);
      const events = compareRefs(a, b);
      this.#known.pairs.set(key, events);
      this.#counted++;
      return events;
    });
  }

  /** Lets go of the refs kept from this run's counting (after the run's pairs are compared): the console keeps a counter for as long as a vault is unlocked. */
  dropFresh(): void {
    this.#fresh.clear();
    this.#freshRefs = 0;
  }

  #refView(id: string): Promise<RefView> {
    let p = this.#views.get(id);
    const fresh = this.#fresh.get(id);
    if (p) {
      this.#views.delete(id); // most recently used last
    } else if (fresh) {
      p = Promise.resolve(fresh);
      this.#fresh.delete(id);
      this.#freshRefs -= Object.keys(fresh.refs).length;
    } else {
      // Refs and the default branch only: a format 2 manifest's files and pipelines are not read.
      p = this.#read(id).then(async (bytes) => {
        const m = readGitManifest(bytes, id);
        return refView(m, await loadRefs(this.#blobs, m, id));
      });
      p.catch(() => this.#views.delete(id));
    }
    this.#views.set(id, p);
    if (this.#views.size > VIEWS_KEPT) this.#views.delete(this.#views.keys().next().value!);
    return p;
  }

  async #countSnapshot(s: SnapshotInfo): Promise<SnapshotCounts> {
    const perSource = new Map<string, SourceCounts>();
    const unreadable = new Map<string, string>();
    await Promise.all(
      // A failed source holding nothing did not lose its files: it is reported as failed (posture), not counted.
      s.manifest.sources.filter((src) => !holdsNothing(src)).map(async (src) => {
        try {
          perSource.set(src.name, await this.#countSource(src));
        } catch (e) {
          unreadable.set(src.name, (e as Error).message);
        }
      }),
    );
    return { sources: s.manifest.sources.length, perSource, unreadable };
  }

  async #countSource(src: SourceRecord): Promise<SourceCounts> {
    const tree = await this.tree(src.root);
    const git = gitManifest(src);
    return this.#sources.of(src, tree, git ? await memo(this.#manifests, git, () => this.#countManifest(git)) : undefined);
  }

  async #countManifest(id: string): Promise<ManifestCounts> {
    await this.#ready;
    const known = this.#known.manifests.get(id);
    if (known) return known;
    const m = readGitManifest(await this.#read(id), id);
    const [allRefs, files, pipelines] = await Promise.all([loadRefs(this.#blobs, m, id), this.#partCount(m, id, 'files'), this.#partCount(m, id, 'pipelines')]);
    const refs = Object.keys(allRefs).length;
    if (this.#freshRefs + refs <= FRESH_REFS) {
      this.#fresh.set(id, refView(m, allRefs));
      this.#freshRefs += refs;
    }
    const counted = { refs, pipelines, files };
    this.#known.manifests.set(id, counted);
    this.#counted++;
    return counted;
  }

  /**
   * A manifest's file count, or its default branch's pipeline count: for format 2 counted from the
   * part itself (never a count the writer wrote beside it), once per part id, and kept with the counts.
   */
  #partCount(m: StoredGitManifest, id: string, kind: 'files' | 'pipelines'): Promise<number> {
    const branch = m.defaultBranch;
    const count = async () => (kind === 'files' ? (await loadFiles(this.#blobs, m, id)).length : branch === null ? 0 : (pipelinesOf(await loadPipelines(this.#blobs, m, id), branch) ?? []).length);
    if (m.format !== MANIFEST_V2) return count();
    if (kind === 'pipelines' && branch === null) return Promise.resolve(0);
    const key = kind === 'files' ? `files:${m.files}` : `pipelines:${m.pipelines}:${branch}`;
    const known = this.#known.parts.get(key);
    if (known !== undefined) return Promise.resolve(known);
    const p = memo(this.#parts, key, async () => {
      const n = await count();
      this.#known.parts.set(key, n);
      this.#counted++;
      return n;
    });
    p.catch(() => this.#parts.delete(key));
    return p;
  }

  async #countTree(id: string): Promise<TreeCounts> {
    let entries;
    try {
      entries = (await this.#limited(() => (this.from.decodedTree ? this.from.decodedTree(id) : this.from.blob(id).then(decodeTree)))).entries;
    } catch (e) {
      if (this.from.decodedTree) throw e;
      throw new Error(`tree ${id.slice(0, 12)} cannot be read (${(e as Error).message})`, { cause: e });
    }
    const sum: TreeCounts = { files: 0, dirs: 1, bytes: 0 };
    const subtrees: string[] = [];
    for (const e of entries) {
      if (e.kind === 'file') {
        sum.files++;
        sum.bytes += e.size;
      } else if (e.kind === 'dir' && e.subtree) subtrees.push(e.subtree);
    }
    for (const c of await Promise.all(subtrees.map((t) => this.tree(t)))) {
      sum.files += c.files;
      sum.dirs += c.dirs;
      sum.bytes += c.bytes;
    }
    return sum;
  }

  #read(id: string): Promise<Buffer> {
    return this.#limited(() => this.from.blob(id));
  }

  /** At most PARALLEL_READS reads at once: a folder with 10,000 subfolders is not 10,000 reads in flight. */
  async #limited<T>(read: () => Promise<T>): Promise<T> {
    if (this.#reading >= PARALLEL_READS) await new Promise<void>((go) => this.#waiting.enqueue(go));
    this.#reading++;
    try {
      return await read();
    } finally {
      this.#reading--;
      this.#waiting.dequeue()?.();
    }
  }
}

/** What a history comparison needs of a manifest: its refs, default branch and the agent's recorded rewrites. */
function refView(m: StoredGitManifest, refs: Record<string, string>): RefView {
  return { refs, defaultBranch: m.defaultBranch, ...(m.rewritten && { rewritten: m.rewritten }) };
}

function memo<T>(cache: Map<string, Promise<T>>, key: string, make: () => Promise<T>): Promise<T> {
  let p = cache.get(key);
  if (!p) {
    p = make();
    cache.set(key, p);
  }
  return p;
}

const counters = new WeakMap<VaultReader, SnapshotCounter>();

/**
 * The counter of a reader: counts live as long as the reader (the console drops it on lock), and
 * across runs in the reader's cache folder (counts-cache.ts).
 */
export function snapshotCounter(reader: VaultReader): SnapshotCounter {
  let c = counters.get(reader);
  if (!c) counters.set(reader, (c = new SnapshotCounter(reader, countsStore(reader))));
  return c;
}

/**
 * Makes `counter` (the console's, kept across a vault's readers) this reader's counter, unless the
 * reader counts with one already: posture and the snapshot list then share one count per reader
 * (snapshotAnomalies), not one each. Counts are content-addressed: either counter's are the same.
 */
export function adoptCounter(reader: VaultReader, counter: SnapshotCounter): void {
  if (!counters.has(reader)) counters.set(reader, counter);
}
