// "Copy link" in the time bar: the link goes to the clipboard and is shown in
// a popup; opening it reproduces the run, paused at the same moment.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { SHOTS, apiReady, labDrawn, useLab, watchForProblems } from './chromium.mjs';
import { click, snapshot, targets, toggle_clock, until } from './lab_driver.mjs';

const openLab = useLab();
const CLIPBOARD = ['clipboard-read', 'clipboard-write'];

test('copy link, open it: the same run at the same moment', async () => {
  const { page, problems } = await openLab({ permissions: CLIPBOARD });
  await apiReady(page);
  // A run of the learner's own: a handshake by clicks, a lossy link set
  // through the API, data, and the client closing.
  await click(page, 'server.listen');
  await click(page, 'client.connect');
  await until(page, (s) => s.states.client === 'ESTABLISHED' && s.states.server === 'ESTABLISHED');
  await page.evaluate(() => {
    window.tcplab.send('client', 'hello');
    window.tcplab.close('client');
  });
  await until(page, (s) => s.states.client === 'FIN-WAIT-2' || s.states.client === 'TIME-WAIT');
  await toggle_clock(page, false, () => click(page, 'time.play'));
  const before = await page.evaluate(() => ({
    digest: window.tcplab.digest(),
    now: window.tcplab.now(),
    states: window.tcplab.states(),
  }));

  await click(page, 'time.copy_link');
  const s = await until(page, (s) => s.link !== null);
  assert.ok(s.link.startsWith(openLab.url() + '?'), s.link);
  const shown = (await targets(page)).map((t) => t.name);
  assert.ok(shown.includes('link.field'), 'the popup shows the link in a field');
  await page.waitForFunction(
    () => JSON.parse(window.Module.labHitTargets()).some((t) => t.name === 'link.copied' || t.name === 'link.refused'),
  );
  const copied = (await targets(page)).some((t) => t.name === 'link.copied');
  assert.ok(copied, 'with the clipboard permission the link is copied');
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), s.link);
  assert.equal(s.link.slice(s.link.indexOf('?') + 1), await page.evaluate(() => window.tcplab.shareQuery()));
  await page.mouse.move(5, 700);
  await page.screenshot({ path: join(SHOTS, 'share-link.png') });
  assert.deepEqual(problems, []);

  const again = await openLab.browser().newPage();
  const againProblems = watchForProblems(again);
  await again.goto(s.link);
  await labDrawn(again);
  await apiReady(again);
  const after = await again.evaluate(() => ({
    digest: window.tcplab.digest(),
    now: window.tcplab.now(),
    states: window.tcplab.states(),
    playing: window.tcplab.settings().playing,
  }));
  assert.equal(after.digest, before.digest, 'the same trace');
  assert.equal(after.now, before.now, 'the same moment');
  assert.deepEqual(after.states, before.states);
  assert.equal(after.playing, false, 'paused where the link was made');
  assert.equal((await snapshot(again)).playing, false);
  assert.equal(await again.locator('#notice').isHidden(), true, 'the link\'s parameters are all understood');
  assert.deepEqual(againProblems, []);
  await again.close();
  await page.close();
});

test('where the clipboard refuses, the popup says to select the link and copy it', async () => {
  const page = await openLab.browser().newPage();
  const problems = watchForProblems(page);
  // As some file:// pages and embedding frames without permission do.
  await page.addInitScript(() => {
    navigator.clipboard.writeText = () => Promise.reject(new DOMException('Write permission denied.', 'NotAllowedError'));
    document.execCommand = () => false;
  });
  await page.goto(openLab.url());
  await labDrawn(page);
  await apiReady(page);
  await click(page, 'time.copy_link');
  const s = await until(page, (s) => s.link !== null);
  await page.waitForFunction(() => JSON.parse(window.Module.labHitTargets()).some((t) => t.name === 'link.refused'));
  const field = (await targets(page)).find((t) => t.name === 'link.field');
  assert.ok(field, 'the link is in a field to select');
  // A click in the field selects the whole link, ready for Ctrl+C.
  await page.mouse.click(field.x + 10, field.y + field.h / 2);
  await click(page, 'link.done');
  assert.ok(!(await targets(page)).some((t) => t.name === 'link.field'), 'Done closes the popup');
  assert.ok(s.link.startsWith(openLab.url() + '?'));
  assert.deepEqual(problems, []);
  await page.close();
});
