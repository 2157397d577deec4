import type { Page } from 'playwright-core';
import { ADMIN_TOKEN, startTestApp, type TestApp } from '../e2e/harness';
import { DESKTOP, launchChromium, checkPage as checkLayout } from './browser';

/** A console page in Debian's chromium, logged in, against a fresh app (seeded first) in the present. */
export const openConsole = async (
  path: string,
  heading: string,
  seed: (app: TestApp) => Promise<void> = async () => undefined,
) => {
  const app: TestApp = await startTestApp({}, new Date().toISOString());
  await seed(app);
  const chromium = await launchChromium({ viewport: DESKTOP, timezoneId: 'UTC', locale: 'en-US' });
  const page: Page = chromium.context.pages()[0] ?? (await chromium.context.newPage());
  page.setDefaultTimeout(15_000);
  await page.goto(`${app.baseUrl}/console${path}`);
  await page.getByLabel('Admin token').fill(ADMIN_TOKEN);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByRole('heading', { level: 1, name: heading }).waitFor();
  return {
    app,
    page,
    close: async () => {
      await chromium.close();
      await app.close();
    },
    /** axe-core clean, no sideways scroll on a phone; photographed at both widths. */
    checkPage: (name: string) => checkLayout(page, `console-${name}`),
  };
};
