// The data transfer lessons in the page (issue 14): a lesson loads from the
// address, the clock is driven through window.tcplab to the moments its
// expectations name, the sender's cwnd and ssthresh are read back through
// tcb(), the narration says the decision in the rule's words, and the lesson
// passes when played to its end. Screenshots: build/screenshots/lesson-*.png.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { SHOTS, apiReady, useLab } from './chromium.mjs';
import { click, frames, reveal, snapshot, targets } from './lab_driver.mjs';

const openLab = useLab();

// cwnd, ssthresh and phase of the connection `who` after running the lab to `t` seconds.
async function windowAt(page, who, t) {
  return page.evaluate(([w, at]) => {
    window.tcplab.runUntil(at);
    const tcb = window.tcplab.tcb(w);
    return { cwnd: tcb.cwnd, ssthresh: tcb.ssthresh, phase: tcb.phase, flight: tcb.flight };
  }, [who, t]);
}

// Every narration line so far, as the page mirrors them into #narration-text.
async function narration(page) {
  await frames(page, 4);
  return page.evaluate(() => [...document.getElementById('narration-text').querySelectorAll('p')].map((p) => p.textContent));
}

async function playToEnd(page) {
  await page.evaluate(() => { window.tcplab.setSpeed(10); window.tcplab.play(); });
  await page.waitForFunction(() => window.tcplab.results() !== null, null, { timeout: 120000, polling: 500 });
  await frames(page, 4);
  return page.evaluate(() => window.tcplab.results());
}

const INFINITE = 4294967295;

test('slow-start: cwnd doubles per round trip, read at the lesson\'s moments', async () => {
  const { page, problems } = await openLab({ width: 1280, height: 720, path: '?lesson=slow-start&autoplay=off' });
  await apiReady(page);
  assert.deepEqual(await windowAt(page, 'c', 0.15), { cwnd: 1000, ssthresh: INFINITE, phase: 'slow-start', flight: 1000 });
  assert.equal((await windowAt(page, 'c', 0.25)).cwnd, 2000);
  assert.equal((await windowAt(page, 'c', 0.35)).cwnd, 4000);
  assert.equal((await windowAt(page, 'c', 0.45)).cwnd, 8000);
  assert.deepEqual(await windowAt(page, 'c', 0.55), { cwnd: 16000, ssthresh: INFINITE, phase: 'slow-start', flight: 16000 });
  const lines = await narration(page);
  assert.equal(lines.filter((l) => l.startsWith('Why is slow start exponential?')).length, 1, lines.join('\n'));
  await page.screenshot({ path: join(SHOTS, 'lesson-slow-start.png') });
  const results = await playToEnd(page);
  assert.ok(results.length >= 15 && results.every((r) => r.passed), JSON.stringify(results.filter((r) => !r.passed)));
  assert.deepEqual(problems, []);
  await page.close();
});

test('fast-recovery-reno: ssthresh halves, cwnd inflates, then deflates to ssthresh', async () => {
  const { page, problems } = await openLab({ width: 1280, height: 720, path: '?lesson=fast-recovery-reno&autoplay=off' });
  await apiReady(page);
  assert.deepEqual(await windowAt(page, 'c', 0.55), { cwnd: 16000, ssthresh: INFINITE, phase: 'slow-start', flight: 16000 });
  const recovery = await windowAt(page, 'c', 0.65);
  assert.deepEqual(recovery, { cwnd: 23000, ssthresh: 8000, phase: 'fast-recovery', flight: 23000 });
  const lines = await narration(page);
  // The page's lines begin with the time and end with the rule's reference.
  assert.ok(lines.some((l) => l.startsWith('0.600 s: Client: cwnd 16 segments → 11 segments, ssthresh 8 segments. Third duplicate ACK')
    && l.endsWith('(RFC 5681 §3.2)')), lines.join('\n'));
  assert.equal(lines.filter((l) => l.startsWith('Why three duplicate ACKs and not one?')).length, 1);
  await page.screenshot({ path: join(SHOTS, 'lesson-fast-recovery-reno.png') });
  // At 0.7 s the ACK of the retransmission deflates cwnd to ssthresh (8,000); the ACKs of
  // the 7 segments sent in recovery follow at once, each adding SMSS*SMSS/cwnd: 8,125 ... 8,835.
  assert.deepEqual(await windowAt(page, 'c', 0.75), { cwnd: 8835, ssthresh: 8000, phase: 'congestion-avoidance', flight: 8000 });
  const results = await playToEnd(page);
  assert.ok(results.every((r) => r.passed), JSON.stringify(results.filter((r) => !r.passed)));
  assert.deepEqual(problems, []);
  await page.close();
});

const LESSONS = ['bufferbloat', 'congestion-avoidance', 'congestion-exercise', 'fast-recovery-reno', 'limited-transmit',
  'newreno-partial-ack', 'reno-vs-cubic', 'restart-after-idle', 'rwnd-and-cwnd', 'silly-window', 'slow-start',
  'timeout-tahoe'];

test('the lesson list shows every data transfer lesson, and one click loads and plays one', async () => {
  const { page, problems } = await openLab();
  await apiReady(page);
  const listed = await page.evaluate(() => window.tcplab.lessons().map((l) => l.name));
  for (const name of LESSONS) assert.ok(listed.includes(name), `${name} in ${listed.join(', ')}`);
  // Scrolling down the Controls panel, every lesson's button comes on screen.
  // The course's groups put data transfer and congestion last: scroll from the list's switch on.
  await reveal(page, 'lessons.ask', 'both.sim_open');
  let at = (await targets(page)).find((t) => t.name === 'lessons.ask');
  const seen = new Set();
  for (let i = 0; i < 120 && !LESSONS.every((n) => seen.has(`lesson.${n}`)); i++) {
    const lessons = (await targets(page)).filter((t) => t.name.startsWith('lesson.'));
    for (const t of lessons) seen.add(t.name);
    if (lessons.length) at = lessons[lessons.length - 1];
    await page.mouse.move(at.x + at.w / 2, at.y + at.h / 2);
    await page.mouse.wheel(0, 120);
    await frames(page, 3);
  }
  for (const name of LESSONS) assert.ok(seen.has(`lesson.${name}`), `lesson.${name} drawn in the list`);
  // Back up the list to the Tahoe lesson (congestion's third), loaded with one click and played out.
  for (let i = 0; i < 60 && !(await targets(page)).some((t) => t.name === 'lesson.timeout-tahoe'); i++) {
    await page.mouse.move(at.x + at.w / 2, at.y + at.h / 2);
    await page.mouse.wheel(0, -120);
    await frames(page, 3);
  }
  await click(page, 'lesson.timeout-tahoe');
  assert.equal((await snapshot(page)).lesson, 'timeout-tahoe');
  const results = await playToEnd(page);
  assert.ok(results.length === 15 && results.every((r) => r.passed), JSON.stringify(results.filter((r) => !r.passed)));
  const lines = await narration(page);
  assert.ok(lines.some((l) => l.startsWith('1.500 s: Client: cwnd 16 segments → 1 segment, ssthresh 8 segments. '
    + 'Retransmission timeout:')), lines.join('\n'));
  assert.equal(lines.filter((l) => l.startsWith('Why one segment after a timeout')).length, 1);
  await page.screenshot({ path: join(SHOTS, 'lesson-timeout-tahoe.png') });
  assert.deepEqual(problems, []);
  await page.close();
});
