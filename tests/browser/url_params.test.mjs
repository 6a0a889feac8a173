// The page's URL parameters (docs/embedding.md, "URL parameters"): good ones
// set up the lab, its panels and layout; bad ones are named in the page's
// notice while the lab starts anyway with its defaults for them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SHOTS, apiReady, labDrawn, useLab, watchForProblems } from './chromium.mjs';
import { frames, snapshot, targets, until } from './lab_driver.mjs';

const openLab = useLab();

// Opens `path` and waits for window.tcplab (announced after the first frame).
async function openReady(path, size) {
  const lab = await openLab({ path, ...size });
  await apiReady(lab.page);
  return lab;
}

const names = (all) => all.map((t) => t.name);

test('a lesson, its speed, paused, two panels, compact: as the address says', async () => {
  const { page, problems } = await openReady('?lesson=handshake&speed=0.5&autoplay=off&panels=fsm,ladder&layout=compact');
  const settings = await page.evaluate(() => window.tcplab.settings());
  assert.equal(settings.lesson, 'handshake');
  assert.equal(settings.speed, 0.5);
  assert.equal(settings.playing, false);
  let s = await snapshot(page);
  assert.equal(s.lesson, 'handshake');
  assert.equal(s.playing, false);
  assert.equal(s.compact, true);
  assert.equal(s.time_us, 0, 'autoplay=off: the clock waits for the learner');
  await frames(page, 3);
  assert.equal((await snapshot(page)).time_us, 0);

  const on = names(await targets(page));
  assert.ok(on.includes('fsm.labels'), 'the state machines are shown');
  assert.ok(on.includes('ladder.follow'), 'the ladder is shown');
  for (const hidden of ['server.listen', 'timer.client', 'lesson.handshake'])
    assert.ok(!on.some((n) => n.startsWith(hidden)), `${hidden}: the controls and timers are hidden`);
  assert.ok(!on.includes('time.reset'), 'no Reset without the Controls panel');
  assert.ok(on.includes('time.copy_link'));
  // The two panels share the window: the ladder spans the width under the diagrams.
  const follow = (await targets(page)).find((t) => t.name === 'ladder.follow');
  assert.ok(follow.x < 200, 'the ladder starts at the left edge');

  await page.evaluate(() => window.tcplab.play());
  s = await until(page, (s) => s.states.client === 'ESTABLISHED' && s.states.server === 'ESTABLISHED');
  await page.evaluate(() => window.tcplab.pause());
  assert.equal(await page.evaluate(() => window.tcplab.state('client')), 'ESTABLISHED');
  await page.screenshot({ path: join(SHOTS, 'url-params-compact.png') });
  assert.deepEqual(problems, []);
  await page.close();
});

test('setup parameters: the Linux profile, the MSL and a lossy link', async () => {
  const { page, problems } = await openReady('?profile=linux&msl=30s&loss=5%25&seed=7');
  const settings = await page.evaluate(() => window.tcplab.settings());
  assert.equal(settings.profile, 'linux');
  assert.equal(settings.msl, 30);
  assert.equal(settings.link['client->server'].loss, 0.05);
  assert.equal(settings.link['server->client'].loss, 0.05);
  assert.equal(settings.seed, '7');
  assert.equal(settings.lesson, null);
  // Every panel, the full layout: the Controls panel's buttons are there.
  const on = names(await targets(page));
  assert.ok(on.includes('server.listen') && on.includes('time.reset'));
  assert.equal((await snapshot(page)).compact, false);
  assert.equal(await page.locator('#notice').isHidden(), true, 'no notice for good parameters');
  // The time bar says which profile and MSL are in use.
  const tw = await page.evaluate(() => {
    window.tcplab.listen('server', 80);
    window.tcplab.connect('client', 80);
    return window.tcplab.state('client');
  });
  assert.equal(tw, 'SYN-SENT');
  assert.deepEqual(problems, []);
  await page.close();
});

test('malformed parameters: the notice names each key and value, the lab runs with defaults', async () => {
  const page = await openLab.browser().newPage();
  const problems = watchForProblems(page);
  const warnings = [];
  page.on('console', (m) => m.type() === 'warning' && warnings.push(m.text()));
  await page.goto(openLab.url('?loss=7&speed=fast&lesson=nope'));
  await labDrawn(page);
  const ready = await page.evaluate(
    () =>
      new Promise((resolve) => {
        if (window.tcplab) resolve('already');
        else window.addEventListener('tcplab-ready', (e) => resolve(e.detail === window.tcplab ? 'event' : 'other'));
      }),
  );
  assert.ok(['already', 'event'].includes(ready));
  const notice = page.locator('#notice');
  assert.equal(await notice.isVisible(), true);
  assert.equal(await notice.getAttribute('role'), 'alert');
  const items = await page.locator('#notice-list li').allTextContents();
  assert.equal(items.length, 3, items.join('\n'));
  for (const [key, value] of [['loss', '7'], ['speed', 'fast'], ['lesson', 'nope']])
    assert.ok(items.some((t) => t.includes(`'${key}'`) && t.includes(`'${value}'`)), `the notice names ${key}=${value}:\n${items.join('\n')}`);

  for (const key of ['loss', 'speed', 'lesson'])
    assert.ok(warnings.some((w) => w.includes(`'${key}'`)), `a console warning names ${key}`);

  const settings = await page.evaluate(() => window.tcplab.settings());
  assert.equal(settings.speed, 1, 'speed keeps its default');
  assert.equal(settings.link['client->server'].loss, 0, 'loss keeps its default');
  assert.equal(settings.lesson, null);
  assert.equal(settings.playing, true);
  assert.equal(await page.evaluate(() => window.tcplab.state('client')), 'CLOSED');
  const s = await snapshot(page);
  assert.ok(s.time_us > 0 || (await until(page, (s) => s.time_us > 0)), 'the clock runs');
  await page.screenshot({ path: join(SHOTS, 'url-params-error.png') });

  await page.locator('#notice-close').click();
  assert.equal(await notice.isHidden(), true, 'the notice can be dismissed');
  assert.deepEqual(problems, [], 'warnings, not console errors');
  await page.close();
});

test('a setup key with a lesson: the notice names it, the lesson starts with the seed given', async () => {
  const { page, problems } = await openReady('?lesson=handshake&loss=5%25&seed=3');
  const items = await page.locator('#notice-list li').allTextContents();
  assert.deepEqual(items.map((t) => t.trim()),
    ["parameter 'loss' = '5%': ignored: the lesson 'handshake' sets up its own hosts, profile and link"]);
  const settings = await page.evaluate(() => window.tcplab.settings());
  assert.equal(settings.lesson, 'handshake');
  assert.equal(settings.seed, '3');
  assert.equal(settings.link['client->server'].loss, 0);
  assert.deepEqual(problems, []);
  await page.close();
});

// The "URL parameters" section of docs/embedding.md: its table's example
// column and its example addresses, each understood in full. The examples
// go all at once, except that each one choosing a lesson (lesson, scenario)
// goes alone with the keys a lesson takes (the view keys and seed).
function docsExamples() {
  const doc = readFileSync('docs/embedding.md', 'utf8');
  const section = doc.split(/^## /m).find((s) => s.startsWith('URL parameters'));
  const table = section
    .split('\n')
    .filter((l) => l.startsWith('| `'))
    .map((l) => l.split('|').at(-2).trim().replace(/`/g, ''))
    .filter((e) => !e.startsWith('run='));
  const addresses = [...section.matchAll(/^- `((?:index|embed)\.html\?[^`]+)`/gm)].map((m) => m[1]);
  return { table, addresses };
}

test('the documented examples are understood', async () => {
  const { table, addresses } = docsExamples();
  assert.ok(table.length >= 20 && addresses.length >= 4, `${table.length} table examples, ${addresses.length} addresses`);
  const key = (example) => example.split('=')[0];
  const lessons = table.filter((e) => ['lesson', 'scenario'].includes(key(e)));
  // capture=URL names a file on the course's site, which this one does not have (capture.test.mjs serves one).
  const others = table.filter((e) => !lessons.includes(e) && key(e) !== 'capture');
  const withLesson = others.filter((e) => ['speed', 'autoplay', 'panels', 'layout', 'lang', 'seed'].includes(key(e)));
  assert.equal(lessons.length, 2, lessons.join(' '));
  const paths = [`?${others.join('&')}`, ...lessons.map((l) => `?${[l, ...withLesson].join('&')}`), ...addresses];
  for (const path of paths) {
    const { page, problems } = await openReady(path);
    const notice = await page.locator('#notice-list li').allTextContents();
    assert.deepEqual(notice, [], `${path}: no notice`);
    assert.deepEqual(problems, []);
    await page.close();
  }
});
