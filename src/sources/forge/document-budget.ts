import { BulkheadError } from '../../util/errors.js';

/**
 * Ceilings on a forge source's documents as a reader decodes them. They are its writer's JSON, and
 * JSON.parse costs by the number of values, not bytes: 64 MiB of `[],` is 22 million arrays (21 CPU
 * seconds, 1.3 GB), and nesting 32 million deep parses but overflows every recursive walk after it.
 * A real account's documents are shallow (GitHub's deepest, a ruleset's conditions, is under 10
 * levels) and 25,000 issues with their comments are ~60 MiB and ~400,000 values.
 */
export const DOCUMENT_BUDGET = {
  /** One document's bytes (the snapshot's own ceiling). */
  bytes: 64 * 2 ** 20,
  /** Nesting of arrays and objects in one document. */
  depth: 64,
  /** Values (arrays, objects and their members) in all of one source's documents. */
  values: 8_000_000,
  /** Bytes of all of one source's documents. */
  totalBytes: 1024 * 2 ** 20,
} as const;

const MiB = (n: number) => `${(n / 2 ** 20).toFixed(n % 2 ** 20 === 0 ? 0 : 1)} MiB`;

/** Thrown for a document past a ceiling: the source's documents are not read (a diff shows it not comparable, a restore stops before any write). */
export function tooLarge(path: string, what: string): BulkheadError {
  return new BulkheadError('TAMPERED', `document ${path} is ${what}: refused unread, as no forge backup writes one so large (a snapshot's documents are its writer's word)`);
}

/** A document's size, checked before its bytes are fetched (the tree's size) and again as they come (the blobs' bytes). */
export function checkDocumentBytes(path: string, bytes: number, total: number): void {
  if (bytes > DOCUMENT_BUDGET.bytes) throw tooLarge(path, `${MiB(bytes)}, over the ${MiB(DOCUMENT_BUDGET.bytes)} a document may be`);
  if (total > DOCUMENT_BUDGET.totalBytes) throw tooLarge(path, `past ${MiB(DOCUMENT_BUDGET.totalBytes)} of documents in one source`);
}

/**
 * Counts the values and the deepest nesting of a JSON text in one pass over its bytes, without
 * parsing it (strings skipped, escapes honoured), and refuses it past the ceilings. `before` is
 * how many values the source's earlier documents held. Returns the new total.
 */
export function checkDocumentShape(path: string, text: Buffer, before: number): number {
  let values = before;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const b = text[i]!;
    if (inString) {
      if (b === 0x5c) i++; // backslash: the next byte is escaped
      else if (b === 0x22) inString = false;
      continue;
    }
    if (b === 0x22) inString = true;
    else if (b === 0x5b || b === 0x7b) {
      values++;
      if (++depth > DOCUMENT_BUDGET.depth) throw tooLarge(path, `nested more than ${DOCUMENT_BUDGET.depth} deep`);
    } else if (b === 0x5d || b === 0x7d) depth--;
    else if (b === 0x2c) values++;
    else continue;
    if (values > DOCUMENT_BUDGET.values) throw tooLarge(path, `past ${DOCUMENT_BUDGET.values.toLocaleString('en-US')} values in one source's documents`);
  }
  return values;
}
