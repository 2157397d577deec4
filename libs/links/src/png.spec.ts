import { PNG } from 'pngjs';
import { encodeGrayPng } from './png';

describe('the PNG encoder', () => {
  it('writes a grayscale image a standard decoder reads back pixel for pixel', () => {
    const size = 37;
    const shade = (x: number, y: number) => ((x * 7 + y * 3) % 2 === 0 ? 0 : 255);
    const body = encodeGrayPng(size, (y) =>
      Uint8Array.from({ length: size }, (_, x) => shade(x, y)),
    );
    const png = PNG.sync.read(body);
    expect([png.width, png.height]).toEqual([size, size]);
    for (let y = 0; y < size; y++)
      for (let x = 0; x < size; x++) {
        const [r, g, b, a] = png.data.subarray((y * size + x) * 4, (y * size + x) * 4 + 4);
        expect([r, g, b, a]).toEqual([shade(x, y), shade(x, y), shade(x, y), 255]);
      }
  });
});
