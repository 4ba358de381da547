import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page, type Response } from 'playwright-core';

/** Debian's Chromium; CI installs it (`apt-get install -y chromium`). */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Launches headless Chromium. A missing browser fails the suite loudly (never a silent skip):
 * a browser test that does not run proves nothing.
 */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM_PATH}: install it with "apt-get install -y chromium" ` +
        'or point CHROMIUM_PATH at a Chromium binary.',
    );
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: ARGS, headless: true });
}

/**
 * Retries `check` (which throws while the page is not there yet) until it passes; the page
 * updates asynchronously. Gives up with the last failure after `ms`.
 */
export async function eventually(check: () => Promise<void> | void, ms = 10_000): Promise<void> {
  const giveUpAt = Date.now() + ms;
  for (;;) {
    let timer: NodeJS.Timeout | undefined;
    // A check that never settles (a browser call stuck) fails here instead of hanging the test.
    const stuck = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`eventually: a check did not settle within ${ms} ms`)),
        Math.max(giveUpAt - Date.now(), 0) + 1000,
      );
    });
    try {
      await Promise.race([check(), stuck]);
      return;
    } catch (err) {
      if (Date.now() > giveUpAt) throw err;
      await new Promise((resolve) => setTimeout(resolve, 50));
    } finally {
      clearTimeout(timer);
    }
  }
}

/** A failed asset load: the page's own styles and scripts must all arrive. */
export const failedAsset = (response: Response): boolean =>
  response.url().includes('/assets/') && response.status() !== 200;

/** Any 404: nothing the page asks for may be missing. */
export const notFound = (response: Response): boolean => response.status() === 404;

/**
 * Records in `problems` what a page must never cause: a script error, a Content Security Policy
 * refusal, and any response `isBad` flags. Tests expect the list to be empty at the end.
 */
export function recordPageProblems(
  page: Page,
  problems: string[],
  isBad: (response: Response) => boolean,
): void {
  page.on('pageerror', (err) => problems.push(`script error: ${err.message}`));
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) problems.push(message.text());
  });
  page.on('response', (response) => {
    if (isBad(response)) problems.push(`${response.status()} for ${response.url()}`);
  });
}
