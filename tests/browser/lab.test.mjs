// The lab driven by clicks on the canvas, as a learner drives it: listen,
// connect, drop a segment in flight, close both sides at once; the states are
// read back through the page, and each lesson of the syllabus is captured in
// build/screenshots/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { SHOTS, useLab } from './chromium.mjs';
import { click, frames, picture, reveal, slowest, snapshot, targets, toggle_clock, until } from './lab_driver.mjs';

const openLab = useLab();

async function handshake(page) {
  await click(page, 'server.listen');
  await click(page, 'client.connect');
  return until(page, (s) => s.states.client === 'ESTABLISHED' && s.states.server === 'ESTABLISHED');
}

test('listen and connect by clicking: the three-way handshake', async () => {
  const { page, problems } = await openLab();
  let s = await snapshot(page);
  assert.deepEqual(s.states, { client: 'CLOSED', server: 'CLOSED' });
  await click(page, 'server.listen');
  s = await snapshot(page);
  assert.equal(s.states.server, 'LISTEN');
  await click(page, 'client.connect');
  s = await until(page, (s) => s.states.client === 'SYN-SENT');
  s = await until(page, (s) => s.states.client === 'ESTABLISHED' && s.states.server === 'ESTABLISHED');
  const flags = s.segments.map((x) => `${x.from}:${x.flags}`);
  assert.deepEqual(flags.slice(0, 3), ['client:SYN', 'server:SYN,ACK', 'client:ACK']);
  assert.ok(s.narration.some((l) => l.includes('LISTEN → SYN-RECEIVED')), 'the narration tells the server\'s transition');
  assert.ok(s.narration.some((l) => l.startsWith('Why a third segment?')), 'and answers why a third segment');
  // Inspect the SYN,ACK: pause (the ladder follows the clock), then click it on the ladder.
  // (checked and retried: under load a key press can land before the frame that reads it)
  await toggle_clock(page, false, () => page.keyboard.press('Space'));
  await frames(page, 3);
  const synack = s.segments.find((x) => x.flags === 'SYN,ACK');
  await click(page, `segment:${synack.id}`);
  s = await snapshot(page);
  assert.equal(s.selected, synack.id);
  await picture(page, join(SHOTS, 'handshake.png'));
  assert.deepEqual(problems, []);
  await page.close();
});

test('a segment dropped in flight by a click is retransmitted when the RTO fires', async () => {
  const { page, problems } = await openLab();
  await click(page, 'server.listen');
  await click(page, 'time.play'); // pause: the SYN will wait at the client's end of the wire
  assert.equal((await snapshot(page)).playing, false);
  await click(page, 'client.connect');
  let s = await snapshot(page);
  const syn = s.segments.find((x) => x.flags === 'SYN');
  assert.equal(syn.end, 'in-flight');
  await click(page, `segment:${syn.id}`);
  await click(page, 'menu.drop');
  s = await snapshot(page);
  assert.equal(s.segments.find((x) => x.id === syn.id).end, 'dropped');
  assert.ok(s.timers.some((t) => t.kind === 'retransmission'), 'the retransmission timer runs');
  await click(page, 'time.play');
  s = await until(page, (s) => s.states.server === 'ESTABLISHED');
  const again = s.segments.find((x) => x.flags === 'SYN' && x.retransmission);
  assert.ok(again, 'the SYN was sent again');
  assert.ok(again.id > syn.id);
  await page.keyboard.press('Space'); // pause, and zoom the ladder out to see the loss and its repair
  const ladder = (await targets(page)).find((t) => t.name === 'ladder.follow');
  await page.mouse.move(ladder.x + 200, ladder.y + 120);
  await page.mouse.wheel(0, 150);
  await frames(page, 3);
  await picture(page, join(SHOTS, 'lost-segment-retransmission.png'));
  assert.deepEqual(problems, []);
  await page.close();
});

test('simultaneous close: both ends pass through CLOSING, then TIME-WAIT counts down', async () => {
  const { page, problems } = await openLab();
  await handshake(page);
  await slowest(page); // CLOSING lasts one flight: 250 ms of simulated time, 2.5 s at 0.1x
  assert.ok((await snapshot(page)).speed < 0.11);
  await click(page, 'both.sim_close');
  let s = await until(page, (s) => s.states.client === 'CLOSING' && s.states.server === 'CLOSING');
  await toggle_clock(page, false, () => click(page, 'time.play')); // pause in CLOSING for the picture
  s = await snapshot(page);
  assert.deepEqual(s.states, { client: 'CLOSING', server: 'CLOSING' });
  assert.ok(s.narration.some((l) => l.startsWith('Simultaneous close')));
  await picture(page, join(SHOTS, 'simultaneous-close-closing.png'));

  await toggle_clock(page, true, () => page.keyboard.press('Space')); // play again, by the keyboard shortcut
  await click(page, (n) => n === 'time.speed'); // the middle of the slider: 1x
  assert.ok(Math.abs((await snapshot(page)).speed - 1) < 0.05);
  s = await until(page, (s) => s.states.client === 'TIME-WAIT' && s.states.server === 'TIME-WAIT');
  await page.waitForTimeout(2500);
  s = await snapshot(page);
  const tw = s.timers.filter((t) => t.kind.startsWith('TIME-WAIT'));
  assert.equal(tw.length, 2, 'both ends run the 2MSL timer');
  assert.equal(tw[0].duration_us, 10_000_000, 'twice the lab MSL of 5 s');
  assert.ok(tw[0].remaining_us < tw[0].duration_us - 1_000_000, 'and it counts down');
  assert.ok((await targets(page)).some((t) => t.name.startsWith('timer.client.TIME-WAIT')), 'the timers panel shows it');
  await picture(page, join(SHOTS, 'time-wait-countdown.png'));
  s = await until(page, (s) => s.states.client === 'CLOSED' && s.states.server === 'CLOSED');
  assert.equal(s.timers.length, 0);
  assert.deepEqual(problems, []);
  await page.close();
});

test('close from one side: the four-way close, and step with the right arrow', async () => {
  const { page, problems } = await openLab();
  await handshake(page);
  await toggle_clock(page, false, () => page.keyboard.press('Space')); // the key is read in the next frame
  assert.equal((await snapshot(page)).playing, false);
  await click(page, 'client.close');
  let s = await snapshot(page);
  assert.equal(s.states.client, 'FIN-WAIT-1');
  // Step event by event (the right arrow) until the FIN has arrived and its ACK has come back.
  const stepUntil = async (pred) => {
    for (let i = 0; i < 8; i++) {
      const t = (await snapshot(page)).time_us;
      await page.keyboard.press('ArrowRight');
      await frames(page, 3);
      s = await snapshot(page);
      assert.ok(s.time_us >= t, 'a step never goes back in time');
      assert.equal(s.playing, false, 'stepping keeps the clock paused');
      if (pred(s)) return s;
    }
    assert.fail('no step reached the expected state');
  };
  s = await stepUntil((s) => s.states.server === 'CLOSE-WAIT');
  assert.equal(s.states.client, 'FIN-WAIT-1');
  s = await stepUntil((s) => s.states.client === 'FIN-WAIT-2');
  assert.equal(s.states.server, 'CLOSE-WAIT', 'half-closed: the server may still send');
  await click(page, 'server.close');
  await click(page, 'time.play');
  s = await until(page, (s) => s.states.client === 'TIME-WAIT' && s.states.server === 'CLOSED');
  assert.ok(s.narration.some((l) => l.startsWith('Why four segments')));
  assert.ok(s.narration.some((l) => l.startsWith('Why wait 2MSL')));
  assert.deepEqual(problems, []);
  await page.close();
});

test('a lesson loads with one click and plays out', async () => {
  const { page, problems } = await openLab();
  await reveal(page, 'lesson.lost-third-ack-data', 'both.sim_open');
  await click(page, 'lesson.lost-third-ack-data');
  let s = await snapshot(page);
  assert.equal(s.lesson, 'lost-third-ack-data');
  s = await until(page, (s) => s.connections.some((c) => c.name === 'l.1' && c.state === 'ESTABLISHED'));
  assert.ok(s.segments.some((x) => x.flags === 'ACK' && x.end === 'dropped'));
  assert.ok(s.narration.some((l) => l.startsWith('The third ACK of the handshake is lost')));
  await frames(page, 10);
  await picture(page, join(SHOTS, 'lesson-lost-third-ack.png'));
  assert.deepEqual(problems, []);
  await page.close();
});

test('rewind with the scrubber replays the same world', async () => {
  const { page, problems } = await openLab();
  await handshake(page);
  await click(page, 'time.play');
  const before = await snapshot(page);
  // Drag the scrubber to its left end: time zero, nothing has happened yet.
  const bar = (await targets(page)).find((t) => t.name === 'time.scrubber');
  await page.mouse.click(bar.x + 2, bar.y + bar.h / 2);
  await frames(page, 3);
  let s = await snapshot(page);
  assert.ok(s.time_us < before.time_us / 4, `rewound (${s.time_us} us)`);
  assert.ok(s.segment_count < before.segment_count);
  await click(page, 'time.play');
  s = await until(page, (s) => s.states.client === 'ESTABLISHED' && s.states.server === 'ESTABLISHED');
  assert.deepEqual(s.segments.slice(0, 3).map((x) => x.seq), before.segments.slice(0, 3).map((x) => x.seq), 'the same ISNs again');
  assert.deepEqual(problems, []);
  await page.close();
});
