import { describe, expect, it } from 'vitest';
import { formatBytes as cli } from '../../src/util/bytes.js';
import { formatBytes as consoleUi } from '../../renderer/src/format.js';

// The renderer may import only src/api, so it keeps its own copy of the size formatter: the CLI and
// the console must still print every size the same way, in the same (IEC) units.
describe('sizes read the same in the CLI and the console', () => {
  it('agree on every size from bytes to TiB, at each unit boundary and between', () => {
    const sizes = [0, 1, 999, 1000, 1023, 1024, 1025, 1536, 10 * 1024 - 1, 10 * 1024, 262_144, 999_999, 1_048_576, 5_000_000_000, 2 ** 40, 3 * 2 ** 42];
    for (let e = 0; e < 45; e++) sizes.push(Math.round(1.37 ** e * 17), 2 ** e - 1, 2 ** e);
    for (const n of sizes) expect(consoleUi(n), String(n)).toBe(cli(n));
  });

  it('in IEC units, never kB or MB', () => {
    expect([cli(512), cli(1536), cli(262_144), cli(5 * 2 ** 20), cli(2 ** 40)]).toEqual(['512 B', '1.50 KiB', '256.0 KiB', '5.00 MiB', '1.00 TiB']);
    expect(consoleUi(null)).toBe('');
  });
});
