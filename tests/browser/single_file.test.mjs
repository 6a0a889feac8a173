// The offline lab (docs/embedding.md, "Offline: one HTML file"):
// build/web-single/tcplab.html opened straight from disk, no server, asks for
// nothing but itself and runs a lesson.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { SHOTS, apiReady, labDrawn, launchChromium, watchForProblems } from './chromium.mjs';
import { snapshot, until } from './lab_driver.mjs';

const FILE = resolve('build/web-single/tcplab.html');
let browser;
before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  browser = await launchChromium();
});
after(async () => browser?.close());

test('tcplab.html from file:// renders, runs a lesson, and requests nothing else', async () => {
  assert.ok(statSync(FILE).size > 100000, 'the wasm is inside');
  const page = await browser.newPage({ width: 1280, height: 720 });
  const problems = watchForProblems(page);
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  const url = pathToFileURL(FILE).href;
  await page.goto(`${url}?lesson=handshake&speed=2`);
  await labDrawn(page);
  await apiReady(page);

  const settings = await page.evaluate(() => window.tcplab.settings());
  assert.equal(settings.lesson, 'handshake');
  assert.equal(settings.speed, 2);
  await until(page, (s) => s.states.client === 'ESTABLISHED' && s.states.server === 'ESTABLISHED');
  const results = await page.evaluate(() => window.tcplab.runToEnd());
  assert.ok(results.length > 0 && results.every((r) => r.passed), JSON.stringify(results));
  assert.ok((await snapshot(page)).segments.length >= 3);
  // The lessons list is built in: every lesson is there.
  const lessons = await page.evaluate(() => window.tcplab.lessons().map((l) => l.name));
  assert.ok(lessons.includes('lost-syn') && lessons.includes('four-way-close'), lessons.join(', '));

  const foreign = requests.filter((r) => !r.startsWith(url) && !r.startsWith('data:'));
  assert.deepEqual(foreign, [], 'no request but the file itself (and data: URLs)');
  const icon = await page.evaluate(() => document.querySelector('link[rel=icon]').href);
  assert.ok(icon.startsWith('data:image/svg+xml;base64,'), 'the icon is inlined');
  await page.evaluate(() => {
    window.tcplab.pause();
    window.tcplab.rewind(0.025);  // the SYN,ACK on its way back
  });
  await page.mouse.move(1275, 715);
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(SHOTS, 'single-file.png') });
  assert.deepEqual(problems, []);
  await page.close();
});
