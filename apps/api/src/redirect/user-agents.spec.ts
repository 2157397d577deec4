import { hashUserAgent, isBot } from '@threadtrak/links';
import { UserAgents } from './user-agents';

describe('user agents, worked out once each', () => {
  const firefox = 'Mozilla/5.0 (X11; Linux x86_64; rv:130.0) Gecko/20100101 Firefox/130.0';

  it.each([
    firefox,
    'curl/8.5.0',
    'Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)',
    undefined,
    '',
  ])('%p answers as isBot and hashUserAgent do, the first time and from the memo', (userAgent) => {
    const agents = new UserAgents();
    const expected = { bot: isBot({ method: 'GET', userAgent }), hash: hashUserAgent(userAgent) };
    expect(agents.of(userAgent)).toEqual(expected);
    expect(agents.of(userAgent)).toEqual(expected);
  });

  it('stays right after the memo starts over', () => {
    const agents = new UserAgents(2);
    for (const userAgent of ['a-bot', firefox, 'curl/1', firefox])
      expect(agents.of(userAgent).bot).toBe(isBot({ method: 'GET', userAgent }));
  });
});
