/**
 * Whether a preview's text is really text. The core calls a file binary when its first 8 KiB hold
 * a NUL byte; a file of other control bytes (a BEL-filled blob, a terminal capture gone wrong)
 * passed as text and showed as one line of 230,000 boxes. Tabs, line ends, form feeds and ESC
 * (colour codes in logs) are text; a few stray others are tolerated.
 */
export function looksBinary(text: string): boolean {
  const sample = text.slice(0, 8192);
  let control = 0;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if ((c < 32 && c !== 9 && c !== 10 && c !== 12 && c !== 13 && c !== 27) || c === 127) control++;
  }
  return control > Math.max(8, sample.length / 100);
}
