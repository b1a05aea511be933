import { StringDecoder } from 'node:string_decoder';
import { Writable } from 'node:stream';
import { terminalSafe } from '../util/terminal-text.js';

/**
 * A terminal, written to as text a person reads: bytes from a vault (a file's content, which its
 * writer chose) with control sequences shown escaped (util/terminal-text.ts says why), decoded as
 * UTF-8 across chunk boundaries. A pipe or a file gets the bytes as they are, not this.
 */
export function terminalStream(terminal: NodeJS.WriteStream): Writable {
  const decoder = new StringDecoder('utf8');
  const pass = (text: string, done: (e?: Error | null) => void) => (text && !terminal.write(terminalSafe(text)) ? terminal.once('drain', () => done()) : done());
  return new Writable({
    write: (chunk: Buffer, _encoding, done) => pass(decoder.write(chunk), done),
    final: (done) => pass(decoder.end(), done),
  });
}
