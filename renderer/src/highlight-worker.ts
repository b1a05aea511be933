/**
 * The syntax highlighter, off the page's thread: highlight.js is quadratic on some inputs (200,000
 * underscores in a .tf or .ini file: minutes), and a file's content is its writer's. The page asks,
 * shows the text uncoloured meanwhile, and ends this worker when it takes too long (highlight.ts).
 */
import { highlightedHtml } from './highlight-languages.js';

interface Ask {
  id: number;
  text: string;
  language: string;
}

self.onmessage = (e: MessageEvent<Ask>) => {
  const { id, text, language } = e.data;
  self.postMessage({ id, html: highlightedHtml(text, language) });
};
