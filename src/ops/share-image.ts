import jsQRModule from 'jsqr';
import { PNG } from 'pngjs';
import { BulkheadError } from '../util/errors.js';

/** The words in a share's QR code, read from a PNG picture of it (a scan or a photo saved as PNG). */
export function shareTextFromPng(png: Buffer, where: string): string {
  let image: PNG;
  try {
    image = PNG.sync.read(png);
  } catch {
    throw new BulkheadError('USAGE', `${where} is not a PNG image; save the scan or photo of the QR code as PNG`);
  }
  // jsqr is CommonJS: from ESM its function is the module's `default` property.
  const code = jsQRModule.default(new Uint8ClampedArray(image.data.buffer, image.data.byteOffset, image.data.length), image.width, image.height);
  if (!code) throw new BulkheadError('BAD_IDENTITY', `no QR code found in ${where}; make sure the whole code is in the picture and sharp`);
  return code.data;
}
