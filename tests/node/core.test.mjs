// The wasm build of the core, called from Node: the same module a course
// autograder would load.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const createTcpLab = require('../../build/web/tcplab-core.js');
const lab = await createTcpLab();

test('the module names the eleven states as RFC 9293 spells them', () => {
  const names = lab.allStates().map((s) => s.name);
  assert.deepEqual(names, [
    'CLOSED', 'LISTEN', 'SYN-SENT', 'SYN-RECEIVED', 'ESTABLISHED', 'FIN-WAIT-1',
    'FIN-WAIT-2', 'CLOSE-WAIT', 'CLOSING', 'LAST-ACK', 'TIME-WAIT',
  ]);
});

test('only ESTABLISHED and later states are synchronized', () => {
  const synced = lab.allStates().filter((s) => s.synchronized).map((s) => s.name);
  assert.deepEqual(synced, ['ESTABLISHED', 'FIN-WAIT-1', 'FIN-WAIT-2', 'CLOSE-WAIT', 'CLOSING', 'LAST-ACK', 'TIME-WAIT']);
});

test('stateName answers an index and refuses one out of range', () => {
  assert.equal(lab.stateName(10), 'TIME-WAIT');
  assert.equal(lab.stateName(11), '');
  assert.equal(lab.stateName(-1), '');
});
