// Issue 14's views in the page: the window lane under the ladder and the
// time-sequence graph. A transfer runs through window.tcplab; cwnd and
// ssthresh are read back at known moments; clicks on a lane mark and on a
// graph bar select the segment behind them everywhere; screenshots of slow
// start, fast recovery, the comparison and the graph are saved for a look.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { SHOTS, apiReady, useLab } from './chromium.mjs';
import { click, frames, picture, snapshot, targets } from './lab_driver.mjs';

const openLab = useLab();

// A bulk transfer over a 20 ms link: slow start until the receiver's window
// (65535) holds the sender back; with `drop`, one segment mid-flow is lost.
function transfer({ drop = false, congestion = 'newreno' } = {}) {
  return [
    'host client 10.0.0.1', 'host server 10.0.0.2', 'link latency 20ms',
    'set mss 1000', 'set delayed_ack off', `set client congestion ${congestion}`,
    'at 0ms listen server:80 as l', 'at 0ms connect client:40000 to server:80 as c',
    ...(drop ? ['at 150ms drop next client->server data'] : []),
    'at 100ms send c 60000 bytes', 'run until 1s',
  ].join('\n');
}

async function play(page, settings, scenario) {
  await page.evaluate(([settings, scenario]) => {
    window.tcplab.reset(settings);
    window.tcplab.loadScenario(scenario, 'transfer');
    window.tcplab.pause();
  }, [settings, scenario]);
  await frames(page, 3);
}

test('slow start: cwnd read at known moments, the lane drawn', async () => {
  const { page, problems } = await openLab({ width: 1440, height: 900 });
  await apiReady(page);
  await play(page, 'lane=on', transfer());
  const at = async (t) => page.evaluate((t) => {
    window.tcplab.runUntil(t);
    return { cwnd: window.tcplab.tcb('c').cwnd, ssthresh: window.tcplab.tcb('c').ssthresh };
  }, t);
  // RFC 5681 §3.1: four segments at first, one more per ACK (no delayed ACKs): doubling per round trip (40 ms).
  assert.deepEqual(await at(0.1), { cwnd: 4000, ssthresh: 4294967295 });
  assert.deepEqual(await at(0.141), { cwnd: 8000, ssthresh: 4294967295 });
  assert.deepEqual(await at(0.181), { cwnd: 16000, ssthresh: 4294967295 });
  await page.evaluate(() => window.tcplab.runToEnd());
  await frames(page, 4);
  const names = (await targets(page)).map((t) => t.name);
  assert.ok(names.includes('lane'), 'the lane is drawn under the ladder');
  await picture(page, join(SHOTS, 'window-lane-slow-start.png'));
  assert.deepEqual(problems, []);
});

test('fast recovery: a click on the fast-retransmit mark selects the third duplicate ACK', async () => {
  const { page, problems } = await openLab({ width: 1440, height: 900 });
  await apiReady(page);
  await play(page, 'lane=on', transfer({ drop: true }));
  await page.evaluate(() => window.tcplab.runToEnd());
  await frames(page, 4);
  const series = await page.evaluate(() => window.tcplab.windowSeries('client'));
  const fast = series.points.find((p) => p.why === 'cc.fast-retransmit');
  assert.ok(fast, 'a fast retransmit happened');
  assert.equal(fast.dup_acks, 3);
  assert.equal(fast.phase, 'fast-recovery');
  assert.equal(fast.cwnd, fast.ssthresh + 3000, 'RFC 5681 §3.2: ssthresh plus the three duplicates');
  const mark = `lane.mark:fast-retransmit:${fast.segment}`;
  await click(page, mark);
  const s = await snapshot(page);
  assert.equal(s.selected, fast.segment, 'the lane selected the ACK that released the fast retransmission');
  const ack = await page.evaluate((id) => window.tcplab.trace().find((r) => r.type === 'segment' && r.id === id), fast.segment);
  assert.deepEqual([ack.from, ack.len], ['server', 0], 'a duplicate ACK from the receiver');
  await picture(page, join(SHOTS, 'window-lane-fast-recovery.png'));

  // The time-sequence graph in the ladder's place: a click on the retransmission selects it.
  await click(page, 'ladder.view-sequence');
  const rtx = await page.evaluate(() =>
    window.tcplab.trace().find((r) => r.type === 'segment' && r.retransmission && r.from === 'client'));
  await click(page, `graph.segment:${rtx.id}`);
  assert.equal((await snapshot(page)).selected, rtx.id, 'the graph selected the retransmission');
  assert.equal(await page.evaluate(() => window.tcplab.settings().graph), 'sequence', 'the toolbar wrote the view back');
  assert.ok(await page.evaluate(() => window.tcplab.shareQuery().includes('graph=sequence')), 'share links keep it');
  await picture(page, join(SHOTS, 'time-sequence-graph.png'));
  assert.deepEqual(problems, []);
});

test('comparison: Reno against Tahoe on the same link and seed', async () => {
  const { page, problems } = await openLab({ width: 1440, height: 900 });
  await apiReady(page);
  await play(page, 'lane=on&compare=tahoe', transfer({ drop: true, congestion: 'reno' }));
  await page.evaluate(() => window.tcplab.runToEnd());
  await frames(page, 6);
  const [reno, tahoe] = await page.evaluate(() => [window.tcplab.windowSeries('client'),
    window.tcplab.windowSeries('client', 'tahoe')]);
  const renoFast = reno.points.find((p) => p.why === 'cc.fast-retransmit');
  const tahoeFast = tahoe.points.find((p) => p.why === 'cc.fast-retransmit.tahoe');
  assert.equal(tahoeFast.t, renoFast.t, 'the same loss at the same moment');
  assert.equal(tahoeFast.cwnd, 1000, 'Tahoe starts again from one segment');
  assert.equal(renoFast.cwnd, renoFast.ssthresh + 3000, 'Reno inflates by the three duplicates');
  assert.ok(await page.evaluate(() => window.tcplab.shareQuery().includes('compare=tahoe')));
  await picture(page, join(SHOTS, 'window-lane-compare.png'));
  assert.deepEqual(problems, []);
});
