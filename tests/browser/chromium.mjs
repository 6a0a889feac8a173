// Launching the machine's Chromium for tests and benchmarks, with the flags
// that let WebGL2 render on the CPU and keep Chromium off the closed network.
import { chromium } from 'playwright-core';
import { before, after } from 'node:test';
import { mkdirSync } from 'node:fs';
import { startServer } from '../../tools/serve.mjs';

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
  // `permissions`: e.g. ['clipboard-read', 'clipboard-write'] for the page's origin;
  // `touch`: a touch screen (page.touchscreen taps).
  // `firstVisit`: a browser that never saw the lab (the guided handshake
  // opens, lessons ask questions). Otherwise a returning learner who closed
  // the guide and turned questions off, as the tests written before them
  // expect: lessons that play through (tests/browser/guided.test.mjs asks).
  const newPage = async ({ width = 1280, height = 720, scale = 1, permissions = [], touch = false, firstVisit = false } = {}) => {
    const context = await browser.newContext({
      viewport: { width, height }, deviceScaleFactor: scale, permissions, hasTouch: touch,
    });
    if (!firstVisit) {
      await context.addInitScript(() => {
        try {
          if (window.localStorage.getItem('tcplab.guide') === null) window.localStorage.setItem('tcplab.guide', 'done');
          if (window.localStorage.getItem('tcplab.ask') === null) window.localStorage.setItem('tcplab.ask', 'off');
        } catch (e) { /* an opaque origin has no storage */ }
      });
    }
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

// Waits until the lab in `page` has drawn a few frames.
export async function labDrawn(page) {
  await page.waitForFunction(() => (window.Module?.framesRendered ?? 0) >= 3, null, { timeout: 30000 });
}

// Waits for window.tcplab, the page's JavaScript API (announced after the first frame).
export async function apiReady(page) {
  await page.waitForFunction(() => window.tcplab !== undefined, null, { timeout: 30000 });
}

// Serves `dir` (build/web) and starts Chromium around a test file (node:test
// hooks), and opens the lab in a page sized as asked, once it has drawn
// frames. `path`: the page and its query ("embed.html?lesson=handshake").
// openLab.url(path) is the served address, openLab.browser the launched one.
export const SHOTS = 'build/screenshots';
export function useLab({ dir = 'build/web' } = {}) {
  let server, browser, base;
  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    server = await startServer({ dir, port: 0 });
    base = `http://127.0.0.1:${server.address().port}/`;
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    server?.close();
  });
  const openLab = async ({ width = 1280, height = 720, scale = 1, path = '', permissions, touch, firstVisit } = {}) => {
    const page = await browser.newPage({ width, height, scale, permissions, touch, firstVisit });
    const problems = watchForProblems(page);
    await page.goto(base + path, { waitUntil: 'load' });
    await labDrawn(page);
    return { page, problems };
  };
  openLab.url = (path = '') => base + path;
  openLab.browser = () => browser;
  return openLab;
}
