// A real capture through the Node module (issue 17): the same loadCapture,
// selectStream, capture() and closeCapture() the page's window.tcplab has,
// on the captures of real Linux sockets in tests/data/captures.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { root, withLab } from './lab_module.mjs';

const capture = (name) => new Uint8Array(readFileSync(join(root, 'tests/data/captures', name)));

test('loadCapture: the streams, both ends inferred, certain or assumed', () => withLab(undefined, (lab) => {
  assert.equal(lab.capture(), null);
  const info = lab.loadCapture(capture('client-closes.pcapng'), 'client-closes.pcapng');
  assert.equal(info.name, 'client-closes.pcapng');
  assert.equal(info.format, 'pcapng');
  assert.deepEqual(info.streams.map((s) => [s.index, s.a, s.b, s.packets]), [[0, '127.0.0.1:47458', '127.0.0.1:8080', 11]]);
  assert.deepEqual(info.sides, ['client', 'server']);
  assert.deepEqual(info.states, { client: { state: 'TIME-WAIT', certain: false }, server: { state: 'CLOSED', certain: false } });
  assert.deepEqual(info.inferences.filter((i) => i.side === 'client').map((i) => i.to + (i.certain ? '' : '?')),
    ['SYN-SENT', 'ESTABLISHED', 'FIN-WAIT-1', 'FIN-WAIT-2?', 'TIME-WAIT?']);
  assert.deepEqual(lab.capture(), info);
  assert.equal(lab.closeCapture(), null);
  assert.equal(lab.capture(), null);
}));

test('selectStream and the same bytes as hex text', () => withLab(undefined, (lab) => {
  const bytes = capture('reuse.pcapng');
  const hex = '0x' + Buffer.from(bytes).toString('hex');
  assert.equal(lab.loadCapture(hex, 'reuse.pcapng').stream, 0);
  const second = lab.selectStream(1);
  assert.equal(second.stream, 1);
  assert.equal(second.inferences[0].frame, 9);
  assert.throws(() => lab.selectStream(5), { name: 'TcpLabError', message: 'selectStream: reuse.pcapng: no stream 5 (it has 2, numbered from 0)' });
}));

test('bad files throw naming the file and the packet; the open capture stays', () => withLab(undefined, (lab) => {
  lab.loadCapture(capture('client-closes.pcapng'), 'client-closes.pcapng');
  assert.throws(() => lab.loadCapture(capture('cut-short.pcapng'), 'cut-short.pcapng'), {
    name: 'TcpLabError',
    message: 'loadCapture: cut-short.pcapng: packet 5: its pcapng block at byte 672 is cut short: 100 bytes announced, 28 left (at byte 672)',
  });
  assert.equal(lab.capture().name, 'client-closes.pcapng');
  assert.throws(() => lab.loadCapture(42), { name: 'TypeError', message: 'loadCapture: bytes: expected a string or Uint8Array, got number' });
}));
