import type { BackupContext } from './blob-sink.js';
import type { FileCache } from './dir/file-cache.js';
import type { Clock } from '../util/clock.js';

/** Every kind of source this version backs up; the registry (`registry.ts`) holds one type per kind. */
export type SourceKind = 'dir' | 'stream' | 'git' | 'github' | 'gitlab';

/** One `--source` as the operator named it: `[NAME=]KIND:LOCATOR`. */
export interface SourceSpec {
  name: string;
  kind: SourceKind;
  locator: string;
}

/** What one source's backup put in the vault, before it becomes the snapshot's source record. */
export interface SourceRoot {
  root: string;
  mode?: number;
  mtime?: number;
  /** A folder's owner (numeric), given back by a restore as root. */
  uid?: number;
  gid?: number;
  manifest?: string;
  excludes?: string[];
  /** Set when the source failed; root is then an empty tree, or a git source's mirror when it got that far. */
  failed?: { reason: string };
  /** More source records this one produced (a GitHub source: one git record per repository). */
  extra?: ExtraRecord[];
}

/** A whole source record made by another source's backup (stats included). */
export interface ExtraRecord extends Omit<SourceRoot, 'extra'> {
  kind: SourceKind;
  name: string;
  locator: string;
  stats: { files: number; dirs: number; bytes: number };
}

export interface SourceBackupOptions {
  excludes: string[];
  /** The agent's own cache folder (file caches, git mirrors): never in the vault. */
  cacheDir: string;
  clock: Clock;
  /** A source that keeps a file cache adds it here; the caller saves them once the snapshot is committed. */
  caches: FileCache[];
  /** What this source's `prepare` returned, when the caller called it. */
  prepared?: unknown;
  /** A folder's largest listing kept (dir-source); below the readers' ceiling only to prove the bound cheaply (tests). */
  listingMost?: number;
  /** A stream command silent this long is stopped and its source recorded failed (0: never). */
  streamIdleMs?: number;
  /** A stream command still printing after this long is stopped and its source recorded failed (0: never). */
  streamMostMs?: number;
}

/**
 * One kind of source. Adding a kind (a forge, a database) means one more `SourceType` in the
 * registry: the verbs dispatch through it, never on the kind themselves.
 */
export interface SourceType {
  readonly kind: SourceKind;
  /** How the operator writes one, for messages: `dir:PATH`. */
  readonly usage: string;
  /** How Browse shows its record: a stream's output is one file, previewed; every other kind opens as a folder. */
  readonly opensAs: 'file' | 'folder';
  /**
   * What a snapshot's own counts compare for it (anomalies): its tree's files; its output's bytes
   * (a command's output is one file however much it lost: a `pg_dump` of a dropped database is
   * tiny, not gone); or its git manifest's refs, pipelines and files.
   */
  readonly counted: 'tree' | 'output' | 'git-manifest';
  /** The name a source gets when the operator gives none (a folder's or repository's base name). */
  defaultName(locator: string): string;
  /** The locator as recorded: what diff --live and restores will use later (an absolute path, say). */
  normalize(locator: string): string;
  /**
   * Starts what this source's backup would first wait on (a git clone or fetch), so that it runs
   * while the vault opens; its backup, given what this returns (`prepared`), takes it up. Never
   * throws: a failure is its backup's. Optional: most sources have nothing to start.
   */
  prepare?(spec: SourceSpec, cacheDir: string): unknown;
  /** Throws SOURCE_FAILED for a failure of the source itself; the caller records it and goes on. */
  backup(ctx: BackupContext, spec: SourceSpec, opts: SourceBackupOptions): Promise<SourceRoot>;
}
