// The lab page in real headless Chromium: it loads, renders frames through
// WebGL2, follows the window size at the device's pixel ratio, and logs no errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { SHOTS, useLab } from './chromium.mjs';

const openLab = useLab();

test('the page renders the lab and logs nothing wrong', async () => {
  const { page, problems } = await openLab();
  assert.equal(await page.title(), 'TCP Lab — watch TCP open, close and recover');
  assert.equal(await page.locator('#status').isHidden(), true, 'the loading message is gone');
  const icon = await page.evaluate(() => document.querySelector('link[rel=icon]').href);
  const iconResponse = await page.request.get(icon);
  assert.equal(iconResponse.status(), 200);
  await page.screenshot({ path: join(SHOTS, 'lab-1280x720.png') });
  assert.deepEqual(problems, []);
  await page.close();
});

test('the canvas fills the window at the device pixel ratio', async () => {
  const { page, problems } = await openLab({ width: 1000, height: 640, scale: 2 });
  const size = await page.evaluate(() => {
    const c = document.getElementById('canvas');
    return { w: c.width, h: c.height, cssW: c.clientWidth, cssH: c.clientHeight, dpr: devicePixelRatio };
  });
  assert.equal(size.dpr, 2);
  assert.deepEqual([size.cssW, size.cssH], [1000, 640]);
  assert.deepEqual([size.w, size.h], [2000, 1280], 'backing store is CSS size x devicePixelRatio');
  await page.screenshot({ path: join(SHOTS, 'lab-hidpi.png') });
  assert.deepEqual(problems, []);
  await page.close();
});

test('the canvas follows a window resize', async () => {
  const { page, problems } = await openLab();
  await page.setViewportSize({ width: 700, height: 500 });
  const before = await page.evaluate(() => window.Module.framesRendered);
  await page.waitForFunction((n) => window.Module.framesRendered > n + 2, before);
  const size = await page.evaluate(() => [document.getElementById('canvas').width, document.getElementById('canvas').height]);
  assert.deepEqual(size, [700, 500]);
  await page.screenshot({ path: join(SHOTS, 'lab-narrow.png') });
  assert.deepEqual(problems, []);
  await page.close();
});
