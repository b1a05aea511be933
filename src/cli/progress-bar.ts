import { createRequire } from 'node:module';
import type { ProgressEvent, ProgressSink } from '../util/progress.js';
import { formatBytes } from '../util/bytes.js';
import { terminalSafe } from '../util/terminal-text.js';

/** A one-line progress bar on stderr when it is a terminal; silent otherwise. */
export function terminalProgress(enabled: boolean): { sink: ProgressSink; stop(): void } {
  if (!enabled || !process.stderr.isTTY) return { sink: () => {}, stop: () => {} };
  // Loaded only for a terminal: its ~20 modules cost every agent run and script ~40 ms of CPU otherwise.
  const cliProgress = createRequire(import.meta.url)('cli-progress') as typeof import('cli-progress');
  const bar = new cliProgress.SingleBar(
    { stream: process.stderr, format: '{phase} {bar} {amount} {detail}', hideCursor: true, clearOnComplete: true, barsize: 30 },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  const sink = (e: ProgressEvent) => {
    const amount = e.unit === 'bytes' ? formatBytes(e.done) : `${e.done}${e.total ? `/${e.total}` : ''}`;
    const payload = { phase: e.phase, amount, detail: terminalSafe((e.detail ?? '').slice(-40)) };
    const total = e.total ?? Math.max(e.done * 2, 1);
    if (!started) {
      bar.start(total, e.done, payload);
      started = true;
    } else {
      bar.setTotal(total);
      bar.update(e.done, payload);
    }
  };
  return { sink, stop: () => started && bar.stop() };
}
