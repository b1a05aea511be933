import QRCode from 'qrcode';
import { groupFingerprint } from '../../crypto/fingerprint.js';
import { BulkheadError } from '../../util/errors.js';

/** What is printed on one holder's share. */
export interface ShareSheet {
  index: number;
  threshold: number;
  total: number;
  holder: string;
  created: string;
  fingerprint: string;
  words: string[];
}

const title = (s: ShareSheet) => `Bulkhead recovery share ${s.index} of ${s.total}`;
const INSTRUCTIONS = [
  'Keep this sheet offline, in a place only you can open (a safe, a sealed envelope).',
  'It is useless alone: any {M} of the {N} shares rebuild the recovery identity that reads every backup.',
  'Never photograph it, type it into a chat, or store it in a password manager shared with others.',
  'To recover: the holders run "bulkhead keys combine" or enter their words in the console, one at a time.',
];
const instructions = (s: ShareSheet) => INSTRUCTIONS.map((l) => l.replace('{M}', String(s.threshold)).replace('{N}', String(s.total)));

/** The words as numbered columns, the way they are read back. */
function wordGrid(words: string[]): string[] {
  const rows: string[] = [];
  for (let i = 0; i < words.length; i += 4) {
    rows.push(words.slice(i, i + 4).map((w, j) => `${String(i + j + 1).padStart(2)} ${w.padEnd(9)}`).join('  ').trimEnd());
  }
  return rows;
}

export function shareText(s: ShareSheet): string {
  return [
    title(s).toUpperCase(),
    `Any ${s.threshold} of the ${s.total} shares rebuild the recovery identity.`,
    `Identity (recipient fingerprint): ${groupFingerprint(s.fingerprint)}`,
    `Holder: ${s.holder}`,
    `Created: ${s.created}`,
    '',
    'Words:',
    ...wordGrid(s.words),
    '',
  ].join('\n');
}

/** Words typed, pasted or read from a share file: after a "Words:" line if there is one. */
export function parseShareText(text: string, where: string): string[] {
  const at = text.search(/^Words:/m);
  const body = at >= 0 ? text.slice(at + 'Words:'.length) : text;
  const words = body.split(/[^A-Za-z]+/).filter(Boolean).map((w) => w.toLowerCase());
  if (words.length === 0) throw new BulkheadError('BAD_IDENTITY', `${where} holds no share words`);
  return words;
}

const escapeHtml = (t: string) => t.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A printable page: words, QR code (of the same words), holder, date, instructions. */
export async function shareHtml(s: ShareSheet): Promise<string> {
  const qr = await QRCode.toString(s.words.join(' '), { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  const cells = s.words.map((w, i) => `<li><span>${i + 1}</span> ${escapeHtml(w)}</li>`).join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title(s))}</title>
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<style>body{font:14px/1.4 system-ui,sans-serif;max-width:720px;margin:24px auto}h1{font-size:20px}
.fp{font-family:monospace;font-size:16px}ol{columns:4;list-style:none;padding:0;font-family:monospace;font-size:15px}
li span{display:inline-block;width:2em;color:#666}.qr{width:220px;float:right}@media print{button{display:none}}</style></head>
<body><div class="qr">${qr}</div><h1>${escapeHtml(title(s))}</h1>
<p>Holder: <strong>${escapeHtml(s.holder)}</strong><br>Created: ${escapeHtml(s.created)}<br>
Identity: <span class="fp">${groupFingerprint(s.fingerprint)}</span></p>
<ol>${cells}</ol><ul>${instructions(s).map((l) => `<li>${escapeHtml(l)}</li>`).join('')}</ul></body></html>\n`;
}

export async function sharePdf(s: ShareSheet): Promise<Uint8Array> {
  const { PDFDocument, StandardFonts, rgb } = await import('@cantoo/pdf-lib'); // loaded only to print: every CLI verb would pay ~0.15 s for it
  const pdf = await PDFDocument.create();
  pdf.setTitle(title(s));
  pdf.setCreator('Bulkhead');
  const page = pdf.addPage([595, 842]); // A4 in points
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  const mono = await pdf.embedFont(StandardFonts.Courier);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  const qr = await pdf.embedPng(await QRCode.toBuffer(s.words.join(' '), { errorCorrectionLevel: 'M', margin: 2, scale: 6 }));
  page.drawImage(qr, { x: 395, y: 620, width: 170, height: 170 });
  let y = 780;
  const line = (text: string, f = font, size = 11) => {
    page.drawText(text, { x: 40, y, size, font: f, color: rgb(0, 0, 0) });
    y -= size + 7;
  };
  line(title(s), bold, 18);
  line(`Holder: ${s.holder}`);
  line(`Created: ${s.created}`);
  line(`Identity: ${groupFingerprint(s.fingerprint)}`, mono, 10);
  y = 600;
  for (const row of wordGrid(s.words)) line(row, mono, 13);
  y -= 10;
  for (const l of instructions(s)) line(l, font, 10);
  return pdf.save();
}
