// The window series through the JavaScript API (issue 14): the same numbers
// the window lane draws, read at known moments of a transfer that loses one
// segment, tied to the segments on the ladder; and the comparison run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withLab } from './lab_module.mjs';

// Five segments, the first dropped: three duplicate ACKs, fast retransmit, fast recovery.
const LOST_FIRST = [
  'host client 10.0.0.1', 'host server 10.0.0.2', 'link latency 10ms',
  'set mss 1000', 'set delayed_ack off',
  'at 0ms listen server:80 as l', 'at 0ms connect client:40000 to server:80 as c',
  'at 100ms drop next client->server data', 'at 100ms send c 5000 bytes', 'run until 3s',
].join('\n');

test('windowSeries: cwnd and ssthresh at known moments, each decision tied to its ACK', () => withLab(undefined, (lab) => {
  lab.loadScenario(LOST_FIRST, 'lost-first');
  assert.equal(lab.windowSeries('client'), null, 'no congestion decision before the handshake');
  lab.runUntil(0.1);
  assert.equal(lab.tcb('c').cwnd, 4000, 'RFC 5681 §3.1: four segments of 1000 octets');
  let s = lab.windowSeries('client');
  assert.deepEqual(s.points, [{ t: 0.02, phase: 'slow-start', cwnd: 4000, ssthresh: 4294967295, flight: 0, dup_acks: 0,
    why: 'cc.initial-window', segment: null }]);
  lab.runUntil(0.13);
  s = lab.windowSeries('c');
  const fast = s.points.find((p) => p.why === 'cc.fast-retransmit');
  assert.deepEqual(fast, { t: 0.12, phase: 'fast-recovery', cwnd: 5000, ssthresh: 2000, flight: 5000, dup_acks: 3,
    why: 'cc.fast-retransmit', segment: 10 });
  assert.equal(lab.tcb('c').ssthresh, 2000);
  // The segment behind it is the third duplicate ACK on the ladder.
  const ack = lab.trace().find((r) => r.type === 'segment' && r.id === fast.segment);
  assert.equal(ack.from, 'server');
  assert.equal(ack.why, 'data.out-of-order');
  assert.deepEqual(s.marks.map((m) => `${m.kind}#${m.segment}`), ['dup-ack#8', 'dup-ack#9', 'fast-retransmit#10']);
  lab.runToEnd();
  s = lab.windowSeries('client');
  const last = s.points[s.points.length - 1];
  assert.deepEqual([last.phase, last.cwnd, last.ssthresh, last.why], ['congestion-avoidance', 2000, 2000, 'cc.fast-recovery.exit']);
  assert.equal(lab.tcb('c').cwnd, last.cwnd, 'the series ends where the TCB is');
  assert.deepEqual(s.peer_window.map((p) => p.window), [65535, 60535, 65535]);
  // A rewind reads the series as it was.
  lab.rewind(0.1);
  assert.equal(lab.windowSeries('client').points.length, 1);
}));

test('windowSeries with an algorithm: the same run with Tahoe', () => withLab(undefined, (lab) => {
  lab.loadScenario(LOST_FIRST, 'lost-first');
  lab.runToEnd();
  const tahoe = lab.windowSeries('client', 'tahoe');
  const fast = tahoe.points.find((p) => p.why === 'cc.fast-retransmit.tahoe');
  assert.deepEqual([fast.t, fast.cwnd, fast.ssthresh], [0.12, 1000, 2000], 'RFC 5681 §3.2 without fast recovery: one segment');
  assert.notEqual(lab.windowSeries('client').points.length, 0);
  assert.throws(() => lab.windowSeries('client', 'vegas'), {
    name: 'TcpLabError', message: "windowSeries: algorithm: expected tahoe, reno, newreno or cubic, got 'vegas'",
  });
}));

test('the view keys travel in settings and share links', () => withLab(undefined, (lab) => {
  lab.reset({ lane: true, graph: 'sequence', sender: 'server', compare: 'reno' });
  const s = lab.settings();
  assert.deepEqual([s.lane, s.graph, s.sender, s.compare], [true, 'sequence', 'server', 'reno']);
  assert.equal(lab.shareQuery(), 'lane=on&graph=sequence&sender=server&compare=reno');
}));
