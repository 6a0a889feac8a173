// A real capture opened in the page (issue 17): dropped on the lab, named in
// the address (capture=URL, same origin only), loaded through the API; a
// stream picked from the list; both ends' inferred states shown and reported;
// bad files named with their packet, never a frozen page. Screenshots go to
// build/screenshots/capture-*.png.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SHOTS, apiReady, useLab } from './chromium.mjs';
import { click, frames, snapshot, targets, until } from './lab_driver.mjs';

const openLab = useLab();
const CAPTURES = 'tests/data/captures';
const on = (all, name) => all.find((t) => t.name === name);

// Drops the file `name` of tests/data/captures on the lab's canvas, as a learner drags it there.
async function drop(page, name) {
  const base64 = readFileSync(join(CAPTURES, name)).toString('base64');
  await page.evaluate(([b64, file]) => {
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const data = new DataTransfer();
    data.items.add(new File([bytes], file, { type: 'application/octet-stream' }));
    const canvas = document.getElementById('canvas');
    canvas.dispatchEvent(new DragEvent('dragover', { dataTransfer: data, bubbles: true, cancelable: true }));
    canvas.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
  }, [base64, name]);
}

test('a capture dropped on the lab: its ladder, both ends inferred (assumed ones marked), the inspector, the narration', async () => {
  const { page, problems } = await openLab({ width: 1280, height: 720 });
  await apiReady(page);
  await drop(page, 'client-closes.pcapng');
  const s = await until(page, (s) => s.capture !== null && s.capture.states !== undefined, 20000);
  assert.equal(s.capture.name, 'client-closes.pcapng');
  assert.equal(s.capture.stream, 0);
  // The client's TIME-WAIT and the server's CLOSED rest on segments nothing answered: '?'.
  assert.deepEqual(s.capture.states, { client: 'TIME-WAIT?', server: 'CLOSED?' });
  assert.equal(s.capture.segments, 11);
  // The API reports the same, with each inference's rule and basis.
  const info = await page.evaluate(() => window.tcplab.capture());
  assert.deepEqual(info.states, { client: { state: 'TIME-WAIT', certain: false }, server: { state: 'CLOSED', certain: false } });
  assert.deepEqual(info.inferences.slice(0, 2).map((i) => [i.frame, i.side, i.to, i.rule, i.certain]),
    [[1, 'client', 'SYN-SENT', 'open.active', true], [1, 'server', 'LISTEN', 'open.passive', false]]);
  // The narration tells the capture, in the panel and in the page's text.
  assert.ok(s.narration[0].startsWith('Capture client-closes.pcapng, stream 0: client 127.0.0.1:47458'), s.narration[0]);
  assert.ok(s.narration.some((l) => l.startsWith('server: CLOSED → LISTEN, assumed: ')), 'the assumed LISTEN is said so');
  const dom = await page.evaluate(() => [...document.querySelectorAll('#narration-text p')].map((p) => p.textContent));
  assert.ok(dom.some((l) => l.includes('server: LAST-ACK → CLOSED, assumed')), 'mirrored into the page');
  // Frames are on the ladder by their numbers; a click shows the real bytes in the inspector.
  const all = await targets(page);
  // Opened whole (110 ms): the handshake's frames, 25 µs apart, share a pixel; the close's stand apart.
  for (const n of [1, 8, 9, 10]) assert.ok(on(all, `segment:${n}`), `frame ${n} is on the ladder`);
  assert.ok(on(all, 'capture.close') && on(all, 'stream.0'), 'the stream list and the way back');
  assert.ok(!on(all, 'time.play'), 'no clock to run in a capture');
  await click(page, 'segment:8');
  assert.equal((await snapshot(page)).selected, 8);
  await frames(page, 4);
  await page.mouse.move(5, 715);
  await frames(page, 4);
  await page.screenshot({ path: join(SHOTS, 'capture-dropped-1280.png') });
  // Back to the lab: the run behind it is as it was.
  await click(page, 'capture.close');
  const back = await snapshot(page);
  assert.equal(back.capture, null);
  assert.ok(on(await targets(page), 'time.play'));
  assert.deepEqual(problems, []);
  await page.close();
});

test('the window lane and the time-sequence graph of a capture: what the wire shows; a mark or a bar selects its packet', async () => {
  const { page, problems } = await openLab({ width: 1280, height: 720 });
  await apiReady(page);
  await drop(page, 'fast-retransmit.pcapng');
  const s = await until(page, (s) => s.capture !== null && s.capture.lane !== undefined && s.capture.lane.client !== undefined, 20000);
  // Both SYNs were captured with the window scale option; the client's sending is marked.
  assert.deepEqual(s.capture.lane.client, { points: 14, marks: 7, scale: 'negotiated' });
  await click(page, 'ladder.lane');
  const all = await targets(page);
  assert.ok(on(all, 'lane'), 'the lane is drawn under the capture\'s ladder');
  assert.ok(on(all, 'lane.client') && on(all, 'lane.server'), 'whose sending it shows');
  assert.ok(!on(all, 'lane.compare'), 'a capture has no run to compare with');
  // Stream 0 (the client's side of the lossy link): frame 37 is the fast
  // retransmission the server's duplicate ACKs 34-36 asked for.
  await click(page, 'lane.mark:fast-retransmit:37');
  assert.equal((await snapshot(page)).selected, 37);
  assert.ok(on(await targets(page), 'lane.mark:dup-ack:34'), 'the first duplicate ACK is marked');
  await page.screenshot({ path: join(SHOTS, 'capture-window-lane-1280.png') });
  // The graph: the client's data as bars, by frame number.
  await click(page, 'ladder.view-sequence');
  assert.ok(on(await targets(page), 'graph.segment:37'), 'the fast retransmission is a bar');
  await click(page, 'graph.segment:8');
  assert.equal((await snapshot(page)).selected, 8);
  await page.screenshot({ path: join(SHOTS, 'capture-sequence-graph-1280.png') });
  assert.deepEqual(problems, []);
  await page.close();
});

test('a stream picked from the list is replayed, in the page and through the API', async () => {
  const { page, problems } = await openLab({ width: 1280, height: 720 });
  await apiReady(page);
  await drop(page, 'reuse.pcapng');
  await until(page, (s) => s.capture !== null && s.capture.stream === 0, 20000);
  const first = await page.evaluate(() => window.tcplab.capture());
  assert.equal(first.streams.length, 2);
  await click(page, 'stream.1');
  const s = await until(page, (s) => s.capture.stream === 1, 10000);
  assert.equal(s.capture.segments, 8);
  const info = await page.evaluate(() => window.tcplab.capture());
  assert.equal(info.stream, 1);
  assert.equal(info.inferences[0].frame, 9, 'stream 1 opens at frame 9');
  assert.deepEqual(Object.keys(info.states), ['client', 'server']);
  assert.deepEqual(s.capture.states,
    Object.fromEntries(Object.entries(info.states).map(([k, v]) => [k, v.state + (v.certain ? '' : '?')])));
  // And the API picks one the same way.
  await page.evaluate(() => window.tcplab.selectStream(0));
  await until(page, (s) => s.capture.stream === 0, 10000);
  assert.deepEqual(problems, []);
  await page.close();
});

test('capture=URL opens a capture from the page\'s own site; another site is refused with a message', async () => {
  const browser = openLab.browser();
  const bytes = readFileSync(join(CAPTURES, 'challenge.pcapng'));
  const context = await browser.browser.newContext({ viewport: { width: 1280, height: 720 } });
  const page = await context.newPage();
  // The course's trace, served beside the lab.
  await page.route('**/course/challenge.pcapng', (route) =>
    route.fulfill({ status: 200, contentType: 'application/octet-stream', body: bytes }));
  await page.goto(openLab.url('?capture=course/challenge.pcapng'), { waitUntil: 'load' });
  await apiReady(page);
  const s = await until(page, (s) => s.capture !== null && s.capture.states !== undefined, 20000);
  assert.equal(s.capture.name, 'challenge.pcapng');
  assert.ok(s.narration.some((l) => l.includes('challenge ACK')), 'the challenge ACK is narrated');
  await page.mouse.move(5, 715);
  await frames(page, 4);
  await page.screenshot({ path: join(SHOTS, 'capture-url-1280.png') });
  await page.close();

  const other = await context.newPage();
  await other.goto(openLab.url('?capture=http://example.com/trace.pcap'), { waitUntil: 'load' });
  await apiReady(other);
  const refused = await until(other, (s) => s.capture !== null && s.capture.error !== null, 20000);
  assert.match(refused.capture.error,
    /^parameter 'capture' = 'http:\/\/example.com\/trace.pcap': only a capture on this page's own site \(http:\/\/127\.0\.0\.1:\d+\) can be opened/);
  const notice = await other.evaluate(() => document.getElementById('notice-list').textContent);
  assert.ok(notice.includes("parameter 'capture'"), notice);
  assert.ok(on(await targets(other), 'capture.error'), 'said in the lab too');
  await other.close();
  await context.close();
});

test('bad files: the file and the packet are named in the page, which keeps running', async () => {
  const { page, problems } = await openLab({ width: 1280, height: 720 });
  await apiReady(page);
  await drop(page, 'cut-short.pcapng');
  const s = await until(page, (s) => s.capture !== null && s.capture.error !== null, 20000);
  assert.equal(s.capture.error,
    'cut-short.pcapng: packet 5: its pcapng block at byte 672 is cut short: 100 bytes announced, 28 left (at byte 672)');
  const notice = await page.evaluate(() => document.getElementById('notice-list').textContent);
  assert.ok(notice.includes('cut-short.pcapng: packet 5'), notice);
  await drop(page, 'udp-only.pcap');
  await until(page, (s) => s.capture.error.startsWith('udp-only.pcap: no TCP connection in its 9 frame(s)'), 20000);
  // Still drawing, still answering; the API throws the same message.
  const before = await page.evaluate(() => window.Module.framesRendered);
  await frames(page, 5);
  assert.ok((await page.evaluate(() => window.Module.framesRendered)) >= before + 5);
  const thrown = await page.evaluate(() => {
    try { window.tcplab.loadCapture(new Uint8Array([1, 2, 3, 4]), 'four.pcap'); } catch (e) { return e.message; }
    return null;
  });
  assert.match(thrown, /^loadCapture: four\.pcap: /);
  await page.mouse.move(5, 715);
  await frames(page, 4);
  await page.screenshot({ path: join(SHOTS, 'capture-bad-file.png') });
  assert.deepEqual(problems, []);
  await page.close();
});
