import { randomUUID } from 'node:crypto';
import type { Clock } from '../../util/clock.js';
import type { JobProgress } from './restore-progress.js';
import { isBulkheadError } from '../../util/errors.js';
import { systemErrorSentence } from '../../util/system-error.js';
import { stderrLog } from '../../util/log-file.js';
import type { ForgeStepOutcome } from '../../ops/restore/forge-restore.js';

export interface Verification {
  item: string;
  ok: boolean;
  detail: string;
  /** A forge step's end (ops/restore/forge-restore.ts, ForgeStepOutcome). */
  outcome?: ForgeStepOutcome;
}

export interface JobState {
  id: string;
  kind: string;
  title: string;
  status: 'running' | 'done' | 'failed' | 'cancelled';
  phase: string;
  done: number;
  total: number | null;
  unit: 'bytes' | 'items';
  /** Items (files) done and planned, beside the bytes, when the work counts them. */
  items: { done: number; total: number } | null;
  rate: number | null;
  etaSeconds: number | null;
  started: string;
  finished: string | null;
  error: { code: string; message: string } | null;
  verification: Verification[];
  /** What the job produced, when it names something (a drill's report key). */
  result: string | null;
  /** The restore plan the job runs, when it runs one. */
  planId: string | null;
}

export interface JobContext {
  progress(e: JobProgress): void;
  verified(v: Verification): void;
  /** The operator asked to stop: the work ends at its next safe point. */
  cancelled(): boolean;
  /** The same as a signal, aborted when the operator cancels. */
  signal: AbortSignal;
}

/** Long work (restores) runs in the background; the UI polls its state for the progress bar. */
export class Jobs {
  readonly #jobs = new Map<string, JobState>();
  readonly #samples = new Map<string, { t: number; done: number }[]>();
  readonly #onSettled: (() => void)[] = [];
  readonly #cancel = new Set<string>();
  readonly #aborts = new Map<string, AbortController>();

  constructor(
    private readonly clock: Clock,
    private readonly log: (line: string) => void = stderrLog,
  ) {}

  /** Called after any job ends (the idle lock waits for running jobs). */
  onSettled(fn: () => void): void {
    this.#onSettled.push(fn);
  }

  running(): number {
    let n = 0;
    for (const j of this.#jobs.values()) if (j.status === 'running') n++;
    return n;
  }

  start(kind: string, title: string, work: (ctx: JobContext) => Promise<string | void>, onEnd: (job: JobState) => void = () => {}, planId: string | null = null): JobState {
    const now = this.clock.now();
    const job: JobState = {
      id: randomUUID(),
      kind,
      title,
      status: 'running',
      phase: 'starting',
      done: 0,
      total: null,
      unit: 'items',
      items: null,
      rate: null,
      etaSeconds: null,
      started: now.toISOString(),
      finished: null,
      error: null,
      verification: [],
      result: null,
      planId,
    };
    this.#jobs.set(job.id, job);
    const abort = new AbortController();
    this.#aborts.set(job.id, abort);
    const ctx: JobContext = { progress: (e) => this.progress(job, e), verified: (v) => job.verification.push(v), cancelled: () => this.#cancel.has(job.id), signal: abort.signal };
    void work(ctx).then(
      (result) => {
        job.result = result ?? null;
        this.finish(job, null);
      },
      (e: unknown) => {
        if (!isBulkheadError(e)) this.log(`bulkhead console: job "${title}" failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
        this.finish(job, isBulkheadError(e) ? { code: e.code, message: e.message } : { code: 'INTERNAL', message: systemErrorSentence(e) ?? 'the job failed unexpectedly; see the console log' });
      },
    )
      .then(() => onEnd(job))
      .catch((e: unknown) => this.log(`bulkhead console: after job "${title}": ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`))
      .finally(() => {
        for (const fn of this.#onSettled) fn();
      });
    return job;
  }

  /** Asks a running job to stop; it ends as 'cancelled' once its work has stopped. */
  cancel(id: string): boolean {
    if (this.#jobs.get(id)?.status !== 'running') return false;
    this.#cancel.add(id);
    this.#aborts.get(id)?.abort();
    return true;
  }

  get(id: string): JobState | undefined {
    return this.#jobs.get(id);
  }

  list(): JobState[] {
    return [...this.#jobs.values()].reverse();
  }

  private progress(job: JobState, e: JobProgress): void {
    if (e.phase !== job.phase) this.#samples.set(job.id, []);
    Object.assign(job, { phase: e.phase, done: e.done, total: e.total ?? null, unit: e.unit, items: e.items ?? job.items });
    const t = this.clock.now().getTime();
    const samples = this.#samples.get(job.id) ?? [];
    samples.push({ t, done: e.done });
    while (samples.length > 2 && t - samples[0]!.t > 5000) samples.shift();
    this.#samples.set(job.id, samples);
    const first = samples[0]!;
    const seconds = (t - first.t) / 1000;
    job.rate = seconds > 0.2 ? (e.done - first.done) / seconds : null;
    job.etaSeconds = job.rate && job.total !== null && job.rate > 0 ? Math.max(0, (job.total - job.done) / job.rate) : null;
  }

  private finish(job: JobState, error: JobState['error']): void {
    this.#samples.delete(job.id);
    this.#aborts.delete(job.id);
    // A cancel that came too late to stop anything leaves a job that simply finished.
    const cancelled = this.#cancel.delete(job.id);
    job.status = !error ? 'done' : cancelled ? 'cancelled' : 'failed';
    job.error = error;
    job.finished = this.clock.now().toISOString();
    job.etaSeconds = null;
  }
}
