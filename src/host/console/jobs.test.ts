import { mkdir } from 'node:fs/promises';
import { describe, expect, it, vi } from 'vitest';
import { Jobs } from './jobs.js';
import { fixedClock } from '../../util/clock.js';
import { BulkheadError } from '../../util/errors.js';

const settle = () => new Promise((r) => setTimeout(r, 10));
/** Until every job has ended: a job that touches the file system waits on libuv's pool, which a loaded machine keeps longer than `settle`. */
const ended = (jobs: Jobs) => vi.waitFor(() => expect(jobs.running()).toBe(0), { timeout: 10_000, interval: 5 });

describe('jobs', () => {
  it('reports progress with a rate and the time left, then the verification', async () => {
    const clock = fixedClock(new Date('2026-01-01T00:00:00Z'));
    const jobs = new Jobs(clock);
    let release!: () => void;
    const ended: string[] = [];
    const job = jobs.start('restore', 'restore app', async (ctx) => {
      ctx.progress({ phase: 'restoring', done: 0, total: 1000, unit: 'bytes' });
      clock.advance(2000);
      ctx.progress({ phase: 'restoring', done: 400, total: 1000, unit: 'bytes' });
      await new Promise<void>((r) => (release = r));
      ctx.verified({ item: 'app', ok: true, detail: 'equal' });
    }, (j) => ended.push(j.status));
    expect(jobs.get(job.id)).toMatchObject({ status: 'running', done: 400, rate: 200, etaSeconds: 3 });
    release();
    await settle();
    expect(jobs.get(job.id)).toMatchObject({ status: 'done', error: null, verification: [{ item: 'app', ok: true }] });
    expect(ended).toEqual(['done']);
  });

  it('a failed job keeps its code and sentence; an unexpected error only a generic one', async () => {
    const logged: string[] = [];
    const jobs = new Jobs(fixedClock(new Date()), (l) => logged.push(l));
    const a = jobs.start('restore', 'a', async () => {
      throw new BulkheadError('TARGET_NOT_EMPTY', '/srv/x already exists');
    });
    const b = jobs.start('restore', 'b', async () => {
      throw new Error('EIO: /dev/sda1');
    });
    await settle();
    expect(jobs.get(a.id)!.error).toEqual({ code: 'TARGET_NOT_EMPTY', message: '/srv/x already exists' });
    expect(jobs.get(b.id)!.error!.code).toBe('INTERNAL');
    expect(jobs.get(b.id)!.error!.message).not.toMatch(/sda/);
    expect(logged.join()).toMatch(/EIO/);
    expect(jobs.list().map((j) => j.title)).toEqual(['b', 'a']);
  });

  it('a file system failure says what, where and why (not "see the console log"), and is still logged', async () => {
    const logged: string[] = [];
    const jobs = new Jobs(fixedClock(new Date()), (l) => logged.push(l));
    const job = jobs.start('restore', 'into /proc', async () => {
      await mkdir('/proc/.nope.bulkhead-restore-2');
    });
    await ended(jobs);
    expect(jobs.get(job.id)!.error).toEqual({ code: 'INTERNAL', message: expect.stringMatching(/^could not create the folder \/proc\/\.nope\.bulkhead-restore-2: a folder on the way does not exist \(ENOENT\)/) });
    expect(logged.join()).toMatch(/ENOENT/);
  });
});

describe('jobs and the idle lock', () => {
  it('counts running jobs, carries the plan id, and says when any job ends', async () => {
    const jobs = new Jobs(fixedClock(new Date()));
    let settled = 0;
    jobs.onSettled(() => settled++);
    let release!: () => void;
    const job = jobs.start('restore', 'r', () => new Promise<void>((r) => (release = r)), () => {}, 'plan-1');
    expect(jobs.running()).toBe(1);
    expect(job.planId).toBe('plan-1');
    release();
    await settle();
    expect(jobs.running()).toBe(0);
    expect(settled).toBe(1);
  });
});

describe('cancelling a job', () => {
  it('asks the work to stop; the job ends as cancelled, and an ended job cannot be cancelled', async () => {
    const jobs = new Jobs(fixedClock(new Date()));
    let release!: () => void;
    const job = jobs.start('restore', 'r', async (ctx) => {
      await new Promise<void>((r) => (release = r));
      if (ctx.cancelled()) throw new BulkheadError('RESTORE_INCOMPLETE', 'cancelled by the operator');
    });
    expect(jobs.cancel(job.id)).toBe(true);
    expect(jobs.get(job.id)!.status).toBe('running'); // until the work has actually stopped
    release();
    await settle();
    expect(jobs.get(job.id)).toMatchObject({ status: 'cancelled', error: { message: 'cancelled by the operator' } });
    expect(jobs.cancel(job.id)).toBe(false);
  });

  it('a cancel too late to stop anything leaves a job that finished', async () => {
    const jobs = new Jobs(fixedClock(new Date()));
    let release!: () => void;
    const job = jobs.start('restore', 'r', () => new Promise<void>((r) => (release = r)));
    jobs.cancel(job.id);
    release();
    await settle();
    expect(jobs.get(job.id)!.status).toBe('done');
  });
});
