// Events: what each type carries, their order, and that they arrive inside
// the call that caused them (Node has no frames: pump() runs before every
// state-changing method returns).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tcplab, withLab, openPair } from './lab_module.mjs';

// Every event but 'record', as [type, t, what] in delivery order.
function recordEvents(lab) {
  const log = [];
  const what = (e) => [e.conn, e.type === 'state' ? `${e.from}->${e.to}` : e.flags || e.fate || e.timer]
    .filter(Boolean).join(' ');
  for (const type of tcplab.labEvents.filter((t) => t !== 'record')) {
    lab.on(type, (e) => log.push([type, e.t, what(e)]));
  }
  return log;
}

test('a handshake, event by event, in order', () => withLab(undefined, (lab) => {
  const log = recordEvents(lab);
  openPair(lab);
  lab.runFor(1);
  assert.deepEqual(log, [
    ['stateChanged', 0, 'l CLOSED->LISTEN'],
    ['stateChanged', 0, 'c CLOSED->SYN-SENT'],
    ['segmentSent', 0, 'c SYN'],
    ['segmentArrived', 250000, 'delivered'],
    ['stateChanged', 250000, 'l.1 LISTEN->SYN-RECEIVED'],
    ['segmentSent', 250000, 'l.1 SYN,ACK'],
    ['segmentArrived', 500000, 'delivered'],
    ['stateChanged', 500000, 'c SYN-SENT->ESTABLISHED'],
    ['segmentSent', 500000, 'c ACK'],
    ['segmentArrived', 750000, 'delivered'],
    ['stateChanged', 750000, 'l.1 SYN-RECEIVED->ESTABLISHED'],
  ]);
}));

test('events arrive within the call that caused them', () => withLab(undefined, (lab) => {
  const states = [];
  lab.on('stateChanged', (e) => states.push(e.to));
  lab.listen('server', 80);
  assert.deepEqual(states, ['LISTEN']);
  lab.connect('client', 80);
  assert.deepEqual(states, ['LISTEN', 'SYN-SENT']);
  lab.step();
  assert.deepEqual(states, ['LISTEN', 'SYN-SENT', 'SYN-RECEIVED']);
  assert.equal(lab.pump(), 0, 'nothing left to deliver');
}));

test("'record' delivers every trace record exactly once, in trace order", () => withLab(undefined, (lab) => {
  const seen = [];
  lab.on('record', (e) => seen.push(e));
  openPair(lab);
  lab.runFor(1);
  lab.send('c', 'data');
  lab.close('c');
  lab.runFor(30);
  const strip = (r) => { const { segment, ...rest } = r; return rest; };
  // The first three records (world, two link settings) are the new lab's setup, before any listener.
  assert.deepEqual(seen.map(strip), lab.trace().slice(3));
}));

test('segment fates carry the segment: a lost SYN, then the timer that resends it', () => withLab(undefined, (lab) => {
  const lost = [];
  const fired = [];
  lab.on('segmentLost', (e) => lost.push(e));
  lab.on('timerFired', (e) => fired.push(e));
  lab.dropNext('c2s', 'SYN');
  openPair(lab);
  lab.runFor(2);
  assert.equal(lost.length, 1);
  assert.equal(lost[0].fate, 'dropped');
  assert.equal(lost[0].segment.flags, 'SYN');
  assert.equal(lost[0].segment.id, lost[0].id);
  assert.deepEqual(fired.map((e) => [e.t, e.conn, e.timer, e.event, e.backoff]), [[1000000, 'c', 'retransmit', 'fired', 0]]);
}));

test('random loss is a segmentLost with fate lost', () => withLab({ 'c2s.loss': 1 }, (lab) => {
  const fates = [];
  lab.on('segmentLost', (e) => fates.push([e.fate, e.segment.flags]));
  openPair(lab);
  lab.runFor(0.5);
  assert.deepEqual(fates, [['lost', 'SYN']]);
}));

test('reset, rewind and scenarioFinished', () => withLab(undefined, (lab) => {
  const log = [];
  lab.on('reset', (e) => log.push(e));
  lab.on('rewind', (e) => log.push(e));
  lab.on('scenarioFinished', (e) => log.push({ type: e.type, passed: e.passed, results: e.results.length }));
  lab.loadLesson('handshake');
  lab.runToEnd();
  lab.rewind(0.02);
  lab.reset();
  assert.deepEqual(log, [
    { type: 'reset' },
    { type: 'scenario-finished', passed: true, results: 8 },
    { type: 'rewind', t: 0.02 },
    { type: 'reset' },
  ]);
}));

test("a scenario without 'run until', rewound before its end, finishes once more with the same results",
  () => withLab(undefined, (lab) => {
    const finished = [];
    lab.on('scenarioFinished', (e) => finished.push(e.results));
    lab.loadScenario('host client 10.0.0.1\nhost server 10.0.0.2\nat 0ms listen server:80 as l\n' +
      'at 0ms connect client:40000 to server:80 as c\nexpect c state ESTABLISHED\n', 'x');
    const first = lab.runToEnd();
    assert.equal(first[0].passed, true);
    assert.equal(finished.length, 1);
    lab.rewind(0.02);
    assert.equal(lab.results(), null);
    assert.equal(finished.length, 1, 'nothing has finished yet');
    assert.deepEqual(lab.runToEnd(), first);
    assert.deepEqual(lab.results(), first);
    assert.deepEqual(finished, [first, first]);
  }));

test('after a rewind, the records after it come again', () => withLab(undefined, (lab) => {
  openPair(lab);
  lab.runFor(1);
  const again = [];
  lab.on('segmentSent', (e) => again.push([e.t, e.flags]));
  lab.rewind(0.3);
  assert.deepEqual(again, [], 'a rewind to 0.3 s replays only up to 0.3 s');
  lab.runFor(1);
  assert.deepEqual(again, [[500000, 'ACK']]);
}));

test('a failing scenario finishes with passed: false', () => withLab(undefined, (lab) => {
  let finished = null;
  lab.once('scenarioFinished', (e) => { finished = e; });
  lab.loadScenario('host client 10.0.0.1\nhost server 10.0.0.2\nat 0ms connect client:40000 to server:80 as c\n' +
    'expect c state ESTABLISHED\n', 'refused');
  lab.runToEnd();
  assert.equal(finished.passed, false);
  assert.deepEqual(finished.results.map((r) => r.passed), [false]);
}));

test('a throwing listener is reported and the lab and the other listeners go on', () => withLab(undefined, (lab) => {
  const reported = [];
  const original = console.error;
  console.error = (...args) => reported.push(args);
  try {
    const states = [];
    lab.on('stateChanged', () => { throw new Error('listener bug'); });
    lab.on('stateChanged', (e) => states.push(e.to));
    openPair(lab);
    lab.runFor(1);
    assert.deepEqual(states, ['LISTEN', 'SYN-SENT', 'SYN-RECEIVED', 'ESTABLISHED', 'ESTABLISHED']);
    assert.equal(reported.length, 5);
    assert.equal(reported[0][0], "tcplab: a 'stateChanged' listener threw:");
    assert.equal(reported[0][1].message, 'listener bug');
    assert.deepEqual(lab.states(), { client: 'ESTABLISHED', server: 'ESTABLISHED' });
  } finally {
    console.error = original;
  }
}));

test('once fires once; off removes a listener', () => withLab(undefined, (lab) => {
  const once = [];
  const all = [];
  const listener = (e) => all.push(e.to);
  lab.once('stateChanged', (e) => once.push(e.to));
  lab.on('stateChanged', listener);
  lab.listen('server', 80);
  lab.off('stateChanged', listener);
  lab.connect('client', 80);
  assert.deepEqual(once, ['LISTEN']);
  assert.deepEqual(all, ['LISTEN']);
}));

test('a listener that calls the lab gets its own events after the waiting ones', () => withLab(undefined, (lab) => {
  const log = [];
  lab.on('stateChanged', (e) => {
    log.push(`${e.conn} ${e.to}`);
    // The client closes as soon as it is established.
    if (e.conn === 'c' && e.to === 'ESTABLISHED') assert.equal(lab.close('c'), null);
  });
  openPair(lab);
  lab.runFor(0.6);
  assert.deepEqual(log, ['l LISTEN', 'c SYN-SENT', 'l.1 SYN-RECEIVED', 'c ESTABLISHED', 'c FIN-WAIT-1']);
}));

test("the page's way: a wrapped lab's events wait for pump()", () => {
  const raw = new tcplab.LabApi('/scenarios');
  const lab = tcplab.wrapLab(raw, { page: true });
  try {
    const states = [];
    const records = [];
    lab.on('stateChanged', (e) => states.push(e.to));
    lab.on('record', (e) => records.push(e.type));
    // The page's own controls call the LabApi directly; the frame then pumps.
    raw.call('listen', ['server', '80']);
    assert.deepEqual(states, []);
    // The page's first pump also tells the world's start (a lesson from the
    // URL is under way before anyone can listen).
    assert.equal(lab.pump(), 6);
    assert.deepEqual(records, ['world', 'fault', 'fault', 'conn', 'call', 'state']);
    assert.deepEqual(states, ['LISTEN']);
    raw.call('close', ['server']);
    assert.equal(lab.pump(), 2);  // then only what is new: the 'call' and the 'state'
    assert.deepEqual(states, ['LISTEN', 'CLOSED']);
  } finally {
    lab.delete();
    raw.delete();
  }
});
