// Launching the machine's Chromium for tests and benchmarks, with the flags
// that let WebGL2 render on the CPU and keep Chromium off the closed network.
import { chromium } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

// Returns { browser, newPage(options), close() }; each page gets its own
// context so viewport and device scale factor are per test.
export async function launchChromium() {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--use-gl=angle', '--use-angle=swiftshader', '--enable-unsafe-swiftshader',
    ],
  });
  const newPage = async ({ width = 1280, height = 720, scale = 1 } = {}) => {
    const context = await browser.newContext({ viewport: { width, height }, deviceScaleFactor: scale });
    return context.newPage();
  };
  return { browser, newPage, close: () => browser.close() };
}

// Collects what must never happen on a page: console errors, uncaught
// exceptions, failed requests.
export function watchForProblems(page) {
  const problems = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(`console error: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`uncaught: ${err.message}`));
  page.on('requestfailed', (req) => problems.push(`request failed: ${req.url()} (${req.failure()?.errorText})`));
  page.on('response', (res) => {
    if (res.status() >= 400) problems.push(`HTTP ${res.status()}: ${res.url()}`);
  });
  return problems;
}
