// The ```js browser blocks of docs/embedding.md, run as pasted in the lab's
// page (the ```js blocks run in Node: tests/node/docs_snippets.test.mjs).
// Each runs twice: added before the lab has started and after, as a course
// page's script may be either.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { apiReady, useLab } from './chromium.mjs';

const openLab = useLab();

const blocks = [...readFileSync('docs/embedding.md', 'utf8').matchAll(/^```js browser\n([\s\S]*?)^```/gm)].map((m) => m[1]);

test('docs/embedding.md has page snippets to run', () => {
  assert.ok(blocks.length >= 1, 'no ```js browser block found');
});

blocks.forEach((code, i) => {
  for (const when of ['before the lab is ready', 'after the lab is ready']) {
    test(`page snippet ${i + 1}, added ${when}: runs without an error and drives the lab`, async () => {
      const browser = openLab.browser();
      const page = await browser.newPage();
      const logged = [];
      const problems = [];
      page.on('console', (msg) => (msg.type() === 'error' ? problems : logged).push(msg.text()));
      page.on('pageerror', (err) => problems.push(`uncaught: ${err.message}`));
      if (when.startsWith('before')) await page.addInitScript(code);
      await page.goto(openLab.url(''), { waitUntil: 'load' });
      await apiReady(page);
      if (when.startsWith('after')) await page.addScriptTag({ content: code });
      // The handshake snippet: the lesson plays and its state changes reach the listener.
      await page.waitForFunction(() => window.tcplab.settings().lesson === 'handshake', null, { timeout: 30000 });
      await page.waitForFunction(() => window.tcplab.state('client') === 'ESTABLISHED', null, { timeout: 30000 });
      await page.waitForTimeout(200);  // a frame or two: the listener hears it
      assert.deepEqual(problems, []);
      assert.ok(logged.includes('c: SYN-SENT -> ESTABLISHED'), logged.join('\n'));
      await page.context().close();
    });
  }
});
