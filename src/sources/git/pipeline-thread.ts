import { Worker } from 'node:worker_threads';
import type { PipelineSystem } from './pipeline-system.js';
import { readYaml, readYamlWith, type YamlRead } from './pipeline-yaml.js';
import { yamlModulePath } from '../../util/yaml-module.js';

/** Reads pipeline files' YAML, in this thread or another. */
export interface YamlReader {
  read(files: [system: PipelineSystem, text: string][]): Promise<YamlRead[]>;
  close(): void;
  /** Files the other thread read (the rest were read in this one). */
  readonly elsewhere?: number;
}

/** This thread: the YAML module is loaded on first use. */
export const inThisThread: YamlReader = {
  async read(files) {
    return files.map(([system, text]) => readYaml(system, text));
  },
  close() {},
};

/**
 * The parse thread's program: readYamlWith's own source text, so both threads read YAML alike
 * (`__name` is the helper esbuild adds when it keeps function names, as tsx does). A batch in, one
 * result per file out, or `null` when the thread failed to read it: that batch is then read here.
 */
const program = () => `
const { parentPort, workerData } = require('node:worker_threads');
const __name = (f) => f;
const yaml = require(workerData.yaml);
const read = (${readYamlWith.toString()});
parentPort.on('message', (files) => {
  try {
    parentPort.postMessage(files.map(([system, text]) => read(yaml, system, text)));
  } catch {
    parentPort.postMessage(null);
  }
});
`;

/** One file batch sent to the thread, answered in order. */
interface Waiting {
  files: [PipelineSystem, string][];
  resolve(r: YamlRead[] | null): void;
}

/** The process's parse thread and who uses it. */
interface Shared {
  worker: Worker;
  waiting: Waiting[];
  users: number;
  idle?: NodeJS.Timeout;
}

/** The thread lives this long unused: a backup of many repositories (a GitHub organisation) starts one, not one each. */
const IDLE_MS = 5_000;
let shared: Shared | undefined;
let starts = 0;

/** Parse threads this process started (tests: readers in a row share one). */
export const yamlThreadStarts = (): number => starts;

/** Ends the thread; whatever waits on it is read in the caller's thread instead (null). */
function retire(s: Shared): void {
  if (shared === s) shared = undefined;
  clearTimeout(s.idle);
  s.worker.terminate().catch(() => {});
  for (const w of s.waiting.splice(0)) w.resolve(null);
}

function start(): Shared | undefined {
  let s: Shared;
  try {
    const worker = new Worker(program(), { eval: true, workerData: { yaml: yamlModulePath() } });
    s = { worker, waiting: [], users: 0 };
    starts++;
  } catch {
    return undefined;
  }
  s.worker.on('message', (results: YamlRead[] | null) => {
    s.waiting.shift()?.resolve(results);
    if (s.waiting.length === 0) s.worker.unref();
  });
  s.worker.on('error', () => retire(s));
  s.worker.on('exit', () => retire(s));
  // Held (ref) only while a batch waits on it: an idle thread never keeps the agent running, so a
  // run exits at once instead of waiting out the idle time. (A 'message' listener refs a worker:
  // unref'd after it.)
  s.worker.unref();
  return s;
}

/**
 * A thread that loads the YAML parser as soon as it is made (~0.1–0.3 s of module loading) and
 * parses what it is sent, while this thread stores the mirror and reads git. A first backup asks
 * for one before cloning; the process keeps one, shared by every reader, until it has been unused
 * for a few seconds (each start cost ~0.25 CPU s: an organisation's 45 repositories started 45).
 * Should the thread fail, files are read in this thread instead.
 */
export function yamlThread(): YamlReader {
  let s = shared ?? (shared = start());
  if (s) {
    clearTimeout(s.idle);
    s.users++;
  }
  let elsewhere = 0;
  return {
    get elsewhere() {
      return elsewhere;
    },
    async read(files) {
      if (files.length === 0) return [];
      const thread = s && shared === s ? s : undefined;
      if (!thread) return inThisThread.read(files);
      const results = await new Promise<YamlRead[] | null>((resolve) => {
        thread.waiting.push({ files, resolve });
        thread.worker.ref();
        thread.worker.postMessage(files);
      });
      if (!results) return inThisThread.read(files);
      elsewhere += results.length;
      return results;
    },
    close() {
      const thread = s;
      s = undefined;
      if (!thread || --thread.users > 0 || shared !== thread) return;
      thread.idle = setTimeout(() => retire(thread), IDLE_MS).unref();
    },
  };
}
