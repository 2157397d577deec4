import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { ADMIN_TOKEN, startTestApp, type TestApp } from '../e2e/harness';
import { DESKTOP, launchChromium, overflowsSideways, PHONE, seriousViolations } from './browser';

const SCREENSHOTS = resolve(__dirname, '../../docs/screenshots');

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
    checkPage: async (name: string) => {
      await page.waitForLoadState('networkidle');
      expect(await seriousViolations(page)).toEqual([]);
      await page.screenshot({
        path: join(SCREENSHOTS, `console-${name}-desktop.png`),
        fullPage: true,
      });
      await page.setViewportSize(PHONE);
      await page.waitForTimeout(300);
      await page.screenshot({
        path: join(SCREENSHOTS, `console-${name}-phone.png`),
        fullPage: true,
      });
      expect(await overflowsSideways(page)).toBe(false);
      await page.setViewportSize(DESKTOP);
    },
  };
};
