// The JavaScript API (web/tcplab_api.js over core/lab/lab_api.h) on real runs:
// every method's happy path, with the exact states, segments and timers the
// lab's default setup gives (latency 250 ms each way, MSL 5 s, seed 1).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { tcplab, root, withLab, openPair, records, pcapPackets } from './lab_module.mjs';

const LATENCY = 250000;  // µs, the lab's default one-way delay

test('handshake: the states after each event', () => withLab(undefined, (lab) => {
  assert.deepEqual(openPair(lab), { listener: 'l', client: 'c' });
  assert.deepEqual(lab.states(), { client: 'SYN-SENT', server: 'LISTEN' });
  assert.deepEqual(lab.step(), { t: 0.25, more: true });
  assert.deepEqual(lab.states(), { client: 'SYN-SENT', server: 'SYN-RECEIVED' });
  assert.equal(lab.state('l'), 'LISTEN');  // the listener stays; l.1 is the new connection
  assert.equal(lab.state('l.1'), 'SYN-RECEIVED');
  assert.equal(lab.runFor('250ms'), 0.5);
  assert.deepEqual(lab.states(), { client: 'ESTABLISHED', server: 'SYN-RECEIVED' });
  assert.equal(lab.runFor(0.25), 0.75);
  assert.deepEqual(lab.states(), { client: 'ESTABLISHED', server: 'ESTABLISHED' });
}));

test('handshake: SYN, SYN,ACK, ACK with their sequence numbers', () => withLab(undefined, (lab) => {
  openPair(lab);
  lab.runFor(1);
  const client = lab.tcb('c');
  const server = lab.tcb('l.1');
  const segs = records(lab, 'segment').map((s) => [s.t, s.from, s.flags, s.seq, s.ack, s.len, s.retransmission]);
  assert.deepEqual(segs, [
    [0, 'client', 'SYN', client.iss, 0, 1, false],
    [LATENCY, 'server', 'SYN,ACK', server.iss, client.iss + 1, 1, false],
    [2 * LATENCY, 'client', 'ACK', client.iss + 1, server.iss + 1, 0, false],
  ]);
  // Seed 1 makes the initial sequence numbers part of the run.
  assert.equal(client.iss, 65399602);
  assert.equal(server.iss, 1646543200);
  assert.equal(client.irs, server.iss);
  assert.equal(server.irs, client.iss);
  assert.equal(client.snd_una, client.iss + 1);
  assert.equal(client.snd_nxt, client.iss + 1);
  assert.equal(server.rcv_nxt, client.iss + 1);
  assert.equal(client.state, 'ESTABLISHED');
  assert.equal(client.local, '10.0.0.1:40000');
  assert.equal(client.remote, '10.0.0.2:80');
}));

test('handshake: the timers, with exact remaining times', () => withLab(undefined, (lab) => {
  openPair(lab);
  const entry = (conn, host, timer, remaining, duration) => ({ conn, host, timer, remaining, duration, backoff: 0 });
  assert.deepEqual(lab.timers(), [entry('c', 'client', 'retransmit', 1, 1), entry('c', 'client', 'user-timeout', 300, 300)]);
  lab.step();
  assert.deepEqual(lab.timers('c'), [entry('c', 'client', 'retransmit', 0.75, 1), entry('c', 'client', 'user-timeout', 299.75, 300)]);
  assert.deepEqual(lab.timers('server'), [entry('l.1', 'server', 'retransmit', 1, 1), entry('l.1', 'server', 'user-timeout', 300, 300)]);
  lab.runFor(0.5);
  assert.deepEqual(lab.timers(), [], 'an established, idle pair runs no timer');
}));

test('a lost SYN is sent again when the 1 s RTO fires', () => withLab(undefined, (lab) => {
  assert.equal(lab.dropNext('client->server', 'SYN'), null);
  openPair(lab);
  lab.runFor(3);
  const syns = records(lab, 'segment', (s) => s.flags === 'SYN').map((s) => [s.t, s.retransmission, s.seq]);
  const iss = lab.tcb('c').iss;
  assert.deepEqual(syns, [[0, false, iss], [1000000, true, iss]]);
  assert.deepEqual(records(lab, 'fate', (f) => f.id === 1).map((f) => f.fate), ['dropped']);
  assert.deepEqual(records(lab, 'timer', (t) => t.event === 'fired').map((t) => [t.t, t.conn, t.timer]),
    [[1000000, 'c', 'retransmit']]);
  assert.deepEqual(lab.states(), { client: 'ESTABLISHED', server: 'ESTABLISHED' });
}));

// The client closes first, so the client waits in TIME-WAIT for 2·MSL.
function closeBoth(lab) {
  openPair(lab);
  lab.runFor(1);
  assert.equal(lab.close('c'), null);
  lab.runFor(1);
  assert.deepEqual(lab.states(), { client: 'FIN-WAIT-2', server: 'CLOSE-WAIT' });
  assert.equal(lab.close('server'), null);
  lab.runFor(1);
  assert.deepEqual(lab.states(), { client: 'TIME-WAIT', server: 'CLOSED' });
}

test('TIME-WAIT lasts 2·MSL: 10 s with the lab MSL of 5 s', () => withLab(undefined, (lab) => {
  closeBoth(lab);
  assert.equal(lab.settings().time_wait, 10);
  const [timer] = lab.timers('c');
  assert.equal(timer.timer, 'time-wait');
  assert.equal(timer.duration, 10);
  lab.runFor(20);
  const [entered, left] = records(lab, 'state', (s) => s.conn === 'c' && (s.to === 'TIME-WAIT' || s.from === 'TIME-WAIT'));
  assert.equal(left.to, 'CLOSED');
  assert.equal(left.t - entered.t, 10000000);
  assert.deepEqual(lab.states(), { client: 'CLOSED', server: 'CLOSED' });
}));

test('TIME-WAIT follows the msl setting: 2 s with msl=1s', () => withLab({ msl: '1s' }, (lab) => {
  closeBoth(lab);
  assert.equal(lab.settings().msl, 1);
  assert.equal(lab.timers('c')[0].duration, 2);
}));

test('rewind, then run to the same time: the same trace digest', () => withLab(undefined, (lab) => {
  closeBoth(lab);
  const digest = lab.digest();
  const end = lab.now();
  assert.match(digest, /^[0-9a-f]{16}$/);
  assert.equal(lab.rewind(0.8), 0.8);
  assert.equal(lab.now(), 0.8);
  assert.notEqual(lab.digest(), digest);
  assert.deepEqual(lab.states(), { client: 'ESTABLISHED', server: 'ESTABLISHED' });
  assert.equal(lab.runUntil(end), end);
  assert.equal(lab.digest(), digest);
}));

test('runUntil never goes backwards; step reports when nothing is left', () => withLab(undefined, (lab) => {
  openPair(lab);
  assert.equal(lab.runUntil('2s'), 2);
  assert.equal(lab.runUntil(1), 2);
  assert.deepEqual(lab.step(), { t: 2, more: false });
}));

test('lessons: every file in scenarios/, by name', () => withLab(undefined, (lab) => {
  // Sorted by file name: lost-syn-ack.scenario before lost-syn.scenario.
  const files = readdirSync(join(root, 'scenarios')).filter((f) => f.endsWith('.scenario')).sort().map((f) => f.slice(0, -9));
  // The twenty of the handshake and close, the guided handshake (issue 16) and the data transfer lessons.
  assert.ok(files.length >= 32, files.join(', '));
  assert.ok(files.includes('slow-start') && files.includes('lost-syn'), files.join(', '));
  const lessons = lab.lessons();
  assert.deepEqual(lessons.map((l) => l.name), files);
  for (const l of lessons) assert.ok(l.description.length > 20, `${l.name} has no description`);
}));

test('loadLesson and runToEnd: a lesson passes', () => withLab(undefined, (lab) => {
  const info = lab.loadLesson('lost-syn');
  assert.equal(info.name, 'lost-syn');
  assert.match(info.description, /^The first two SYNs are lost/);
  assert.deepEqual(info.expectations[0], { line: 21, text: 'expect segment client->server SYN count 3' });  // after the lesson's Chinese title and description
  assert.equal(lab.results(), null);
  const results = lab.runToEnd();
  assert.equal(results.length, info.expectations.length);
  assert.ok(results.every((r) => r.passed), JSON.stringify(results));
  assert.deepEqual(results[0], {
    line: 21, text: 'expect segment client->server SYN count 3', passed: true,
    seen: '3 matching (#1 at 0.000ms, #2 at 1000.000ms, #3 at 3000.000ms)',
  });
  assert.deepEqual(lab.results(), results);
  assert.equal(lab.settings().lesson, 'lost-syn');
}));

const HOMEWORK = `description Two expectations hold, two do not.
host client 10.0.0.1
host server 10.0.0.2
at 0ms listen server:80 as l
at 0ms connect client:40000 to server:80 as c
expect c state ESTABLISHED
expect c state CLOSED
expect segment client->server SYN count 1
expect l.1 delivered 5 bytes
`;

test('loadScenario: results name each expectation, failing ones with what was seen', () => withLab(undefined, (lab) => {
  assert.deepEqual(lab.loadScenario(HOMEWORK, 'homework'), {
    name: 'homework',
    description: 'Two expectations hold, two do not.',
    expectations: [
      { line: 6, text: 'expect c state ESTABLISHED' },
      { line: 7, text: 'expect c state CLOSED' },
      { line: 8, text: 'expect segment client->server SYN count 1' },
      { line: 9, text: 'expect l.1 delivered 5 bytes' },
    ],
  });
  assert.deepEqual(lab.runToEnd(), [
    { line: 6, text: 'expect c state ESTABLISHED', passed: true, seen: 'ESTABLISHED at 30.000ms' },
    { line: 7, text: 'expect c state CLOSED', passed: false, seen: 'ESTABLISHED at 30.000ms' },
    { line: 8, text: 'expect segment client->server SYN count 1', passed: true, seen: '1 matching (#1 at 0.000ms)' },
    { line: 9, text: 'expect l.1 delivered 5 bytes', passed: false, seen: '0 bytes' },
  ]);
  assert.equal(lab.now(), 0.03, 'the run ends once nothing is left to happen');
}));

test('pcap: the classic pcap magic, LINKTYPE_RAW, one packet per segment the host saw', () => withLab(undefined, (lab) => {
  openPair(lab);
  lab.runFor(1);
  const file = lab.pcap('client');
  assert.ok(file instanceof Uint8Array);
  assert.deepEqual([...file.subarray(0, 4)], [0xd4, 0xc3, 0xb2, 0xa1]);
  assert.equal(new DataView(file.buffer).getUint32(20, true), 101, 'LINKTYPE_RAW');
  const packets = pcapPackets(file);
  // SYN sent at 0, SYN,ACK received at 250 ms, ACK sent at 250 ms.
  assert.deepEqual(packets.map((p) => p.ts), [0, LATENCY * 2, LATENCY * 2]);
  const tcpFlags = packets.map((p) => p.bytes[20 + 13]);
  assert.deepEqual(tcpFlags, [0x02, 0x12, 0x10]);
  assert.equal(packets[0].bytes[0], 0x45, 'IPv4, 20-octet header');
  assert.deepEqual(lab.pcap(), file, 'the first host by default');
  assert.equal(pcapPackets(lab.pcap('server')).length, 3);
}));

test('send: text and bytes reach the peer; reading(false) lets them queue', () => withLab(undefined, (lab) => {
  openPair(lab);
  lab.runFor(1);
  assert.equal(lab.reading('server', false), null);
  assert.equal(lab.send('c', 'hello'), null);
  assert.equal(lab.send('client', new Uint8Array([0, 1, 0xff])), null);
  lab.runFor(1);
  assert.deepEqual(records(lab, 'segment', (s) => s.payload > 0).map((s) => s.payload), [5, 3]);
  const server = lab.tcb('l.1');
  assert.equal(server.rcv_nxt - server.irs, 1 + 8);
  assert.equal(server.receive_queued, 8);
  assert.equal(server.rcv_wnd, 65535 - 8);
  // The bytes as sent: the last segment's payload ends 00 01 ff.
  const last = records(lab, 'segment', (s) => s.payload === 3)[0];
  assert.match(last.bytes, /0001ff$/);
}));

test('close and abort: null, or the RFC error text when TCP refuses', () => withLab(undefined, (lab) => {
  openPair(lab);
  lab.runFor(1);
  const sndNxt = lab.tcb('c').snd_nxt;
  assert.equal(lab.abort('c'), null);
  // RFC 9293 §3.10.5: ABORT in ESTABLISHED sends <SEQ=SND.NXT><CTL=RST>.
  const rst = records(lab, 'segment').slice(-1)[0];
  assert.deepEqual([rst.from, rst.flags, rst.seq], ['client', 'RST', sndNxt]);
  assert.equal(lab.send('c', 'x'), 'connection does not exist');
  assert.equal(lab.close('c'), 'connection does not exist');
  lab.runFor(1);
  assert.deepEqual(lab.states(), { client: 'CLOSED', server: 'CLOSED' });
}));

test('holdNext and release: a segment kept off the wire arrives when released', () => withLab(undefined, (lab) => {
  openPair(lab);
  lab.runFor(1);
  assert.equal(lab.holdNext('c2s', 'data', 'old'), null);
  lab.send('c', 'abc');
  lab.runFor(1);
  assert.equal(lab.tcb('l.1').rcv_nxt - lab.tcb('l.1').irs, 1);
  assert.equal(lab.release('old'), null);
  lab.runFor(1);
  assert.equal(lab.tcb('l.1').rcv_nxt - lab.tcb('l.1').irs, 4);
  const data = records(lab, 'segment', (s) => s.payload === 3)[0];
  assert.deepEqual(records(lab, 'fate', (f) => f.id === data.id).map((f) => f.fate), ['held', 'released', 'delivered']);
}));

test('dropInFlight and holdInFlight: the id of the segment taken, or null', () => withLab(undefined, (lab) => {
  openPair(lab);
  lab.runFor(1);
  assert.equal(lab.dropInFlight('c2s'), null, 'nothing on the wire');
  lab.send('c', 'zz');
  lab.runFor(0.1);
  const id = lab.dropInFlight('client->server', 'data');
  assert.equal(typeof id, 'number');
  assert.deepEqual(records(lab, 'fate', (f) => f.id === id).map((f) => f.fate), ['dropped']);
  // The RTO resends 'zz' and its ACK comes back: with nothing unacknowledged
  // Nagle's algorithm sends the next small write at once.
  lab.runFor(2);
  lab.send('c', 'yy');
  lab.runFor(0.1);
  const held = lab.holdInFlight('c2s', 'data', 'later');
  assert.equal(records(lab, 'segment', (s) => s.id === held)[0].payload, 2);
  assert.equal(lab.holdInFlight('s2c', 'data', 'none'), null);
}));

test('setLink changes one direction or both', () => withLab(undefined, (lab) => {
  assert.equal(lab.setLink('c2s', { latency: '20ms', loss: '50%' }), null);
  assert.equal(lab.setLink('both', 'mtu=576'), null);
  const link = lab.settings().link;
  assert.equal(link['client->server'].latency, 0.02);
  assert.equal(link['client->server'].loss, 0.5);
  assert.equal(link['server->client'].latency, 0.25);
  assert.equal(link['server->client'].mtu, 576);
}));

test('inject: a crafted RST resets the connection', () => withLab(undefined, (lab) => {
  openPair(lab);
  lab.runFor(1);
  assert.equal(lab.inject('c', 'RST', { seq: 'rcv_nxt' }), null);
  lab.runFor(1);
  const rst = records(lab, 'segment', (s) => s.origin === 'injected');
  assert.equal(rst.length, 1);
  assert.equal(rst[0].flags, 'RST');
  assert.equal(rst[0].seq, lab.tcb('l.1').snd_nxt);
  assert.equal(lab.state('c'), 'CLOSED');
}));

test('inject: data as bytes, window and sequence expressions', () => withLab(undefined, (lab) => {
  openPair(lab);
  lab.runFor(1);
  const rcvNxt = lab.tcb('l.1').rcv_nxt;
  assert.equal(lab.inject('server', 'PSH,ACK', { seq: 'rcv_nxt', win: 1000, data: new Uint8Array([0x41, 0x42]) }), null);
  lab.runFor(1);
  const [seg] = records(lab, 'segment', (s) => s.origin === 'injected');
  assert.deepEqual([seg.to, seg.flags, seg.seq, seg.win, seg.payload], ['server', 'PSH,ACK', rcvNxt, 1000, 2]);
  assert.match(seg.bytes, /4142$/);
  assert.equal(lab.tcb('l.1').rcv_nxt, rcvNxt + 2, 'in the window: accepted');
}));

test("play, pause and setSpeed set the page's clock, kept in settings()", () => withLab(undefined, (lab) => {
  assert.equal(lab.pause(), null);
  assert.equal(lab.settings().playing, false);
  assert.equal(lab.play(), null);
  assert.equal(lab.settings().playing, true);
  assert.equal(lab.setSpeed(2.5), null);
  assert.equal(lab.settings().speed, 2.5);
  assert.equal(lab.now(), 0, 'in Node, only step and run* move the clock');
}));

test('connections, state and tcb name every connection', () => withLab(undefined, (lab) => {
  openPair(lab);
  lab.runFor(1);
  assert.deepEqual(lab.connections(), [
    { name: 'c', host: 'client', state: 'ESTABLISHED', local: '10.0.0.1:40000', remote: '10.0.0.2:80' },
    { name: 'l', host: 'server', state: 'LISTEN', local: '10.0.0.2:80', remote: '0.0.0.0:0' },
    { name: 'l.1', host: 'server', state: 'ESTABLISHED', local: '10.0.0.2:80', remote: '10.0.0.1:40000' },
  ]);
  assert.equal(lab.state('client'), 'ESTABLISHED');
  assert.deepEqual(lab.tcb('server'), lab.tcb('l.1'), 'a host stands for its newest connection');
  // RFC 6298 §2.2, one sample R = 0.5 s (SYN to SYN,ACK): SRTT = R, RTTVAR = R/2, RTO = SRTT + 4·RTTVAR.
  const c = lab.tcb('c');
  assert.deepEqual([c.srtt, c.rttvar, c.rto], [0.5, 0.25, 1.5]);
}));

test('a host with no connection is CLOSED', () => withLab(undefined, (lab) => {
  assert.deepEqual(lab.states(), { client: 'CLOSED', server: 'CLOSED' });
  assert.equal(lab.state('server'), 'CLOSED');
}));

test('traceJsonl and trace: the same records, the world first', () => withLab(undefined, (lab) => {
  openPair(lab);
  lab.runFor(1);
  const lines = lab.traceJsonl().trimEnd().split('\n');
  const parsed = lab.trace();
  assert.equal(parsed.length, lines.length);
  assert.deepEqual(parsed, lines.map((l) => JSON.parse(l)));
  assert.equal(parsed[0].type, 'world');
  assert.equal(parsed[0].seed, '1');
}));

test('shareQuery, given to reset(), rebuilds the same run', () => withLab(undefined, (lab) => {
  lab.setLink('both', { latency: '30ms' });
  openPair(lab);
  lab.runFor(0.5);
  lab.send('c', 'hi');
  lab.runFor(0.5);
  const digest = lab.digest();
  const query = lab.shareQuery();
  assert.match(query, /^run=0@0ms\+link\+latency\+30ms;.*&t=1s$/);
  withLab(query, (other) => {
    assert.equal(other.now(), 1);
    assert.equal(other.digest(), digest);
  });
  lab.reset();
  assert.equal(lab.now(), 0);
  lab.reset(query);
  assert.equal(lab.digest(), digest);
}));

test('a scenario given as text: shareQuery carries it whole, and the copy ends as the original', () => withLab(undefined, (lab) => {
  lab.loadScenario('description Mine.\nhost client 10.0.0.1\nhost server 10.0.0.2\nlink latency 10ms\n' +
    'at 0ms listen server:80 as l\nat 0ms connect client:40000 to server:80 as c\n' +
    'expect c state FIN-WAIT-2\nexpect l.1 state CLOSE-WAIT\n', 'homework.scenario');
  lab.runFor('25ms');
  lab.send('c', 'a & b = 100% + "quoted"\n');
  lab.runFor('20ms');
  lab.close('c');
  lab.runFor('5ms');
  const query = lab.shareQuery();
  assert.match(query, /^scenario=description\+Mine\.%0Ahost\+client\+10\.0\.0\.1%0A.*&run=.*&t=50ms$/);
  assert.doesNotMatch(query, /lesson=/);
  // What a page does with the link: URLSearchParams reads the same text.
  assert.equal(new URLSearchParams(query).get('scenario').split('\n')[0], 'description Mine.');
  withLab(query, (copy) => {
    assert.equal(copy.settings().lesson, 'scenario');
    assert.equal(copy.now(), lab.now());
    assert.equal(copy.digest(), lab.digest());
    const results = lab.runToEnd();
    assert.deepEqual(results.map((r) => r.passed), [true, true]);
    assert.deepEqual(copy.runToEnd(), results);
    assert.equal(copy.now(), lab.now());
    assert.equal(copy.digest(), lab.digest());
  });
}));

test('a link made during a lesson, after a rewind, ends with the same results as the original', () => withLab(undefined, (lab) => {
  lab.loadScenario('host client 10.0.0.1\nhost server 10.0.0.2\nlink latency 10ms\nmsl 5s\n' +
    'at 0ms listen server:80 as l\nat 0ms connect client:40000 to server:80 as c\n' +
    'at 50ms close c\nat 50ms close l.1\nexpect c state CLOSED\nexpect l.1 state CLOSED\n');
  lab.runFor(0.3);
  lab.send('c', 'too late');
  lab.rewind(0.15);
  // Both ends in TIME-WAIT (a simultaneous close): the learner's ABORTs end the lesson at once.
  lab.abort('c');
  lab.abort('l.1');
  const results = lab.results();
  assert.deepEqual(results.map((r) => r.seen), ['CLOSED at 150.000ms', 'CLOSED at 150.000ms']);
  lab.runFor(0.1);
  const query = lab.shareQuery();
  withLab(query, (copy) => {
    assert.equal(copy.digest(), lab.digest());
    assert.deepEqual(copy.results(), results);
  });
}));

test('createLab takes settings as an object, nested per direction, or a query', () => {
  withLab({ profile: 'linux', seed: 7, delayed_ack: false, c2s: { latency: '40ms' }, 's2c.latency': 0.06 }, (lab) => {
    const s = lab.settings();
    assert.equal(s.profile, 'linux');
    assert.equal(s.seed, '7');
    assert.equal(s.delayed_ack, false);
    assert.equal(s.link['client->server'].latency, 0.04);
    assert.equal(s.link['server->client'].latency, 0.06);
  });
  withLab('?lesson=handshake&seed=9', (lab) => {
    assert.equal(lab.settings().lesson, 'handshake');
    assert.equal(lab.settings().seed, '9', "the seed given replaces the lesson's own");
    assert.equal(lab.shareQuery(), 'lesson=handshake&seed=9');
  });
  withLab({ scenario: 'host client 10.0.0.1\nhost server 10.0.0.2\nat 1s listen server:80 as l\n' }, (lab) => {
    assert.equal(lab.settings().lesson, 'scenario');
    lab.runFor(1);
    assert.equal(lab.state('server'), 'LISTEN');
  });
});

test('reset replaces the world; settings left out go back to their defaults', () => withLab({ latency: '10ms' }, (lab) => {
  openPair(lab);
  lab.runFor(1);
  assert.equal(lab.reset(), null);
  assert.equal(lab.now(), 0);
  assert.deepEqual(lab.connections(), []);
  assert.equal(lab.settings().link['client->server'].latency, 0.25);
}));

test('apiMethods lists every method with its parameters and a summary', () => {
  const methods = tcplab.apiMethods();
  assert.deepEqual(methods.find((m) => m.name === 'connect'),
    { name: 'connect', params: 'host, port, localPort?', summary: "active OPEN to the other host; the new connection's name" });
  for (const m of methods) assert.ok(m.summary.length > 5, m.name);
});

test('a deleted lab refuses calls', () => {
  const lab = tcplab.createLab();
  lab.delete();
  lab.delete();  // twice is harmless
  assert.throws(() => lab.now(), { name: 'TcpLabError', message: 'now: this lab has been deleted' });
  assert.throws(() => lab.pcap(), { name: 'TcpLabError', message: 'pcap: this lab has been deleted' });
  assert.equal(lab.pump(), 0);
});

test('wrapLab drives a LabApi it does not own: delete() leaves it alone', () => {
  const raw = new tcplab.LabApi('/scenarios');
  const lab = tcplab.wrapLab(raw, { page: true });
  lab.listen('server', 80);
  assert.deepEqual(lab.states(), { client: 'CLOSED', server: 'LISTEN' });
  lab.delete();
  assert.equal(raw.call('state', ['server']), '{"ok":"LISTEN"}');
  raw.delete();
  assert.throws(() => tcplab.wrapLab({}), { name: 'TypeError', message: 'wrapLab: raw: expected a LabApi, got object' });
});
