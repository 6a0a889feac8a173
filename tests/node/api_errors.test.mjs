// Bad arguments, one kind at a time: the exact message, the right error
// class (TypeError for what JavaScript can see, TcpLabError for what the lab
// refuses), and a lab left exactly as it was (same trace digest, same clock,
// same connections).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tcplab, withLab, openPair } from './lab_module.mjs';

// A lab in the middle of something: established, data in flight, a timer running.
function busyLab(use) {
  return withLab(undefined, (lab) => {
    openPair(lab);
    lab.runFor(1);
    lab.send('c', 'in flight');
    lab.runFor(0.1);
    return use(lab);
  });
}

function snapshot(lab) {
  return { digest: lab.digest(), now: lab.now(), connections: lab.connections(), timers: lab.timers(), settings: lab.settings() };
}

// Each row: [what it is, the call, the error class, the exact message].
const cases = [
  // wrong type (JavaScript's side)
  ['a port given as text', (lab) => lab.connect('client', '80'), TypeError, 'connect: port: expected a port number, got string'],
  ['bytes given as a number', (lab) => lab.send('c', 42), TypeError, 'send: bytes: expected a string or Uint8Array, got number'],
  ['a host given as a number', (lab) => lab.listen(1, 80), TypeError, 'listen: host: expected a string, got number'],
  ['a switch given as text', (lab) => lab.reading('c', 'yes'), TypeError, 'reading: on: expected a boolean, got string'],
  ['a duration given as null', (lab) => lab.runFor(null), TypeError,
    'runFor: duration: expected a number of seconds or a duration such as "250ms", got null'],
  ['a speed that is not a number', (lab) => lab.setSpeed(NaN), TypeError, 'setSpeed: x: expected a number, got NaN'],
  ['settings given as a number', (lab) => lab.reset(42), TypeError,
    'reset: settings: expected an object of settings or a query string, got number'],
  ['a setting given as an array', (lab) => lab.setLink('both', { loss: [1] }), TypeError,
    'setLink: settings.loss: expected a string, number, boolean or Uint8Array, got array'],
  ['a filter given as an array', (lab) => lab.dropNext('c2s', ['SYN']), TypeError, 'dropNext: filter: expected a string, got array'],
  ['pcap of a host given as a number', (lab) => lab.pcap(0), TypeError, 'pcap: host: expected a string, got number'],
  // wrong count
  ['too few arguments', (lab) => lab.connect('client'), TypeError,
    'connect: expected 2 or 3 arguments (host, port, localPort?), got 1'],
  ['too many arguments', (lab) => lab.close('c', 'now'), TypeError, 'close: expected 1 argument (who), got 2'],
  ['arguments to a method that takes none', (lab) => lab.now(1), TypeError, 'now: expected no arguments, got 1'],
  ['a required argument left undefined', (lab) => lab.holdNext('c2s', 'SYN', undefined), TypeError,
    'holdNext: expected 3 arguments (direction, filter, label), got 2'],
  // bad durations (the lab's side)
  ['a duration without meaning', (lab) => lab.runFor('soon'), tcplab.TcpLabError,
    "runFor: duration: expected seconds such as 1.5 or a duration such as 250ms, got 'soon'"],
  ['a negative time', (lab) => lab.rewind(-1), tcplab.TcpLabError,
    "rewind: time: expected seconds such as 1.5 or a duration such as 250ms, got '-1'"],
  ['a duration with a space', (lab) => lab.runUntil('1 s'), tcplab.TcpLabError,
    "runUntil: time: expected seconds such as 1.5 or a duration such as 250ms, got '1 s'"],
  // unknown hosts and connections
  ['an unknown host', (lab) => lab.listen('router', 80), tcplab.TcpLabError,
    "listen: host: expected a host name (client, server), got 'router'"],
  ['an unknown connection', (lab) => lab.close('nobody'), tcplab.TcpLabError,
    "close: who: expected a host (client, server) or a connection (c, l, l.1), got 'nobody'"],
  ['pcap of an unknown host', (lab) => lab.pcap('router'), tcplab.TcpLabError,
    "pcap: host: expected a host name (client, server), got 'router'"],
  ['an unknown direction', (lab) => lab.dropNext('sideways'), tcplab.TcpLabError,
    "dropNext: direction: expected client->server or server->client (or c2s, s2c), got 'sideways'"],
  // bad filters, labels, flags
  ['a bad filter', (lab) => lab.dropNext('c2s', 'XYZ'), tcplab.TcpLabError,
    "dropNext: filter: expected a segment filter such as SYN,ACK, pure ACK, data or #12, got 'XYZ'"],
  ['a label with a space', (lab) => lab.holdNext('c2s', 'SYN', 'bad label'), tcplab.TcpLabError,
    "holdNext: label: expected a label such as old (letters, digits, '-', '_', '.'), got 'bad label'"],
  ['releasing what is not held', (lab) => lab.release('nothing'), tcplab.TcpLabError,
    "release: label: no segment is held as 'nothing'"],
  ['bad flags', (lab) => lab.inject('c', 'XYZ'), tcplab.TcpLabError,
    "inject: flags: expected control flags such as RST or SYN,ACK, got 'XYZ'"],
  // out-of-range values
  ['port 0', (lab) => lab.connect('client', 0), tcplab.TcpLabError,
    "connect: port: expected a port number from 1 to 65535, got '0'"],
  ['port 65536', (lab) => lab.listen('server', 65536), tcplab.TcpLabError,
    "listen: port: expected a port number from 1 to 65535, got '65536'"],
  ['a speed beyond 10', (lab) => lab.setSpeed(20), tcplab.TcpLabError,
    "setSpeed: x: expected a speed from 0.1 to 10, such as 2 or 0.5, got '20'"],
  // bad settings keys and values
  ['a misspelt settings key', (lab) => lab.reset({ latnecy: '10ms' }), tcplab.TcpLabError,
    "reset: settings: unknown parameter 'latnecy' (did you mean 'latency'?)"],
  ['a bad settings value', (lab) => lab.reset({ loss: '7' }), tcplab.TcpLabError,
    "reset: settings: parameter 'loss' = '7': expected a probability such as 5% or 0.05"],
  ['a setup key with a lesson', (lab) => lab.reset({ lesson: 'lost-syn', loss: '5%' }), tcplab.TcpLabError,
    "reset: settings: parameter 'loss' = '5%': ignored: the lesson 'lost-syn' sets up its own hosts, profile and link"],
  ['a lesson and a scenario', (lab) => lab.reset({ lesson: 'lost-syn', scenario: 'host a 10.0.0.1\nhost b 10.0.0.2\n' }),
    tcplab.TcpLabError, "reset: settings: parameter 'scenario': ignored: give 'lesson' or 'scenario', not both"],
  ['a scenario setting that does not parse', (lab) => lab.reset({ scenario: 'host a 10.0.0.1\nat soon close x\n' }),
    tcplab.TcpLabError, "reset: settings: parameter 'scenario': 2:4: expected a duration such as 10ms, 1.5s, 250us or 2min, got 'soon'"],
  ['an unknown lesson in the settings', (lab) => lab.reset({ lesson: 'nope' }), tcplab.TcpLabError,
    /^reset: settings: parameter 'lesson' = 'nope': no such lesson; available: abort-rst, bufferbloat, challenge-ack, /],
  ['a key setLink does not take', (lab) => lab.setLink('both', { lesson: 'x' }), tcplab.TcpLabError,
    "setLink: settings: unknown parameter 'lesson'"],
  ['a key inject does not take', (lab) => lab.inject('c', 'RST', { foo: 1 }), tcplab.TcpLabError,
    "inject: settings: unknown parameter 'foo'; inject takes seq, ack, win and data"],
  // lessons and scenarios
  ['an unknown lesson', (lab) => lab.loadLesson('nope'), tcplab.TcpLabError,
    /^loadLesson: name: no such lesson 'nope'; available: abort-rst, .*, zero-window$/],
  ['a scenario that does not parse', (lab) => lab.loadScenario('host a 10.0.0.1\nhost b 10.0.0.2\nat soon close x\n', 'bad.scenario'),
    tcplab.TcpLabError, "loadScenario: text: bad.scenario:3:4: expected a duration such as 10ms, 1.5s, 250us or 2min, got 'soon'"],
  ['a scenario without a name that does not parse', (lab) => lab.loadScenario('at soon close x\n'),
    tcplab.TcpLabError, "loadScenario: text: scenario:1:4: expected a duration such as 10ms, 1.5s, 250us or 2min, got 'soon'"],
];

for (const [what, call, type, message] of cases) {
  test(`${what}: ${type.name}, and the lab is unchanged`, () => busyLab((lab) => {
    const before = snapshot(lab);
    assert.throws(() => call(lab), (err) => {
      assert.ok(err instanceof type, `${err.name}: ${err.message}`);
      if (message instanceof RegExp) assert.match(err.message, message);
      else assert.equal(err.message, message);
      return true;
    });
    assert.deepEqual(snapshot(lab), before);
  }));
}

test('a TcpLabError names the method and is an Error', () => withLab(undefined, (lab) => {
  let err = null;
  try {
    lab.tcb('server');
  } catch (e) {
    err = e;
  }
  assert.ok(err instanceof tcplab.TcpLabError);
  assert.ok(err instanceof Error);
  assert.equal(err.name, 'TcpLabError');
  assert.equal(err.method, 'tcb');
  assert.equal(err.message, 'tcb: who: server has no connection yet');
}));

test('the lab still works after each kind of error', () => busyLab((lab) => {
  for (const [, call] of cases) {
    try { call(lab); } catch { /* expected */ }
  }
  assert.deepEqual(lab.states(), { client: 'ESTABLISHED', server: 'ESTABLISHED' });
  lab.runFor(1);
  assert.equal(lab.tcb('l.1').rcv_nxt - lab.tcb('l.1').irs, 1 + 'in flight'.length);
}));

test('the C++ side gives the same count errors as the JS side, for a raw caller', () => {
  const raw = new tcplab.LabApi('');
  try {
    assert.equal(raw.call('connect', ['client']), '{"error":"connect: expected 2 or 3 arguments (host, port, localPort?), got 1"}');
    assert.equal(raw.call('now', ['1']), '{"error":"now: expected no arguments, got 1"}');
    assert.equal(raw.call('nope', []), `{"error":"unknown method 'nope' (did you mean 'now'?)"}`);
    // Not an array of strings: answered, never thrown through the wasm frames.
    assert.equal(raw.call('now', [1]), '{"error":"call: args: expected an array of strings"}');
    assert.equal(raw.call('now', 'x'), '{"error":"call: args: expected an array of strings"}');
    assert.equal(raw.pcap('x'), "pcap: host: expected a host name (client, server), got 'x'");
    assert.deepEqual(raw.call('lessons', []), '{"ok":[]}', 'no lessons directory, no lessons');
  } finally {
    raw.delete();
  }
});

test('listener errors: unknown event types and non-functions are TypeErrors', () => withLab(undefined, (lab) => {
  assert.throws(() => lab.on('stateChange', () => {}), {
    name: 'TypeError',
    message: "on: type: expected one of record, stateChanged, segmentSent, segmentArrived, segmentLost, timerFired, " +
      "scenarioFinished, reset, rewind, questionAnswered, lessonCompleted, statement, got 'stateChange'",
  });
  assert.throws(() => lab.once('record', 5), { name: 'TypeError', message: 'once: listener: expected a function, got number' });
  assert.throws(() => tcplab.createLab(5), {
    name: 'TypeError', message: 'createLab: options: expected an object of settings or a query string, got number',
  });
  assert.throws(() => tcplab.createLab({ loss: 'much' }), {
    name: 'TcpLabError', message: "reset: settings: parameter 'loss' = 'much': expected a probability such as 5% or 0.05",
  });
}));
