/** "1 file", "2 files", "0 packs": a count with its noun, for the lines people read. */
export function counted(n: number, noun: string, plural = `${noun}s`): string {
  return `${n} ${n === 1 ? noun : plural}`;
}
