'use strict';
/**
 * `npm run bench:portal [-- --rounds=N]` (after `npm run build`): the portal's first load in Debian's
 * chromium, under the redirect load the bench uses, against a blank static page measured in the same rounds.
 *
 * - transfer: bytes on the wire for the whole load (CDP `encodedDataLength`, headers included), cold cache;
 * - interactive: from navigation start until the page can be used — the login form's "Log in" button
 *   rendered by React (portal), the Overview's numbers and chart drawn after login (portal overview),
 *   the `load` event (blank page).
 * Each round uses a fresh browser context (empty cache); the contenders alternate order every round.
 */
const { createServer } = require('node:http');
const { chromium } = require('playwright-core');
const { startApp } = require('./lib/app');
const { alternate, fmt, machine, median, option } = require('./lib/common');
const { load } = require('./lib/load');

const ROUNDS = Number(option('rounds') ?? 9);
const PASSWORD = 'bench portal password';
const BLANK =
  '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>blank</title></head><body></body></html>';

const blankServer = () =>
  new Promise((resolve) => {
    const server = createServer((_request, response) => {
      response.writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'no-store',
      });
      response.end(BLANK);
    });
    server.listen(0, '127.0.0.1', () =>
      resolve({ url: `http://127.0.0.1:${server.address().port}/`, close: () => server.close() }),
    );
  });

/** One cold load: a new context, bytes counted by the DevTools protocol, the time until `ready` resolves. */
const measure = async (browser, url, ready, cookies = []) => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  if (cookies.length) await context.addCookies(cookies);
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  let bytes = 0;
  let requests = 0;
  cdp.on('Network.loadingFinished', (event) => {
    bytes += event.encodedDataLength;
    requests += 1;
  });
  const started = Date.now();
  await page.goto(url, { waitUntil: 'commit' });
  await ready(page);
  const interactiveMs = Date.now() - started;
  await page.waitForLoadState('networkidle');
  await context.close();
  return { interactiveMs, kb: Math.round(bytes / 102.4) / 10, requests };
};

const main = async () => {
  const app = await startApp();
  const blank = await blankServer();
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  try {
    const { affiliateId, inviteUrl, refCode } = await app.call('POST', '/v1/admin/affiliates', {
      body: { name: 'Bench', email: 'bench@example.com', productScope: 'all' },
    });
    await app.call('POST', '/v1/auth/invite', {
      token: 'none',
      body: { token: inviteUrl.split('/invite/')[1], password: PASSWORD },
    });
    const login = await fetch(`${app.baseUrl}/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'bench@example.com', password: PASSWORD }),
    });
    const session = login.headers.get('set-cookie').split(';')[0].split('=');
    const cookies = [{ name: session[0], value: session[1], url: app.baseUrl }];
    console.log(
      `affiliate ${affiliateId}; background load: redirects of /r/${refCode}, 16 connections`,
    );

    const background = load({
      url: `${app.baseUrl}/r/${refCode}`,
      connections: 16,
      duration: 3600,
      expect: 302,
    });
    const results = await alternate(
      ROUNDS,
      {
        blank: () => measure(browser, blank.url, async () => {}),
        portal: () =>
          measure(browser, `${app.baseUrl}/portal/login`, (page) =>
            page.getByRole('button', { name: 'Log in' }).waitFor(),
          ),
        overview: () =>
          measure(
            browser,
            `${app.baseUrl}/portal/`,
            (page) => page.getByRole('heading', { name: 'Balances' }).waitFor(),
            cookies,
          ),
      },
      console.log,
    );
    const summary = Object.fromEntries(
      Object.entries(results).map(([name, rows]) => [
        name,
        {
          interactiveMs: median(rows.map((r) => r.interactiveMs)),
          kb: median(rows.map((r) => r.kb)),
          requests: median(rows.map((r) => r.requests)),
        },
      ]),
    );
    console.log(`\n${machine()}; ${ROUNDS} rounds, medians, under background redirect load\n`);
    console.log('| page | transfer (KB) | requests | interactive (ms) | × blank page |');
    console.log('|---|---|---|---|---|');
    for (const [name, label] of [
      ['blank', 'blank static page (yardstick)'],
      ['portal', 'portal login (first load)'],
      ['overview', 'portal overview, logged in (first load)'],
    ]) {
      const s = summary[name];
      console.log(
        `| ${label} | ${fmt(s.kb, 1)} | ${s.requests} | ${fmt(s.interactiveMs)} | ${fmt(s.interactiveMs / summary.blank.interactiveMs, 1)} |`,
      );
    }
    background.catch(() => undefined);
  } finally {
    await browser.close();
    blank.close();
    await app.stop();
    // autocannon's run is still going: end the process rather than wait an hour.
    setTimeout(() => process.exit(0), 100);
  }
};

void main().catch((error) => {
  console.error(error);
  process.exit(1);
});
