import type { DrillReportBody } from './drill-report.js';

const dur = (s: number) => (s < 120 ? `${s} s` : s < 7200 ? `${Math.floor(s / 60)} min ${s % 60} s` : `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`);

/** Breaks a line at spaces so that no word is cut (a word longer than the width is cut). */
function wrap(text: string, width: number): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > width) {
      out.push(line);
      line = '';
    }
    line = line ? `${line} ${word}` : word;
    while (line.length > width) {
      out.push(line.slice(0, width));
      line = line.slice(width);
    }
  }
  return [...out, line];
}

/**
 * What failed and what passed, in one sentence: one writer's broken sources (a hijacked agent's) fail
 * the drill, and the reader must see at once that every other source was restored and verified.
 */
export function verdictLine(r: Pick<DrillReportBody, 'steps'>): string {
  const failed = r.steps.filter((s) => !s.ok);
  const passed = r.steps.length - failed.length;
  const sources = (n: number) => `${n} source${n === 1 ? '' : 's'}`;
  if (failed.length === 0) return `all ${sources(r.steps.length)} restored and verified`;
  const byWriter = new Map<string, string[]>();
  for (const s of failed) {
    const who = s.writer === undefined ? 'not in the snapshot' : `writer "${s.writer}"`;
    const names = byWriter.get(who) ?? [];
    if (names.length === 0) byWriter.set(who, names);
    names.push(s.source);
  }
  // A writer can sign thousands of broken sources: the sentence names ten of each writer's.
  const list = [...byWriter].map(([who, names]) => `${names.slice(0, 10).join(', ')}${names.length > 10 ? ` and ${names.length - 10} more` : ''} (${who})`).join('; ');
  return `${failed.length} of ${sources(r.steps.length)} failed: ${list}; ${passed === 0 ? 'no other source was restored' : `the other ${passed} restored and verified`}`;
}

/** The report as lines of text: the same facts in the HTML, the PDF and the terminal. */
export function reportLines(r: DrillReportBody): string[] {
  return [
    `Disaster-recovery drill "${r.scenario.name}": ${r.passed ? 'PASSED' : 'FAILED'}`,
    `Sources: ${verdictLine(r)}`,
    r.scenario.description,
    `Vault ${r.vaultId}; snapshot ${r.snapshot.id} of ${r.snapshot.time}; incident time ${r.incident}`,
    `RTO ${dur(r.rtoSeconds)} (target ${dur(r.scenario.rtoTargetSeconds)}); RPO ${dur(r.rpoSeconds)} (target ${dur(r.scenario.rpoTargetSeconds)})`,
    `Restored ${r.items} items, ${r.bytes} bytes into the sandbox ${r.sandbox}; ${r.started} to ${r.finished}`,
    'Containment:',
    ...r.containment.map((c) => `  [${c.confirmed ? 'x' : ' '}] ${c.step}`),
    'Steps:',
    ...r.steps.map((s) => `  ${s.ok ? 'OK  ' : 'FAIL'} ${s.source} (${s.kind}${s.writer ? `, writer "${s.writer}"` : ''}, ${(s.ms / 1000).toFixed(1)} s): ${s.detail}`),
    ...(r.reasons.length ? ['Why it failed:', ...r.reasons.map((x) => `  - ${x}`)] : []),
    `Report ${r.id}, signed with the vault's custody key and stored in the vault, locked like every object there.`,
  ];
}

const escapeHtml = (t: string) => t.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function reportHtml(r: DrillReportBody): string {
  const rows = r.steps.map((s) => `<tr><td>${s.ok ? '✔' : '✖'}</td><td>${escapeHtml(s.source)}</td><td>${s.kind}</td><td>${escapeHtml(s.writer ?? '')}</td><td>${(s.ms / 1000).toFixed(1)} s</td><td>${escapeHtml(s.detail)}</td></tr>`).join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Drill ${escapeHtml(r.scenario.name)}</title>
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<style>body{font:14px/1.4 system-ui,sans-serif;max-width:900px;margin:24px auto}td,th{text-align:left;padding:4px 8px;border-bottom:1px solid #ddd}</style></head><body>
<h1>Drill “${escapeHtml(r.scenario.name)}”: ${r.passed ? '✔ passed' : '✖ failed'}</h1>
${reportLines(r).slice(1, 6).map((l) => `<p>${escapeHtml(l)}</p>`).join('\n')}
<h2>Containment</h2><ul>${r.containment.map((c) => `<li>${c.confirmed ? '✔' : '☐'} ${escapeHtml(c.step)}</li>`).join('')}</ul>
<h2>Steps</h2><table><tr><th></th><th>Source</th><th>Kind</th><th>Writer</th><th>Time</th><th>Verification</th></tr>${rows}</table>
${r.reasons.length ? `<h2>Why it failed</h2><ul>${r.reasons.map((x) => `<li>${escapeHtml(x)}</li>`).join('')}</ul>` : ''}
<p>Report ${r.id}, signed with the vault's custody key and stored in the vault, locked like every object there.</p></body></html>\n`;
}

/** A plain one-page-or-more PDF of the same lines (WinAnsi text: symbols are spelled out). */
export async function reportPdf(r: DrillReportBody): Promise<Uint8Array> {
  const { PDFDocument, StandardFonts } = await import('@cantoo/pdf-lib'); // loaded only to print: every CLI verb would pay ~0.15 s for it
  const pdf = await PDFDocument.create();
  pdf.setTitle(`Bulkhead drill ${r.scenario.name}`);
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  let page = pdf.addPage([595, 842]);
  let y = 800;
  for (const [i, raw] of reportLines(r).entries()) {
    for (const part of wrap(raw.replace(/[^\x20-\x7e]/g, '-'), i === 0 ? 60 : 95)) {
      if (y < 40) {
        page = pdf.addPage([595, 842]);
        y = 800;
      }
      page.drawText(part, { x: 40, y, size: i === 0 ? 15 : 10, font });
      y -= i === 0 ? 24 : 15;
    }
  }
  return pdf.save();
}
