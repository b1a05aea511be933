import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { PipelineSystem } from './pipeline-system.js';
import { loadYaml, readYaml, readYamlWith, type YamlRead } from './pipeline-yaml.js';

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
    if (files.length > 0) await loadYaml();
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

/**
 * A thread of its own that loads the YAML parser as soon as it is made (~0.1–0.3 s of module
 * loading) and parses what it is sent, while this thread stores the mirror and reads git. A first
 * backup makes one before cloning. Should the thread fail, files are read in this thread instead.
 */
export function yamlThread(): YamlReader {
  let elsewhere = 0;
  let worker: Worker | undefined;
  let failed = false;
  const waiting: { files: [PipelineSystem, string][]; resolve(r: YamlRead[]): void; reject(e: unknown): void }[] = [];
  const fallBack = () => {
    failed = true;
    worker?.terminate().catch(() => {});
    worker = undefined;
    for (const w of waiting.splice(0)) inThisThread.read(w.files).then(w.resolve, w.reject);
  };
  try {
    worker = new Worker(program(), { eval: true, workerData: { yaml: createRequire(import.meta.url).resolve('yaml') } });
    worker.unref(); // never what keeps the agent running
    worker.on('message', (results: YamlRead[] | null) => {
      const w = waiting.shift();
      if (results) elsewhere += results.length;
      if (w) (results ? Promise.resolve(results) : inThisThread.read(w.files)).then(w.resolve, w.reject);
    });
    worker.on('error', fallBack);
    worker.on('exit', () => waiting.length > 0 && fallBack());
  } catch {
    failed = true;
  }
  return {
    get elsewhere() {
      return elsewhere;
    },
    read(files) {
      if (files.length === 0) return Promise.resolve([]);
      if (failed || !worker) return inThisThread.read(files);
      return new Promise((resolve, reject) => {
        waiting.push({ files, resolve, reject });
        worker!.postMessage(files);
      });
    },
    close() {
      const w = worker;
      worker = undefined;
      failed = true;
      w?.terminate().catch(() => {});
    },
  };
}
