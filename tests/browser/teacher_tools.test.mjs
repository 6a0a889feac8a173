// Issue 19's leftovers in the page: "Save as image" gives a PNG of the ladder,
// "Embed this" writes an iframe snippet that opens the same lesson, Listen
// twice keeps the listener in view, settings() gives the MSL the page shows,
// and lessons read at 1920x1080 and on a 390x844 touch screen, taps landing
// on the first touch. Screenshots go to build/screenshots/teacher-*.png.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SHOTS, apiReady, useLab } from './chromium.mjs';
import { click, frames, lessonEnded, snapshot, targets, until } from './lab_driver.mjs';

const openLab = useLab();
const on = (all, name) => all.find((t) => t.name === name);

test('Save as image: a PNG of the ladder as drawn', async () => {
  const { page, problems } = await openLab({ width: 1280, height: 720, path: '?lesson=handshake' });
  await apiReady(page);
  await lessonEnded(page);
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 30000 }), click(page, 'ladder.save_image')]);
  assert.equal(download.suggestedFilename(), 'tcplab-ladder.png');
  const file = join(SHOTS, 'teacher-ladder.png');
  await download.saveAs(file);
  const png = readFileSync(file);
  assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'the PNG signature');
  assert.equal(png.subarray(12, 16).toString('latin1'), 'IHDR');
  const width = png.readUInt32BE(16), height = png.readUInt32BE(20);
  // The ladder's canvas: most of the panel's width, a few hundred pixels tall at 1280x720.
  assert.ok(width > 400 && width < 1280, `width ${width}`);
  assert.ok(height > 150 && height < 720, `height ${height}`);
  assert.deepEqual(problems, []);
  await page.close();
});

test('Embed this: the iframe snippet opens the same lesson with the same settings', async () => {
  const { page, problems } = await openLab({ width: 1280, height: 720, path: '?lesson=handshake&seed=7' });
  await apiReady(page);
  await click(page, 'time.embed');
  const s = await until(page, (s) => s.embed !== null, 10000);
  const src = openLab.url('embed.html?lesson=handshake&amp;seed=7');
  assert.ok(s.embed.startsWith(`<iframe src="${src}`), s.embed);
  assert.match(s.embed, / width="700" height="450"\n {8}title="TCP Lab: handshake" allow="clipboard-write"/);
  assert.ok(on(await targets(page), 'embed.field'), 'shown in a field to copy');
  await page.mouse.move(5, 715);
  await frames(page, 3);
  await page.screenshot({ path: join(SHOTS, 'teacher-embed-dialog.png') });
  // The snippet's address, as the course page's iframe loads it: the lesson and the seed arrive.
  const course = await openLab.browser().newPage({ width: 700, height: 450 });
  await course.goto(src.replace('&amp;', '&'), { waitUntil: 'load' });
  await course.waitForFunction(() => window.tcplab !== undefined, null, { timeout: 30000 });
  const settings = await course.evaluate(() => window.tcplab.settings());
  assert.equal(settings.lesson, 'handshake');
  assert.equal(settings.seed, '7');
  assert.equal(settings.layout, 'compact');
  await course.close();
  assert.deepEqual(problems, []);
  await page.close();
});

test('Listen twice keeps the listener; settings() gives the MSL the time bar shows', async () => {
  const { page, problems } = await openLab({ width: 1280, height: 720 });
  await apiReady(page);
  await click(page, 'server.listen');
  await click(page, 'server.listen');
  const s = await snapshot(page);
  assert.equal(s.states.server, 'LISTEN', 'not the refused call\'s CLOSED');
  assert.ok(s.narration.some((l) => l === 'Server calls open_passive: error "connection already exists"'), s.narration.join('\n'));
  const settings = await page.evaluate(() => window.tcplab.settings());
  assert.equal(settings.msl, 5);
  assert.equal(settings.time_wait, 10);
  assert.deepEqual(problems, []);
  await page.close();
});

for (const lesson of ['handshake', 'lost-syn', 'four-way-close']) {
  test(`${lesson} at 1920x1080: every segment on screen at its end`, async () => {
    const { page, problems } = await openLab({ width: 1920, height: 1080, path: `?lesson=${lesson}` });
    await apiReady(page);
    await lessonEnded(page);
    const s = await snapshot(page);
    const all = await targets(page);
    for (const seg of s.segments) assert.ok(on(all, `segment:${seg.id}`), `#${seg.id} ${seg.flags} on screen`);
    assert.ok(on(all, 'lesson.banner'));
    await page.mouse.move(1915, 1075);
    await frames(page, 3);
    await page.screenshot({ path: join(SHOTS, `teacher-${lesson}-1920.png`) });
    assert.deepEqual(problems, []);
    await page.close();
  });
}

test('handshake on a 390x844 touch screen: first taps land, the lesson reads', async () => {
  const { page, problems } = await openLab({ width: 390, height: 844, touch: true, path: '?lesson=handshake' });
  await apiReady(page);
  await lessonEnded(page);
  const tap = async (name) => {
    const t = on(await targets(page), name);
    assert.ok(t, `${name} is on screen`);
    await page.touchscreen.tap(t.x + t.w / 2, t.y + t.h / 2);
    await frames(page, 5);
  };
  for (const [tab, inside] of [['tab.Ladder', 'ladder.relative'], ['tab.Timers', null], ['tab.Ladder', 'ladder.follow']]) {
    await tap(tab);
    if (inside) assert.ok(on(await targets(page), inside), `one tap on ${tab} shows ${inside}`);
  }
  const s = await snapshot(page);
  for (const seg of s.segments) assert.ok(on(await targets(page), `segment:${seg.id}`), `#${seg.id} on screen`);
  await page.screenshot({ path: join(SHOTS, 'teacher-handshake-touch-390.png') });
  assert.deepEqual(problems, []);
  await page.close();
});
