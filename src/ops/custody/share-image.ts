import jsQRModule from 'jsqr';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { BulkheadError } from '../../util/errors.js';

interface Pixels {
  data: Uint8Array;
  width: number;
  height: number;
}

const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47]);
const JPEG_MAGIC = Buffer.from([0xff, 0xd8, 0xff]);

const isPng = (bytes: Buffer) => bytes.subarray(0, PNG_MAGIC.length).equals(PNG_MAGIC);
const isJpeg = (bytes: Buffer) => bytes.subarray(0, JPEG_MAGIC.length).equals(JPEG_MAGIC);

/** Whether these bytes are a picture (PNG or JPEG) rather than a share's text. */
export function isShareImage(bytes: Buffer): boolean {
  return isPng(bytes) || isJpeg(bytes);
}

/** RGBA pixels of a PNG or JPEG; a phone photo of 12 MP decodes in about a second. */
function decode(bytes: Buffer, where: string): Pixels {
  try {
    if (isPng(bytes)) return PNG.sync.read(bytes);
    if (isJpeg(bytes)) return jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true, maxResolutionInMP: 60, maxMemoryUsageInMB: 1024 });
  } catch {
    throw new BulkheadError('USAGE', `${where} is a damaged or unsupported image; take the picture of the QR code again`);
  }
  throw new BulkheadError('USAGE', `${where} is not a PNG or JPEG image; scan or photograph the QR code as PNG or JPEG`);
}

/** The words in a share's QR code, read from a scan or a photo of it (PNG or JPEG). */
export function shareTextFromImage(bytes: Buffer, where: string): string {
  const image = decode(bytes, where);
  // jsqr is CommonJS: from ESM its function is the module's `default` property.
  const code = jsQRModule.default(new Uint8ClampedArray(image.data.buffer, image.data.byteOffset, image.data.length), image.width, image.height);
  if (!code) throw new BulkheadError('BAD_IDENTITY', `no QR code found in ${where}; make sure the whole code is in the picture and sharp`);
  return code.data;
}
