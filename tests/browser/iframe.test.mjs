// The lab in an iframe of a course page: the ```html snippet of
// docs/embedding.md ("Embedding in a page (iframe)"), run as written, in a
// page beside a copy of the site (tcplab/ -> build/web), receiving the lab's
// postMessage events and calling its API.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { SHOTS, useLab } from './chromium.mjs';

// The first ```html block of the section.
function docsSnippet() {
  const doc = readFileSync('docs/embedding.md', 'utf8');
  const section = doc.split(/^## /m).find((s) => s.startsWith('Embedding in a page (iframe)'));
  const block = section?.match(/```html\n([\s\S]*?)```/);
  if (!block) throw new Error('docs/embedding.md: no ```html block under "Embedding in a page (iframe)"');
  return block[1];
}

const SITE = 'build/iframe-test';
rmSync(SITE, { recursive: true, force: true });
mkdirSync(SITE, { recursive: true });
symlinkSync(resolve('build/web'), join(SITE, 'tcplab'), 'dir');
writeFileSync(
  join(SITE, 'index.html'),
  `<!doctype html>\n<html lang="en">\n<head><meta charset="utf-8"><title>A course page</title>` +
    `<link rel="icon" href="tcplab/favicon.svg"></head>\n<body>\n<h1>The three-way handshake</h1>\n${docsSnippet()}\n</body>\n</html>\n`,
);
const openLab = useLab({ dir: SITE });

test('the docs snippet: ready, state changes and the lesson\'s results arrive; calls are answered', async () => {
  const page = await openLab.browser().newPage({ width: 760, height: 620 });
  const problems = [];
  page.on('console', (m) => m.type() === 'error' && problems.push(`console error: ${m.text()}`));
  page.on('pageerror', (e) => problems.push(`uncaught: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()}`));
  page.on('response', (r) => r.status() >= 400 && problems.push(`HTTP ${r.status()}: ${r.url()}`));
  // Every message the course page receives, in order, from the first one.
  await page.addInitScript(() => {
    window.received = [];
    window.addEventListener('message', (e) => window.received.push(e.data));
  });
  await page.goto(openLab.url());
  const received = () => page.evaluate(() => window.received);

  await page.waitForFunction(() => window.received.some((m) => m.type === 'ready'), null, { timeout: 30000 });
  const ready = (await received()).find((m) => m.type === 'ready');
  assert.equal(ready.source, 'tcplab');
  assert.equal(ready.settings.lesson, 'handshake');
  assert.equal(ready.settings.layout, 'compact', "embed.html's default layout");
  assert.deepEqual(ready.settings.panels, ['fsm', 'ladder', 'narration']);

  await page.waitForFunction(() => window.received.some((m) => m.type === 'scenarioFinished'), null, { timeout: 60000 });
  const messages = await received();
  const client = messages.filter((m) => m.type === 'stateChanged' && m.host === 'client').map((m) => `${m.from}>${m.to}`);
  assert.ok(client.includes('CLOSED>SYN-SENT'), client.join(' '));
  assert.ok(client.includes('SYN-SENT>ESTABLISHED'), client.join(' '));
  const established = messages.find((m) => m.type === 'stateChanged' && m.host === 'client' && m.to === 'ESTABLISHED');
  assert.equal(established.source, 'tcplab');
  assert.equal(typeof established.conn, 'string');
  assert.ok(established.t > 0 && established.t < 5, `t in seconds: ${established.t}`);
  const finished = messages.find((m) => m.type === 'scenarioFinished');
  assert.equal(finished.passed, true);
  assert.ok(finished.results.length > 0 && finished.results.every((r) => r.passed && typeof r.text === 'string'));
  const expectations = messages.filter((m) => m.type === 'expectation');
  assert.equal(expectations.length, finished.results.length, 'one expectation message per result');
  assert.ok(messages.indexOf(finished) > messages.indexOf(expectations.at(-1)), 'the results come before the end');
  // The snippet's own line follows the lab.
  assert.equal(await page.locator('#tcplab-status').textContent(), 'Lesson complete: every expectation met.');
  await page.mouse.move(740, 600);
  await page.locator('#tcplab').screenshot({ path: join(SHOTS, 'embed-compact.png') });

  // Calls through the snippet's callLab(): a value, and an error.
  assert.equal(await page.evaluate(() => callLab('state', 'client')), 'ESTABLISHED');
  assert.deepEqual(await page.evaluate(() => callLab('states')), { client: 'ESTABLISHED', server: 'ESTABLISHED' });
  const error = await page.evaluate(() => callLab('connect', 'client', 0).then(() => 'no error', (e) => e.message));
  assert.match(error, /port/);
  const unknown = await page.evaluate(() => callLab('on', 'stateChanged').then(() => 'no error', (e) => e.message));
  assert.match(unknown, /no method "on"/);
  // A call that changes the lab: its events reach the page too.
  const closing = await page.evaluate(async () => {
    await callLab('pause');  // the lesson's link takes 10 ms: hold the clock to see FIN-WAIT-1
    await callLab('close', 'client');
    return callLab('state', 'client');
  });
  assert.equal(closing, 'FIN-WAIT-1');
  await page.waitForFunction(() =>
    window.received.some((m) => m.type === 'stateChanged' && m.host === 'client' && m.to === 'FIN-WAIT-1'),
  );

  assert.deepEqual(problems, []);
  await page.close();
});
