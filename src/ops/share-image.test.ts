import { describe, expect, it } from 'vitest';
import QRCode from 'qrcode';
import { PNG } from 'pngjs';
import { shareTextFromPng } from './share-image.js';

describe('share QR from an image', () => {
  it('reads the words back from a PNG of the QR code, and says when there is none', async () => {
    const words = 'absurd avoid scatter impact bird claw mind hero';
    expect(shareTextFromPng(await QRCode.toBuffer(words, { scale: 4 }), 'scan.png')).toBe(words);
    const blank = new PNG({ width: 40, height: 40 });
    blank.data.fill(255);
    expect(() => shareTextFromPng(PNG.sync.write(blank), 'blank.png')).toThrow(/no QR code found in blank.png/);
    expect(() => shareTextFromPng(Buffer.from('not an image'), 'x.jpg')).toThrow(/not a PNG image/);
  });
});
