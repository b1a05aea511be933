import hljs from 'highlight.js/lib/core';
import yaml from 'highlight.js/lib/languages/yaml';
import json from 'highlight.js/lib/languages/json';
import javascript from 'highlight.js/lib/languages/javascript';
import typescript from 'highlight.js/lib/languages/typescript';
import bash from 'highlight.js/lib/languages/bash';
import ini from 'highlight.js/lib/languages/ini';
import dockerfile from 'highlight.js/lib/languages/dockerfile';
import markdown from 'highlight.js/lib/languages/markdown';
import xml from 'highlight.js/lib/languages/xml';
import groovy from 'highlight.js/lib/languages/groovy';
import python from 'highlight.js/lib/languages/python';
import sql from 'highlight.js/lib/languages/sql';
import { escapedHtml } from './trusted-html.js';

// The languages of DevOps repositories: pipelines, manifests, scripts, configs.
for (const [name, lang] of Object.entries({ yaml, json, javascript, typescript, bash, ini, dockerfile, markdown, xml, groovy, python, sql })) {
  hljs.registerLanguage(name, lang);
}

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

/**
 * Highlighted, HTML-escaped source (highlight.js escapes the text it colours; the rest is escaped
 * here), as TrustedHTML: the CSP lets no other string reach an HTML sink.
 */
export function highlight(text: string, path: string): TrustedHTML | string {
  const language = languageOf(path);
  if (!language || text.length > 200_000) return escapedHtml(escape(text));
  return escapedHtml(hljs.highlight(text, { language, ignoreIllegals: true }).value);
}
