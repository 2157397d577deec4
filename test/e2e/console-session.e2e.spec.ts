import { ADMIN_TOKEN, startTestApp, type TestApp } from './harness';

/** The program console's session: the admin token once, then an httpOnly cookie and a CSRF token. */
describe('console sessions', () => {
  let app: TestApp;
  jest.setTimeout(60_000);
  let address = 0;

  beforeAll(async () => {
    // Behind a proxy, so each test logs in from its own address and the per-IP limit stays out of its way.
    app = await startTestApp({ TRUST_PROXY: 'true' });
  });
  afterAll(() => app?.close());
  beforeEach(() => address++);

  const from = () => ({ 'x-forwarded-for': `203.0.113.${address}` });
  const login = (token: string) =>
    app.call('POST', '/v1/console/login', { token: null, body: { token }, headers: from() });
  const loggedIn = async () => {
    const answer = await login(ADMIN_TOKEN);
    expect(answer.status).toBe(200);
    return {
      cookie: answer.headers.get('set-cookie')!.split(';')[0]!,
      csrfToken: answer.body.csrfToken as string,
      setCookie: answer.headers.get('set-cookie')!,
      body: answer.body,
    };
  };

  it('exchanges the admin token for an httpOnly, SameSite=Strict cookie; the token is in no answer', async () => {
    const session = await loggedIn();
    expect(session.setCookie).toMatch(/^tt_console=tts_[A-Za-z0-9_-]+;/);
    expect(session.setCookie).toMatch(/HttpOnly/);
    expect(session.setCookie).toMatch(/SameSite=Strict/);
    expect(session.setCookie).toMatch(/Path=\//);
    expect(Object.keys(session.body).sort()).toEqual(['csrfToken', 'expiresAt']);
    expect(JSON.stringify(session.body)).not.toContain(ADMIN_TOKEN);
    expect(session.setCookie).not.toContain(ADMIN_TOKEN);
    const hours = (Date.parse(session.body.expiresAt) - Date.parse('2026-01-10T12:00:00Z')) / 3.6e6;
    expect(hours).toBe(12);

    const state = await app.call('GET', '/v1/console/session', {
      token: null,
      headers: { cookie: session.cookie },
    });
    expect(state.status).toBe(200);
    expect(state.body.csrfToken).toBe(session.csrfToken);
    expect(state.headers.get('cache-control')).toBe('no-store');
  });

  it('refuses a wrong token with 401 and no cookie', async () => {
    const answer = await login('not-the-admin-token');
    expect(answer.status).toBe(401);
    expect(answer.headers.get('set-cookie')).toBeNull();
    expect((await login('')).status).toBe(400);
  });

  it('opens the admin routes with the cookie; writes need the CSRF header', async () => {
    const { cookie, csrfToken } = await loggedIn();
    const read = await app.call('GET', '/v1/admin/rules', { token: null, headers: { cookie } });
    expect(read.status).toBe(200);
    const history = await app.call('GET', '/v1/console/rules/history', {
      token: null,
      headers: { cookie },
    });
    expect(history.status).toBe(200);

    const refused = await app.call('PUT', '/v1/admin/rules', {
      token: null,
      headers: { cookie },
      body: { holdDays: 3 },
    });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('csrf_token_invalid');
    const wrong = await app.call('PUT', '/v1/admin/rules', {
      token: null,
      headers: { cookie, 'x-csrf-token': 'x'.repeat(32) },
      body: { holdDays: 3 },
    });
    expect(wrong.status).toBe(403);
    expect((await app.call('GET', '/v1/admin/rules')).body.holdDays).toBe(30);

    const written = await app.call('PUT', '/v1/admin/rules', {
      token: null,
      headers: { cookie, 'x-csrf-token': csrfToken },
      body: { holdDays: 3 },
    });
    expect(written.status).toBe(200);
    const versions = (await app.call('GET', '/v1/console/rules/history')).body;
    expect(versions[0]).toMatchObject({
      actor: 'admin:console',
      changed: [{ field: 'holdDays', before: 30, after: 3 }],
    });
  });

  it('the console cookie opens no affiliate route, and a portal cookie opens no admin route', async () => {
    const { cookie } = await loggedIn();
    expect((await app.call('GET', '/v1/me', { token: null, headers: { cookie } })).status).toBe(
      401,
    );
    const asPortal = cookie.replace('tt_console=', 'tt_session=');
    expect(
      (await app.call('GET', '/v1/admin/rules', { token: null, headers: { cookie: asPortal } }))
        .status,
    ).toBe(401);
    expect((await app.call('GET', '/v1/admin/rules', { token: null })).status).toBe(401);
  });

  it('logout needs the CSRF header, then ends the session', async () => {
    const { cookie, csrfToken } = await loggedIn();
    const refused = await app.call('POST', '/v1/console/logout', {
      token: null,
      headers: { cookie },
    });
    expect(refused.status).toBe(403);
    const out = await app.call('POST', '/v1/console/logout', {
      token: null,
      headers: { cookie, 'x-csrf-token': csrfToken },
    });
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toMatch(/^tt_console=;/);
    expect(
      (await app.call('GET', '/v1/console/session', { token: null, headers: { cookie } })).status,
    ).toBe(401);
    expect(
      (await app.call('GET', '/v1/admin/rules', { token: null, headers: { cookie } })).status,
    ).toBe(401);
  });

  it('limits login attempts per IP, wrong or right', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++)
      statuses.push((await login(i === 10 ? ADMIN_TOKEN : 'wrong')).status);
    expect(statuses.slice(0, 10).every((status) => status === 401)).toBe(true);
    expect(statuses[10]).toBe(429);
  });

  it('serves the console app at /console and its routes', async () => {
    for (const path of ['/console', '/console/', '/console/payouts']) {
      const page = await fetch(`${app.baseUrl}${path}`);
      expect(page.status).toBe(200);
      expect(page.headers.get('cache-control')).toBe('no-store');
      expect(await page.text()).toContain('/console/assets/');
    }
    expect((await fetch(`${app.baseUrl}/console/assets/nope.js`)).status).toBe(404);
  });
});
