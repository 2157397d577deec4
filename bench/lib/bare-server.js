'use strict';
/** The redirect's yardstick: the same 302 (Location, Set-Cookie, Cache-Control), with no work behind it. */
const { createServer } = require('node:http');

const server = createServer((request, response) => {
  response.writeHead(302, {
    location: 'https://shop.test/?c=bench&tt_click=AAAAAAAAAAAAAAAAAAAAAA.AAAAAAAAAAAA',
    'set-cookie': 'tt_vid=AAAAAAAAAAAAAAAAAAAAAA; Max-Age=2592000; Path=/; HttpOnly; SameSite=Lax',
    'cache-control': 'no-store',
    'content-length': '0',
  });
  response.end();
});
server.keepAliveTimeout = 72_000;
server.listen(0, '127.0.0.1', () => process.stdout.write(`${server.address().port}\n`));
process.once('SIGTERM', () => server.close(() => process.exit(0)));
