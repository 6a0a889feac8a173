// The lab as a class meets it (issue 19): lessons seen whole at a
// projector's 1024x768 and in a 700x450 embed, the lesson named on screen,
// the narration mirrored into the page for screen readers, taps that hit on
// the first touch, the keyboard's way through the controls, and text in any
// script. Screenshots go to build/screenshots/classroom-*.png.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { SHOTS, apiReady, useLab } from './chromium.mjs';
import { click, frames, snapshot, targets, toggle_clock, until } from './lab_driver.mjs';

const openLab = useLab();

async function lessonEnded(page) {
  await page.waitForFunction(() => window.tcplab.results() !== null, null, { timeout: 60000, polling: 500 });
  await frames(page, 4);
}

const on = (all, name) => all.find((t) => t.name === name);

test('lost-syn at 1024x768: the whole backoff on screen at the end, the lesson named above it', async () => {
  const { page, problems } = await openLab({ width: 1024, height: 768, path: '?lesson=lost-syn' });
  await apiReady(page);
  await lessonEnded(page);
  const s = await snapshot(page);
  const syns = s.segments.filter((x) => x.flags === 'SYN');
  assert.deepEqual(syns.map((x) => x.end), ['dropped', 'dropped', 'delivered']);
  const all = await targets(page);
  // Each SYN, the two lost and the one that got through, can be clicked on the ladder.
  for (const syn of syns) assert.ok(on(all, `segment:${syn.id}`), `SYN #${syn.id} is on screen at the lesson's end`);
  const banner = on(all, 'lesson.banner');
  assert.ok(banner, 'the lesson is named under the time bar');
  assert.ok(on(all, 'ladder.follow').y > banner.y + banner.h, 'below it, the panels');
  await page.screenshot({ path: join(SHOTS, 'classroom-lost-syn-1024.png') });
  assert.deepEqual(problems, []);
  await page.close();
});

test('handshake in a 700x450 embed: named, and its three segments drawn apart', async () => {
  const { page, problems } = await openLab({ width: 700, height: 450, path: 'embed.html?lesson=handshake' });
  await apiReady(page);
  await lessonEnded(page);
  const s = await snapshot(page);
  const all = await targets(page);
  assert.ok(on(all, 'lesson.banner'), 'the lesson is named in the embed too');
  const hits = s.segments.slice(0, 3).map((x) => on(all, `segment:${x.id}`));
  assert.ok(hits.every(Boolean), 'SYN, SYN,ACK and ACK are all on screen');
  // Apart: their middles at least 20 CSS pixels from each other along the time axis.
  const xs = hits.map((h) => h.x).sort((a, b) => a - b);
  assert.ok(xs[1] - xs[0] > 20 && xs[2] - xs[1] > 20, `segments drawn apart, not stacked: ${xs.join(', ')}`);
  assert.equal(s.narration[0].startsWith('Lesson: The three-way handshake. '), true, 'the narration opens with the lesson');
  assert.ok(!s.narration.some((l) => l.startsWith('Link: link')), 'not with the link settings');
  await page.screenshot({ path: join(SHOTS, 'classroom-handshake-embed.png') });
  assert.deepEqual(problems, []);
  await page.close();
});

test('the narration is mirrored into the page as text, in an aria-live region', async () => {
  const { page, problems } = await openLab({ width: 1280, height: 720, path: '?lesson=handshake' });
  await apiReady(page);
  await lessonEnded(page);
  const region = await page.evaluate(() => {
    const box = document.getElementById('narration-text');
    return { live: box.getAttribute('aria-live'), lines: [...box.querySelectorAll('p')].map((p) => p.textContent) };
  });
  assert.equal(region.live, 'polite');
  assert.ok(region.lines[0].includes('Lesson: The three-way handshake. '), region.lines[0]);
  assert.ok(region.lines.some((l) => l.includes('Server: LISTEN → SYN-RECEIVED.')), 'the transitions are there as text');
  assert.ok(region.lines.some((l) => l.startsWith('Why a third segment?')), 'and the answers');
  assert.equal(region.lines.length, (await snapshot(page)).narration_count);
  assert.deepEqual(problems, []);
  await page.close();
});

test('touch at 390x844: every tap hits what it touches the first time', async () => {
  const { page, problems } = await openLab({ width: 390, height: 844, touch: true });
  await apiReady(page);
  const tap = async (name) => {
    const t = on(await targets(page), name);
    assert.ok(t, `${name} is on screen`);
    await page.touchscreen.tap(t.x + t.w / 2, t.y + t.h / 2);
    await frames(page, 5);
  };
  // Tabs, one after the other, each a new spot: the tab's own controls must appear after one tap.
  const tabs = [['tab.Ladder', 'ladder.follow'], ['tab.Controls', 'server.listen'], ['tab.Timers', null],
                ['tab.Controls', 'client.connect'], ['tab.Ladder', 'ladder.relative'], ['tab.Controls', 'server.listen']];
  for (const [tab, inside] of tabs) {
    await tap(tab);
    if (inside) assert.ok(on(await targets(page), inside), `one tap on ${tab} shows ${inside}`);
  }
  await tap('server.listen');
  assert.equal((await snapshot(page)).states.server, 'LISTEN', 'one tap on Listen');
  await tap('client.connect');
  await until(page, (s) => s.states.client !== 'CLOSED');
  await page.screenshot({ path: join(SHOTS, 'classroom-touch-390.png') });
  assert.deepEqual(problems, []);
  await page.close();
});

// A key held for a few frames, as a hand presses it: Dear ImGui 1.86 reads
// the keys' state once a frame, and a press shorter than a slow SwiftShader
// frame can fall between two.
async function press(page, key, shift = false) {
  if (shift) await page.keyboard.down('Shift');
  await page.keyboard.down(key);
  await frames(page, 1);  // one frame: long enough to be seen, too short to repeat
  await page.keyboard.up(key);
  if (shift) await page.keyboard.up('Shift');
  await frames(page, 2);
}

test('keyboard: Tab and Shift-Tab walk the controls, Enter presses, arrows step both ways, Space plays', async () => {
  const { page, problems } = await openLab({ width: 1280, height: 720 });
  await apiReady(page);
  await page.click('#canvas', { position: { x: 640, y: 700 } });  // the canvas takes the keyboard
  await toggle_clock(page, false, () => page.keyboard.press('Space'));
  await press(page, 'Tab');
  assert.equal((await snapshot(page)).focus, 'time.play');
  await press(page, 'Tab');
  assert.equal((await snapshot(page)).focus, 'time.step');
  await press(page, 'Tab', true);
  assert.equal((await snapshot(page)).focus, 'time.play');
  // Walk to the server's Listen button and press it with Enter.
  for (let i = 0; i < 40 && (await snapshot(page)).focus !== 'server.listen'; i++) {
    await press(page, 'Tab');
  }
  assert.equal((await snapshot(page)).focus, 'server.listen');
  await press(page, 'Enter');
  await until(page, (s) => s.states.server === 'LISTEN', 10000);
  for (let i = 0; i < 40 && (await snapshot(page)).focus !== 'client.connect'; i++) {
    await press(page, 'Tab', true);
  }
  assert.equal((await snapshot(page)).focus, 'client.connect');
  await press(page, 'Enter');
  await until(page, (s) => s.states.client === 'SYN-SENT', 10000);
  // Right arrow: to the SYN's arrival; left arrow: back to before it.
  await press(page, 'ArrowRight');
  const at = await until(page, (s) => s.states.server === 'SYN-RECEIVED', 10000);
  await press(page, 'ArrowLeft');
  const back = await until(page, new Function('s', `return s.time_us < ${at.time_us}`), 10000);
  assert.equal(back.states.server, 'LISTEN', 'one step back: the SYN has not arrived');
  assert.equal(back.playing, false);
  await toggle_clock(page, true, () => page.keyboard.press('Space'));
  assert.deepEqual(problems, []);
  await page.close();
});

test('text in any script: "你好 TCP" typed into the field is sent as its 10 UTF-8 octets', async () => {
  const { page, problems } = await openLab({ width: 1280, height: 720 });
  await apiReady(page);
  await click(page, 'server.listen');
  await click(page, 'client.connect');
  await until(page, (s) => s.states.client === 'ESTABLISHED' && s.states.server === 'ESTABLISHED');
  await click(page, 'client.text');
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Backspace');
  await page.keyboard.type('你好 TCP');
  await frames(page, 4);
  await click(page, 'client.send_text');
  const s = await until(page, (s) => s.segments.some((x) => x.from === 'client' && x.len > 0));
  assert.equal(s.segments.find((x) => x.from === 'client' && x.len > 0).len, 10);
  assert.deepEqual(problems, []);
  await page.close();
});

test('a key tapped between two frames still acts: six Backspaces, each pressed and released in one task', async () => {
  // ImGui 1.86 reads keys once a frame; a press and release with no frame
  // between them would be lost (CI once lost a Ctrl+A that way).
  const { page, problems } = await openLab({ width: 1280, height: 720 });
  await apiReady(page);
  await click(page, 'server.listen');
  await click(page, 'client.connect');
  await until(page, (s) => s.states.client === 'ESTABLISHED' && s.states.server === 'ESTABLISHED');
  const field = await click(page, 'client.text');
  await page.mouse.click(field.x + field.w - 2, field.y + field.h / 2);  // the caret after "hello, server"
  await frames(page, 3);
  for (let i = 0; i < 6; i++) {
    await page.evaluate(() => {
      const tap = (type) => {
        const e = new KeyboardEvent(type, { key: 'Backspace', code: 'Backspace', bubbles: true, cancelable: true });
        Object.defineProperty(e, 'keyCode', { get: () => 8 });
        (document.activeElement || window).dispatchEvent(e);
      };
      tap('keydown');
      tap('keyup');
    });
    await frames(page, 2);
  }
  await click(page, 'client.send_text');
  const s = await until(page, (s) => s.segments.some((x) => x.from === 'client' && x.len > 0));
  assert.equal(s.segments.find((x) => x.from === 'client' && x.len > 0).len, 'hello, '.length);
  assert.deepEqual(problems, []);
  await page.close();
});

test('Download capture (.pcap): the run so far, a file tshark reads segment for segment', async () => {
  const { page, problems } = await openLab({ width: 1280, height: 720, path: '?lesson=handshake' });
  await apiReady(page);
  await lessonEnded(page);
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 30000 }), click(page, 'time.capture')]);
  assert.equal(download.suggestedFilename(), 'tcplab.pcap');
  const file = join(SHOTS, 'classroom-capture.pcap');
  await download.saveAs(file);
  const { execFileSync } = await import('node:child_process');
  const lines = execFileSync('tshark', ['-r', file, '-o', 'tcp.check_checksum:TRUE', '-T', 'fields', '-e', 'tcp.flags.str',
    '-e', 'tcp.checksum.status'], { encoding: 'utf8' }).trim().split('\n');
  // The handshake as the client saw it: SYN, SYN,ACK, ACK, each with a good checksum.
  assert.equal(lines.length, 3, lines.join(' | '));
  assert.match(lines[0], /S\b/);
  assert.match(lines[1], /A.*S/);
  for (const l of lines) assert.match(l, /\t1$/, `checksum good: ${l}`);
  assert.deepEqual(problems, []);
  await page.close();
});
