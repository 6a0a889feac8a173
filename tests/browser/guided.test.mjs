// Guided lessons and questions, as a learner meets them: the first visit's
// guided handshake from its first step to its end; a lesson's questions
// answered wrong and right by clicking the choices and the state diagram;
// the answers and the score reaching a course page around the lab.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startServer } from '../../tools/serve.mjs';
import { SHOTS, useLab, apiReady } from './chromium.mjs';
import { click, frames, picture, snapshot, targets, until } from './lab_driver.mjs';

const openLab = useLab();

test('a first visit: the guided handshake, step by step, then never again', async () => {
  const { page, problems } = await openLab({ firstVisit: true });
  let s = await snapshot(page);
  assert.equal(s.lesson, 'guided-handshake', 'the guide opens instead of an empty lab');
  assert.equal(s.guide_step, 0);
  await picture(page, join(SHOTS, 'guided-1-welcome.png'));
  await click(page, 'guide.next');
  s = await until(page, (s) => s.guide_step === 1);
  await click(page, 'server.listen');
  s = await until(page, (s) => s.guide_step === 2);
  assert.equal(s.states.server, 'LISTEN');
  await click(page, 'client.connect');
  s = await until(page, (s) => s.guide_step === 3);
  await picture(page, join(SHOTS, 'guided-2-connecting.png'));
  // Watching: the guide moves on as the states change.
  s = await until(page, (s) => s.guide_step === 5, 30000);
  assert.deepEqual(s.states, { client: 'ESTABLISHED', server: 'ESTABLISHED' });
  await click(page, 'guide.next');
  s = await until(page, (s) => s.guide_step === 6);
  await picture(page, join(SHOTS, 'guided-3-done.png'));
  await click(page, 'guide.close');
  s = await until(page, (s) => s.guide_step === null);
  assert.equal(await page.evaluate(() => localStorage.getItem('tcplab.guide')), 'done');
  // Dismissed for good: the next visit is the empty lab.
  await page.reload({ waitUntil: 'load' });
  await page.waitForFunction(() => (window.Module?.framesRendered ?? 0) >= 3);
  s = await snapshot(page);
  assert.equal(s.lesson, null);
  assert.equal(s.guide_step, null);
  assert.deepEqual(problems, []);
  await page.close();
});

test('guide=off: an embedding page never gets the guide', async () => {
  const { page, problems } = await openLab({ firstVisit: true, path: '?guide=off' });
  const s = await snapshot(page);
  assert.equal(s.lesson, null);
  assert.equal(s.guide_step, null);
  assert.deepEqual(problems, []);
  await page.close();
});

test('questions: wrong and right by the choices, the state diagram and a number; the score', async () => {
  const { page, problems } = await openLab({ path: '?lesson=handshake&ask=on' });
  // 1: the flags of the server's answer, multiple choice.
  let s = await until(page, (s) => s.question?.asking && s.question.index === 0);
  assert.equal(s.time_us, 9999, 'stopped 1 us before the SYN,ACK leaves');
  assert.equal(s.playing, false);
  await click(page, 'ask.choice.ACK');
  s = await until(page, (s) => s.question.attempts === 1);
  assert.equal(s.question.right, false);
  assert.equal(s.time_us, 9999, 'a wrong answer does not move the clock');
  await picture(page, join(SHOTS, 'ask-wrong-choice.png'));
  await click(page, 'ask.hint');
  await click(page, 'ask.choice.SYN,ACK');
  s = await until(page, (s) => s.question.right === true && s.question.index === 0);
  assert.equal(s.playing, false, 'the feedback waits to be read');
  await picture(page, join(SHOTS, 'ask-right-feedback.png'));
  // Replay the moment: back to the question's time, on past the SYN,ACK.
  await click(page, 'ask.replay');
  s = await until(page, (s) => s.segments.some((x) => x.flags === 'SYN,ACK'));
  // 2: the client's next state, clicked on the state diagram: wrong, then right.
  s = await until(page, (s) => s.question?.asking && s.question.index === 1);
  assert.equal(s.time_us, 19999);
  await click(page, 'fsm.client.SYN-RECEIVED');
  s = await until(page, (s) => s.question.attempts === 1);
  assert.equal(s.question.right, false);
  await click(page, 'fsm.client.ESTABLISHED');
  s = await until(page, (s) => s.question.index === 1 && s.question.right);
  await click(page, 'ask.continue');
  // 3: the third segment's acknowledgment number, typed (relative).
  s = await until(page, (s) => s.question?.asking && s.question.index === 2);
  await click(page, 'ask.input');
  await page.keyboard.type('1');
  await frames(page, 3);
  await picture(page, join(SHOTS, 'ask-number.png'));
  await click(page, 'ask.check');
  s = await until(page, (s) => s.question.index === 2 && s.question.right);
  assert.equal(s.question.attempts, 1);
  await click(page, 'ask.continue');
  // 4: the server's next state, right at once.
  s = await until(page, (s) => s.question?.asking && s.question.index === 3);
  await click(page, 'fsm.server.ESTABLISHED');
  s = await until(page, (s) => s.question.index === 3 && s.question.right);
  await click(page, 'ask.continue');  // on to the lesson's end
  // 0.5 + 0.5 + 1 + 1 of 4: 75 %, kept as the lesson's best.
  s = await until(page, (s) => s.progress.handshake === 75, 30000);
  assert.equal(await page.evaluate(() => JSON.parse(localStorage.getItem('tcplab.progress')).handshake), 75);
  await picture(page, join(SHOTS, 'ask-score.png'));
  assert.deepEqual(problems, []);
  await page.close();
});

test('the lessons list: grouped as a course, with summaries, minutes and the best score', async () => {
  const { page, problems } = await openLab();
  await page.evaluate(() => localStorage.setItem('tcplab.progress', JSON.stringify({ 'four-way-close': 100 })));
  await page.reload({ waitUntil: 'load' });
  await page.waitForFunction(() => (window.Module?.framesRendered ?? 0) >= 3);
  await apiReady(page);
  const lessons = await page.evaluate(() => window.tcplab.lessons());
  const handshake = lessons.find((l) => l.name === 'handshake');
  assert.equal(handshake.group, 'setting-up');
  assert.equal(handshake.title, 'The three-way handshake');
  assert.ok(handshake.minutes > 0 && handshake.summary.length > 10);
  assert.equal((await snapshot(page)).progress['four-way-close'], 100);
  // The list sits below the controls: scroll the Controls panel down to it.
  const controls = (await targets(page)).find((t) => t.name === 'both.sim_open');
  await page.mouse.move(controls.x + controls.w / 2, controls.y);
  for (let i = 0; i < 5; i++) await page.mouse.wheel(0, 120);
  await frames(page, 6);
  await picture(page, join(SHOTS, 'lessons-list.png'));
  assert.deepEqual(problems, []);
  await page.close();
});

test('events and scores reach the parent page (postMessage, xAPI statements)', async () => {
  // A course page of its own origin, the lab in a frame from the site beside it.
  const site = 'build/course-test';
  rmSync(site, { recursive: true, force: true });
  mkdirSync(site, { recursive: true });
  symlinkSync(resolve('build/web'), join(site, 'tcplab'), 'dir');
  writeFileSync(join(site, 'index.html'), `<!doctype html><meta charset="utf-8"><title>course</title>
    <link rel="icon" href="tcplab/favicon.svg">
    <iframe id="lab" src="tcplab/embed.html?lesson=closed-port-rst&ask=on" width="860" height="600"></iframe>
    <script>
      window.received = [];
      window.addEventListener('message', (e) => { if (e.data && e.data.source === 'tcplab') window.received.push(e.data); });
      window.callLab = (method, ...args) => new Promise((resolve) => {
        const id = Math.random();
        const on = (e) => { if (e.data && e.data.id === id) { window.removeEventListener('message', on); resolve(e.data); } };
        window.addEventListener('message', on);
        document.getElementById('lab').contentWindow.postMessage({ target: 'tcplab', id, method, args }, '*');
      });
    </script>`);
  const server = await startServer({ dir: site, port: 0 });
  const page = await openLab.browser().newPage({ width: 900, height: 640 });
  const problems = [];
  page.on('pageerror', (e) => problems.push(`uncaught: ${e.message}`));
  await page.goto(`http://127.0.0.1:${server.address().port}/index.html`);
  await page.waitForFunction(() => window.received.some((m) => m.type === 'ready'), null, { timeout: 30000 });
  // The lesson plays by itself and stops at its first question.
  await page.waitForFunction(async () => (await window.callLab('question')).value !== null, null, { timeout: 30000, polling: 500 });
  const first = (await page.evaluate(() => window.callLab('question'))).value;
  assert.equal(first.what, 'flags');
  const wrong = (await page.evaluate(() => window.callLab('answer', 'SYN'))).value;
  assert.equal(wrong.right, false);
  const right = (await page.evaluate(() => window.callLab('answer', 'RST,ACK'))).value;
  assert.equal(right.right, true, JSON.stringify(right));
  await page.evaluate(() => window.callLab('play'));  // as the feedback's Continue does
  await page.waitForFunction(async () => (await window.callLab('question')).value?.index === 1, null, { timeout: 30000, polling: 500 });
  assert.equal((await page.evaluate(() => window.callLab('answer', 'CLOSED'))).value.right, true);
  await page.evaluate(() => window.callLab('play'));  // on to the lesson's end
  await page.waitForFunction(() => window.received.some((m) => m.type === 'lessonCompleted'), null, { timeout: 30000 });
  const got = await page.evaluate(() => window.received.filter((m) => m.type === 'questionAnswered' || m.type === 'lessonCompleted'));
  assert.deepEqual(got.map((m) => [m.type, m.right, m.points, m.score]),
    [['questionAnswered', false, 0, undefined], ['questionAnswered', true, 0.5, undefined],
      ['questionAnswered', true, 1, undefined], ['lessonCompleted', undefined, undefined, 0.75]]);
  const done = got[3].statement;
  assert.equal(done.verb.id, 'http://adlnet.gov/expapi/verbs/completed');
  assert.equal(done.object.id, 'urn:tcplab:lesson:closed-port-rst');
  assert.deepEqual(done.result.score, { scaled: 0.75, raw: 75, min: 0, max: 100 });
  assert.equal(got[0].statement.result.response, 'SYN');
  assert.deepEqual(problems, []);
  await page.close();
  server.close();
});
