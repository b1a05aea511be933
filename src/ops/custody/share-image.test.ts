import { describe, expect, it } from 'vitest';
import QRCode from 'qrcode';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { shareTextFromImage } from './share-image.js';

const words = 'absurd avoid scatter impact bird claw mind hero';

describe('share QR from an image', () => {
  it('reads the words back from a PNG of the QR code, and says when there is none', async () => {
    expect(shareTextFromImage(await QRCode.toBuffer(words, { scale: 4 }), 'scan.png')).toBe(words);
    const blank = new PNG({ width: 40, height: 40 });
    blank.data.fill(255);
    expect(() => shareTextFromImage(PNG.sync.write(blank), 'blank.png')).toThrow(/no QR code found in blank.png/);
    expect(() => shareTextFromImage(Buffer.from('not an image'), 'x.gif')).toThrow(/not a PNG or JPEG image/);
  });

  it('reads a JPEG, as a phone saves a photo (lossy), and names a damaged one', async () => {
    const png = PNG.sync.read(await QRCode.toBuffer(words, { scale: 6 }));
    const photo = jpeg.encode({ data: png.data, width: png.width, height: png.height }, 70).data;
    expect(shareTextFromImage(photo, 'IMG_0042.jpg')).toBe(words);
    expect(() => shareTextFromImage(photo.subarray(0, 200), 'cut.jpg')).toThrow(/cut.jpg is a damaged or unsupported image/);
  });
});
