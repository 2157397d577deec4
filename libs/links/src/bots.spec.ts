import { isBot } from './bots';

const chrome =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36';
const iphoneSafari =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1';

describe('bot clicks', () => {
  it.each([
    [
      'facebook link preview',
      'facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)',
    ],
    ['Facebot', 'Facebot'],
    ['Twitter card', 'Twitterbot/1.0'],
    ['Slack unfurl', 'Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)'],
    ['Slack image proxy', 'Slack-ImgProxy (+https://api.slack.com/robots)'],
    [
      'LinkedIn',
      'LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)',
    ],
    ['Discord', 'Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)'],
    ['Telegram', 'TelegramBot (like TwitterBot)'],
    ['WhatsApp preview', 'WhatsApp/2.23.20.0 A'],
    ['Googlebot', 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)'],
    ['bingbot', 'Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)'],
    [
      'Applebot',
      'Mozilla/5.0 (Macintosh) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/13.1.1 Safari/605.1.15 (Applebot/0.1)',
    ],
    ['Pinterest crawler', 'Pinterest/0.2 (+http://www.pinterest.com/bot.html)'],
    [
      'Pinterestbot',
      'Mozilla/5.0 (compatible; Pinterestbot/1.0; +http://www.pinterest.com/bot.html)',
    ],
    ['reddit', 'Mozilla/5.0 (compatible; redditbot/1.0; +http://www.reddit.com/feedback)'],
    ['Skype', 'Mozilla/5.0 (Windows NT 6.1; WOW64) SkypeUriPreview Preview/0.5'],
    ['Embedly', 'Mozilla/5.0 (compatible; Embedly/0.2; +http://support.embed.ly/)'],
    ['Iframely', 'Iframely/1.3.1 (+https://iframely.com/docs/about)'],
    ['python-requests', 'python-requests/2.31.0'],
    ['Go', 'Go-http-client/1.1'],
    [
      'headless Chrome',
      'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/124.0.0.0 Safari/537.36',
    ],
    ['a generic crawler', 'SomeCrawler/3.0'],
    ['a generic spider', 'Baiduspider+(+http://www.baidu.com/search/spider.htm)'],
    [
      'a generic preview',
      'Mozilla/5.0 (compatible; Snap URL Preview Service; bot; snapchat; https://developers.snap.com/robots)',
    ],
    ['Mastodon', 'http.rb/5.1.1 (Mastodon/4.2.0; +https://mastodon.social/)'],
    ['curl', 'curl/8.5.0'],
    ['wget', 'Wget/1.21.4'],
    ['okhttp', 'okhttp/4.12.0'],
    [
      'Google Chat link fetcher',
      'Mozilla/5.0 (compatible; Google-Chat; +https://support.google.com/chat)',
    ],
    [
      'Microsoft Office link fetcher',
      'Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.4266; Pro)',
    ],
    ['Microsoft Office discovery', 'Microsoft Office Existence Discovery'],
    ['Office protocol', 'ms-office; MSOffice 16'],
    [
      'Teams link preview',
      'Mozilla/5.0 (Windows NT 6.1; WOW64) SkypeUriPreview Preview/0.5 skype-url-preview@microsoft.com',
    ],
    ['Microsoft preview', 'MicrosoftPreview/2.0 +https://aka.ms/MicrosoftPreview'],
    ['Node fetch', 'node'],
  ])('%s is a bot', (_, userAgent) => {
    expect(isBot({ method: 'GET', userAgent })).toBe(true);
  });

  it.each([
    ['desktop Chrome', chrome],
    ['iPhone Safari', iphoneSafari],
    ['Firefox', 'Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0'],
    ['the Facebook app browser', `${iphoneSafari} [FBAN/FBIOS;FBAV/458.0.0.39.109;FBBV/593340612]`],
    [
      'the Instagram app browser',
      `${iphoneSafari} Instagram 329.0.3.29.108 (iPhone15,2; iOS 17_4; en_US)`,
    ],
    ['the Pinterest app browser', `${iphoneSafari} [Pinterest/iOS]`],
    [
      'a Cubot phone',
      'Mozilla/5.0 (Linux; Android 10; CUBOT X30) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36',
    ],
  ])('%s is a visitor', (_, userAgent) => {
    expect(isBot({ method: 'GET', userAgent })).toBe(false);
  });

  it.each(['HEAD', 'head'])('a %s request is a bot whatever its user agent', (method) => {
    expect(isBot({ method, userAgent: chrome })).toBe(true);
  });

  it.each([undefined, null, '', '   '])('a request with user agent %p is a bot', (userAgent) => {
    expect(isBot({ method: 'GET', userAgent })).toBe(true);
  });
});
