import * as QRCode from 'qrcode';
import { encodeGrayPng } from './png';

export type QrFormat = 'png' | 'svg';
export type QrEcc = 'L' | 'M' | 'Q' | 'H';

export interface QrOptions {
  format: QrFormat;
  /** Width and height of the image in pixels (PNG) or in the SVG's width/height. */
  size: number;
  /** Error-correction level: L 7 %, M 15 %, Q 25 %, H 30 % of the code may be damaged. */
  ecc: QrEcc;
}

export interface QrImage {
  contentType: 'image/png' | 'image/svg+xml';
  body: Buffer;
}

const QR_DEFAULTS: Readonly<QrOptions> = { format: 'png', size: 512, ecc: 'M' };
const QR_MIN_SIZE = 64;
const QR_MAX_SIZE = 4096;
/** The quiet zone, in modules, that the QR standard asks for around the symbol. */
const QR_QUIET_ZONE = 4;

const FORMATS: readonly QrFormat[] = ['png', 'svg'];
const ECC_LEVELS: readonly QrEcc[] = ['L', 'M', 'Q', 'H'];

export type QrOptionsResult = { ok: true; value: QrOptions } | { ok: false; errors: string[] };

/**
 * Reads `format`, `size` and `ecc` from a request query (strings, as HTTP
 * gives them; absent or empty means the default) so the API can answer 400
 * with every problem at once. Other keys are ignored.
 */
export function parseQrOptions(query: Record<string, unknown>): QrOptionsResult {
  const errors: string[] = [];
  const value: QrOptions = { ...QR_DEFAULTS };

  const format = single(query.format);
  if (format !== undefined) {
    if ((FORMATS as readonly string[]).includes(format)) value.format = format as QrFormat;
    else errors.push(`format must be one of ${FORMATS.join(', ')}`);
  }
  const ecc = single(query.ecc);
  if (ecc !== undefined) {
    if ((ECC_LEVELS as readonly string[]).includes(ecc)) value.ecc = ecc as QrEcc;
    else errors.push(`ecc must be one of ${ECC_LEVELS.join(', ')}`);
  }
  const size = single(query.size);
  if (size !== undefined) {
    const n = /^\d{1,5}$/.test(size) ? Number(size) : NaN;
    if (n >= QR_MIN_SIZE && n <= QR_MAX_SIZE) value.size = n;
    else errors.push(`size must be an integer from ${QR_MIN_SIZE} to ${QR_MAX_SIZE}`);
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value };
}

function single(raw: unknown): string | undefined {
  if (raw === undefined || raw === null || raw === '') return undefined;
  if (typeof raw === 'number') return String(raw);
  return typeof raw === 'string' ? raw : '\u0000'; // arrays and objects fail every check
}

/**
 * The code does not fit in the requested size: a long link at a high error
 * correction needs more modules than there are pixels. `minSize` is the
 * smallest size that works; the API answers 400 with it.
 */
export class QrTooSmallError extends RangeError {
  readonly code = 'qr_too_small';
  constructor(
    readonly size: number,
    readonly minSize: number,
  ) {
    super(`size ${size} is too small for this link: at least ${minSize} px are needed`);
    this.name = 'QrTooSmallError';
  }
}

/**
 * Renders a print-ready QR code of `url`, exactly `size` pixels wide, with a
 * quiet zone of at least 4 modules. Options are validated by
 * `parseQrOptions`; a bad value here is a programming error (RangeError).
 *
 * The PNG is drawn here from `qrcode`'s module matrix rather than by
 * `qrcode.toBuffer`: given a width, that one stretches modules by a fractional
 * factor (some 2 px, some 3 px wide), which scanners misread at small sizes,
 * and floating point can leave the image a pixel short. Here every module is
 * the same whole number of pixels and the leftover pixels widen the quiet zone.
 * The SVG is vector, so `qrcode`'s own renderer is exact.
 */
export async function renderQr(url: string, options: Partial<QrOptions> = {}): Promise<QrImage> {
  const { format, size, ecc } = { ...QR_DEFAULTS, ...options };
  if (!FORMATS.includes(format)) throw new RangeError(`unknown QR format: ${format}`);
  if (!ECC_LEVELS.includes(ecc)) throw new RangeError(`unknown QR error correction: ${ecc}`);
  if (!Number.isInteger(size) || size < QR_MIN_SIZE || size > QR_MAX_SIZE) {
    throw new RangeError(`QR size must be an integer from ${QR_MIN_SIZE} to ${QR_MAX_SIZE}`);
  }
  const modules = QRCode.create(url, { errorCorrectionLevel: ecc }).modules;
  const minSize = modules.size + 2 * QR_QUIET_ZONE;
  if (size < minSize) throw new QrTooSmallError(size, minSize);

  if (format === 'svg') {
    const svg = await QRCode.toString(url, {
      type: 'svg',
      errorCorrectionLevel: ecc,
      margin: QR_QUIET_ZONE,
      width: size,
    });
    return { contentType: 'image/svg+xml', body: Buffer.from(svg, 'utf8') };
  }
  return { contentType: 'image/png', body: drawPng(modules, size) };
}

function drawPng(modules: QRCode.BitMatrix, size: number): Buffer {
  const n = modules.size;
  const modulePx = Math.floor(size / (n + 2 * QR_QUIET_ZONE));
  const offset = Math.floor((size - n * modulePx) / 2);
  const blank = new Uint8Array(size).fill(255);
  const rows = Array.from({ length: n }, (_, r) => {
    const row = new Uint8Array(size).fill(255);
    for (let c = 0; c < n; c++) {
      if (modules.get(r, c)) row.fill(0, offset + c * modulePx, offset + (c + 1) * modulePx);
    }
    return row;
  });
  return encodeGrayPng(size, (y) => {
    const r = Math.floor((y - offset) / modulePx);
    return y >= offset && r < n ? rows[r] : blank;
  });
}
