import { useEffect, useState } from 'react';
import { escapedHtml, workerUrl } from './trusted-html.js';

const BY_EXTENSION: Record<string, string> = {
  yml: 'yaml', yaml: 'yaml', json: 'json', js: 'javascript', mjs: 'javascript', cjs: 'javascript', ts: 'typescript', tsx: 'typescript',
  sh: 'bash', bash: 'bash', ini: 'ini', toml: 'ini', cfg: 'ini', conf: 'ini', env: 'bash', md: 'markdown', xml: 'xml', html: 'xml',
  groovy: 'groovy', py: 'python', sql: 'sql', tf: 'ini', tfstate: 'json',
};

function languageOf(path: string): string | undefined {
  const base = path.split('/').pop() ?? '';
  if (base === 'Dockerfile' || base.startsWith('Dockerfile.')) return 'dockerfile';
  if (base === 'Jenkinsfile') return 'groovy';
  return BY_EXTENSION[base.split('.').pop()?.toLowerCase() ?? ''];
}

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Past this many characters a preview is not coloured at all. */
const MOST_COLOURED = 200_000;
/**
 * How long colouring may take. highlight.js is quadratic on some inputs (200,000 underscores in a
 * .tf file: minutes) and a file's content is its writer's: it runs in a worker (highlight-worker.ts),
 * the text is shown uncoloured meanwhile, and a worker past this budget is ended.
 */
const BUDGET_MS = 2_000;

let worker: Worker | undefined;
let asked = 0;

function startWorker(): Worker {
  // The one script URL the Trusted Types policy makes (trusted-html.ts): the highlighter's own file.
  worker ??= new Worker(workerUrl() as unknown as URL, { type: 'module', name: 'highlight' });
  return worker;
}

function endWorker(): void {
  worker?.terminate();
  worker = undefined;
}

export interface Highlighted {
  html: TrustedHTML | string;
  /** Why the text is shown without colours, when it is one it could have had. */
  note: string | null;
}

/** Colours a language-typed text in the worker, within the budget; the HTML it answers is hljs's (escaped). */
function colour(text: string, language: string): Promise<Highlighted> {
  const id = ++asked;
  endWorker(); // a worker still colouring an earlier preview may be stuck in it
  return new Promise((done) => {
    let w: Worker;
    try {
      w = startWorker();
    } catch {
      done({ html: escapedHtml(escape(text)), note: 'Colours left off: the highlighter did not start.' });
      return;
    }
    const timer = setTimeout(() => {
      if (id === asked) endWorker();
      done({ html: escapedHtml(escape(text)), note: `Colours left off: colouring this file took longer than ${BUDGET_MS / 1000} s.` });
    }, BUDGET_MS);
    w.onmessage = (e: MessageEvent<{ id: number; html: string }>) => {
      if (e.data.id !== id) return;
      clearTimeout(timer);
      done({ html: escapedHtml(e.data.html), note: null });
    };
    w.onerror = () => {
      clearTimeout(timer);
      endWorker();
      done({ html: escapedHtml(escape(text)), note: 'Colours left off: the highlighter failed on this file.' });
    };
    w.postMessage({ id, text, language });
  });
}

/**
 * Highlighted, HTML-escaped source as TrustedHTML (the CSP lets no other string reach an HTML
 * sink): the escaped text at once, its colours when the worker answers within the budget.
 */
export function useHighlighted(text: string | null, path: string): Highlighted | null {
  const language = languageOf(path);
  const plain = text === null ? null : escapedHtml(escape(text));
  const [coloured, setColoured] = useState<{ text: string; path: string; result: Highlighted } | null>(null);
  useEffect(() => {
    if (text === null || !language || text.length > MOST_COLOURED) return;
    let live = true;
    void colour(text, language).then((result) => live && setColoured({ text, path, result }));
    return () => {
      live = false;
    };
  }, [text, path, language]);
  if (text === null || plain === null) return null;
  if (language && text.length > MOST_COLOURED) return { html: plain, note: `Colours left off: the preview is over ${MOST_COLOURED.toLocaleString('en')} characters.` };
  if (coloured && coloured.text === text && coloured.path === path) return coloured.result;
  return { html: plain, note: null };
}
