import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import * as QRCode from 'qrcode';
import { linkFor } from './affiliate-links';
import { LINK_KINDS } from './link-kinds';
import { QrEcc, QrTooSmallError, parseQrOptions, renderQr } from './qr-code';

const ECC_LEVELS: QrEcc[] = ['L', 'M', 'Q', 'H'];
const links = LINK_KINDS.flatMap((kind) =>
  [undefined, 'youtube-launch'].map((campaign) => ({
    name: `${kind} link${campaign ? ' with a campaign' : ''}`,
    url: linkFor(kind, {
      publicBaseUrl: 'https://go.threadtrak.example',
      refCode: 'jane-doe',
      productId: 'tee-42',
      campaign,
    }),
  })),
);
const longest = linkFor('purchase', {
  publicBaseUrl: 'https://go.threadtrak.example/affiliates',
  refCode: 'r'.repeat(32),
  productId: 'P'.repeat(64),
  campaign: 'c'.repeat(64),
});

function readPng(body: Buffer): PNG {
  return PNG.sync.read(body);
}

function decodePng(body: Buffer): string | undefined {
  const png = readPng(body);
  return jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data;
}

/** Rasterizes the SVG that `qrcode` draws (one stroked row segment per run of dark modules). */
function rasterizeSvg(svg: string): { modules: boolean[][]; viewBoxSize: number } {
  const viewBoxSize = Number(/viewBox="0 0 (\d+) \1"/.exec(svg)![1]);
  const modules = Array.from({ length: viewBoxSize }, () =>
    new Array<boolean>(viewBoxSize).fill(false),
  );
  const d = /<path stroke="#000000" d="([^"]*)"/.exec(svg)![1];
  let x = 0;
  let row = 0;
  for (const [, cmd, a, b] of d.matchAll(/([Mmh])(\d+(?:\.\d+)?)(?: (\d+(?:\.\d+)?))?/g)) {
    if (cmd === 'M') [x, row] = [Number(a), Number(b) - 0.5];
    else if (cmd === 'm') x += Number(a);
    else for (let end = x + Number(a); x < end; x++) modules[row][x] = true;
  }
  return { modules, viewBoxSize };
}

function decodeModules(modules: boolean[][], px = 4): string | undefined {
  const size = modules.length * px;
  const data = new Uint8ClampedArray(size * size * 4).fill(255);
  modules.forEach((cells, r) =>
    cells.forEach((dark, c) => {
      if (!dark) return;
      for (let y = r * px; y < (r + 1) * px; y++)
        for (let i = c * px; i < (c + 1) * px; i++)
          data.fill(0, (y * size + i) * 4, (y * size + i) * 4 + 3);
    }),
  );
  return jsQR(data, size, size)?.data;
}

describe('QR codes of affiliate links', () => {
  describe.each(links)('the $name', ({ url }) => {
    it.each(ECC_LEVELS)('as a PNG at error correction %s scans back to the link', async (ecc) => {
      const image = await renderQr(url, { format: 'png', ecc });
      expect(image.contentType).toBe('image/png');
      expect(decodePng(image.body)).toBe(url);
    });

    it.each(ECC_LEVELS)('as an SVG at error correction %s scans back to the link', async (ecc) => {
      const image = await renderQr(url, { format: 'svg', ecc });
      expect(image.contentType).toBe('image/svg+xml');
      expect(decodeModules(rasterizeSvg(image.body.toString('utf8')).modules)).toBe(url);
    });
  });

  it('the defaults are a 512 px PNG at error correction M', async () => {
    const image = await renderQr(links[0].url);
    expect(image.contentType).toBe('image/png');
    expect(readPng(image.body).width).toBe(512);
    const expected = await renderQr(links[0].url, { format: 'png', size: 512, ecc: 'M' });
    expect(image.body.equals(expected.body)).toBe(true);
  });

  it.each([64, 65, 78, 80, 86, 99, 100, 155, 333, 512, 1000])(
    'a %i px PNG is exactly that wide and tall and still scans',
    async (size) => {
      const image = await renderQr(links[0].url, { size, ecc: 'L' });
      const png = readPng(image.body);
      expect([png.width, png.height]).toEqual([size, size]);
      expect(decodePng(image.body)).toBe(links[0].url);
    },
  );

  it.each([2048, 3001, 4096])('a large %i px PNG is exactly that wide and tall', async (size) => {
    const png = readPng((await renderQr(links[0].url, { size })).body);
    expect([png.width, png.height]).toEqual([size, size]);
  });

  it.each(ECC_LEVELS)(
    'the longest possible link at error correction %s scans from the smallest size it fits',
    async (ecc) => {
      const minSize = QRCode.create(longest, { errorCorrectionLevel: ecc }).modules.size + 8;
      for (const size of [Math.max(64, minSize), minSize * 2 - 1, minSize * 3 + 1]) {
        expect(decodePng((await renderQr(longest, { size, ecc })).body)).toBe(longest);
      }
    },
  );

  it.each([64, 100, 512, 777])(
    'a %i px PNG has a white quiet zone of at least 4 modules and no more padding than a module',
    async (size) => {
      const url = links[5].url;
      const png = readPng((await renderQr(url, { size, ecc: 'H' })).body);
      const n = QRCode.create(url, { errorCorrectionLevel: 'H' }).modules.size;
      const modulePx = Math.floor(size / (n + 8));
      const quietPx = 4 * modulePx;
      const white = (x: number, y: number) =>
        png.data.subarray((y * size + x) * 4, (y * size + x) * 4 + 3).every((v) => v === 255);
      let darkInQuietZone = 0;
      for (let y = 0; y < size; y++)
        for (let x = 0; x < size; x++)
          if (
            (x < quietPx || y < quietPx || x >= size - quietPx || y >= size - quietPx) &&
            !white(x, y)
          )
            darkInQuietZone++;
      expect(darkInQuietZone).toBe(0);
      // The finder pattern starts where the quiet zone ends (give or take the leftover pixels).
      const firstDark = Array.from({ length: size }, (_, i) => i).find((i) => !white(i, i))!;
      expect(firstDark).toBeGreaterThanOrEqual(quietPx);
      expect(firstDark).toBeLessThan(quietPx + modulePx + (size % (n + 8)));
    },
  );

  it('an SVG has the requested size and a 4-module white quiet zone inside its viewBox', async () => {
    const url = links[3].url;
    const svg = (await renderQr(url, { format: 'svg', size: 300, ecc: 'Q' })).body.toString('utf8');
    const n = QRCode.create(url, { errorCorrectionLevel: 'Q' }).modules.size;
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" /);
    expect(svg.trim()).toMatch(/<\/svg>$/);
    expect(svg).toContain('width="300" height="300"');
    expect(svg).toContain(`viewBox="0 0 ${n + 8} ${n + 8}"`);
    expect(svg).toContain(`<path fill="#ffffff" d="M0 0h${n + 8}v${n + 8}H0z"/>`);
    const { modules } = rasterizeSvg(svg);
    modules.forEach((cells, r) =>
      cells.forEach((dark, c) => {
        if (r < 4 || c < 4 || r >= n + 4 || c >= n + 4) expect(dark).toBe(false);
      }),
    );
    expect(modules[4][4]).toBe(true);
  });

  it.each([63, 4097, 100.5, NaN])('a size of %s is refused', async (size) => {
    await expect(renderQr(links[0].url, { size })).rejects.toThrow(RangeError);
  });

  it('a link too long for the size is refused with the smallest size that fits', async () => {
    const minSize = QRCode.create(longest, { errorCorrectionLevel: 'H' }).modules.size + 8;
    expect(minSize).toBeGreaterThan(64);
    const error = await renderQr(longest, { size: 64, ecc: 'H' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QrTooSmallError);
    expect(error).toMatchObject({ code: 'qr_too_small', size: 64, minSize });
  });
});

describe('QR options from a request query', () => {
  it('an empty query gives the defaults', () => {
    expect(parseQrOptions({})).toEqual({ ok: true, value: { format: 'png', size: 512, ecc: 'M' } });
  });

  it('empty values mean the default', () => {
    expect(parseQrOptions({ format: '', size: '', ecc: '' })).toEqual(parseQrOptions({}));
  });

  it('valid values are taken, other keys ignored', () => {
    expect(parseQrOptions({ format: 'svg', size: '1024', ecc: 'H', type: 'purchase' })).toEqual({
      ok: true,
      value: { format: 'svg', size: 1024, ecc: 'H' },
    });
    expect(parseQrOptions({ size: 64 })).toMatchObject({ ok: true, value: { size: 64 } });
    expect(parseQrOptions({ size: '4096' })).toMatchObject({ ok: true, value: { size: 4096 } });
  });

  it.each([
    [{ format: 'jpg' }, 'format'],
    [{ format: 'PNG' }, 'format'],
    [{ ecc: 'X' }, 'ecc'],
    [{ ecc: 'm' }, 'ecc'],
    [{ ecc: ['L', 'M'] }, 'ecc'],
    [{ size: '63' }, 'size'],
    [{ size: '4097' }, 'size'],
    [{ size: '512.5' }, 'size'],
    [{ size: '1e3' }, 'size'],
    [{ size: '-512' }, 'size'],
    [{ size: ' 512' }, 'size'],
    [{ size: 'big' }, 'size'],
    [{ size: 100.5 }, 'size'],
  ])('%o is refused naming %s', (query, field) => {
    const result = parseQrOptions(query);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors).toEqual([expect.stringContaining(field)]);
  });

  it('every problem is reported at once', () => {
    const result = parseQrOptions({ format: 'gif', size: '1', ecc: 'Z' });
    expect(!result.ok && result.errors).toHaveLength(3);
  });
});
