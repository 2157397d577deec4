/**
 * Link-preview crawlers, search bots and HTTP libraries. One case-insensitive
 * regex, compiled once: this runs on every redirect.
 *
 * Deliberately not here: curl and wget (a person following a link from a
 * terminal, or a smoke test, is a visit), and in-app browsers of Facebook,
 * Instagram or Pinterest (real shoppers; only their crawlers are bots).
 */
const BOT_USER_AGENT = new RegExp(
  [
    'facebookexternalhit',
    'facebookcatalog',
    'slack-imgproxy',
    'whatsapp/',
    'pinterest/0\\.',
    'skypeuripreview',
    'embedly',
    'iframely',
    'python-requests',
    'python-urllib',
    'go-http-client',
    'headlesschrome',
    'google-inspectiontool',
    'mediapartners-google',
    'slurp',
    'mastodon/',
    'vkshare',
    'lighthouse',
    // Generic words, which also catch Facebot, Twitterbot, Slackbot, LinkedInBot,
    // Discordbot, TelegramBot, Googlebot, bingbot, Applebot, Pinterestbot,
    // redditbot and BingPreview. "cubot" is a phone brand, not a bot.
    '(?<!cu)bot',
    'crawl',
    'spider',
    'preview',
  ].join('|'),
  'i',
);

export interface ClickRequest {
  method: string;
  userAgent?: string | null;
}

/** A bot click is stored but never counted or attributed; the visitor is still redirected. */
export function isBot({ method, userAgent }: ClickRequest): boolean {
  if (method.toUpperCase() === 'HEAD') return true;
  if (!userAgent || userAgent.trim() === '') return true;
  return BOT_USER_AGENT.test(userAgent);
}
