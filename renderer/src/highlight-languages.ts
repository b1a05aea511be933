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

// The languages of DevOps repositories: pipelines, manifests, scripts, configs.
for (const [name, lang] of Object.entries({ yaml, json, javascript, typescript, bash, ini, dockerfile, markdown, xml, groovy, python, sql })) {
  hljs.registerLanguage(name, lang);
}

/** highlight.js's HTML of text in a language registered above (it escapes the text it is given). */
export const highlightedHtml = (text: string, language: string): string => hljs.highlight(text, { language, ignoreIllegals: true }).value;
