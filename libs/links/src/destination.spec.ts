import { withClickId } from './destination';

const click = 'AAAAAAAAAAAAAAAAAAAAAA.bbbbbbbbbbbb';

describe('the click id on the destination', () => {
  it.each([
    ['https://shop.example', `https://shop.example/?tt_click=${click}`],
    ['https://shop.example/p/tee', `https://shop.example/p/tee?tt_click=${click}`],
    ['https://shop.example/p/tee?', `https://shop.example/p/tee?tt_click=${click}`],
    ['https://shop.example/p/tee?size=m', `https://shop.example/p/tee?size=m&tt_click=${click}`],
    ['https://shop.example/p/tee#reviews', `https://shop.example/p/tee?tt_click=${click}#reviews`],
    [
      'https://shop.example/p/tee?q=a%20b+c&flag&x=%2F#top',
      `https://shop.example/p/tee?q=a%20b+c&flag&x=%2F&tt_click=${click}#top`,
    ],
    ['https://shop.example/?tt_click=old&a=1', `https://shop.example/?a=1&tt_click=${click}`],
    [
      'https://shop.example/?tt_click_x=keep',
      `https://shop.example/?tt_click_x=keep&tt_click=${click}`,
    ],
  ])('%s lands as %s', (destination, expected) => {
    expect(withClickId(destination, click)).toBe(expected);
  });

  it('the shop reads back exactly the click id', () => {
    const landed = new URL(withClickId('https://shop.example/p/tee?size=m#x', click));
    expect(landed.searchParams.get('tt_click')).toBe(click);
  });

  it('a destination that is not an absolute URL is refused', () => {
    expect(() => withClickId('/p/tee', click)).toThrow(TypeError);
  });
});
