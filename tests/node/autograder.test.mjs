// examples/autograder.mjs, run as a teacher runs it: on a passing and a
// failing scenario, a lesson by name, and files that cannot be graded.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { root, modulePath } from './lab_module.mjs';

const dir = mkdtempSync(join(tmpdir(), 'tcplab-autograder-'));
function scenarioFile(name, text) {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

function grade(...args) {
  const run = spawnSync(process.execPath, [join(root, 'examples/autograder.mjs'), ...args],
    { cwd: root, encoding: 'utf8', timeout: 60000 });
  return { code: run.status, out: run.stdout, err: run.stderr };
}

const HOMEWORK = `description The student's four-way close.
host client 10.0.0.1
host server 10.0.0.2
at 0ms listen server:80 as l
at 0ms connect client:40000 to server:80 as c
at 100ms close c
at 200ms close l.1
expect c transition FIN-WAIT-2 -> TIME-WAIT
expect l.1 state CLOSED
run until 2s
`;

test('a passing scenario: every line PASS, both final states checked, exit 0', () => {
  const r = grade(scenarioFile('good.scenario', HOMEWORK), '--client', 'TIME-WAIT', '--server', 'CLOSED');
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /: The student's four-way close\.\n/);
  assert.match(r.out, /^PASS {2}line 8: expect c transition FIN-WAIT-2 -> TIME-WAIT$/m);
  assert.match(r.out, /^PASS {2}line 9: expect l\.1 state CLOSED$/m);
  assert.match(r.out, /^PASS {2}client ends in TIME-WAIT$/m);
  assert.match(r.out, /^PASS {2}server ends in CLOSED$/m);
  assert.match(r.out, /^all passed$/m);
});

test('a failing scenario: the failing line says what was seen, exit 1', () => {
  const r = grade(scenarioFile('bad.scenario', HOMEWORK.replace('expect l.1 state CLOSED', 'expect l.1 state LAST-ACK')));
  assert.equal(r.code, 1);
  assert.match(r.out, /^PASS {2}line 8: /m);
  assert.match(r.out, /^FAIL {2}line 9: expect l\.1 state LAST-ACK {2}\(saw CLOSED at .*\)$/m);
  assert.match(r.out, /^1 failed$/m);
});

test('a wrong final state fails the run even when the expectations pass', () => {
  const r = grade(scenarioFile('good.scenario', HOMEWORK), '--client', 'CLOSED');
  assert.equal(r.code, 1);
  assert.match(r.out, /^FAIL {2}client ends in TIME-WAIT \(expected CLOSED\)$/m);
});

test('a built-in lesson by name, the module path given explicitly', () => {
  const r = grade('lost-syn', '--module', modulePath);
  assert.equal(r.code, 0, r.err);
  assert.equal((r.out.match(/^PASS {2}line /gm) || []).length, 7);
});

test('a file that does not parse: one clear line naming file, line and column, exit 1', () => {
  const file = scenarioFile('typo.scenario', 'host client 10.0.0.1\nhost server 10.0.0.2\nat soon close c\n');
  const r = grade(file);
  assert.equal(r.code, 1);
  assert.equal(r.out, '');
  assert.equal(r.err, `autograder: loadScenario: text: ${file}:3:4: expected a duration such as 10ms, 1.5s, 250us or 2min, got 'soon'\n`);
});

test('a missing file, an unknown lesson, no arguments: exit 1 with the reason', () => {
  const missing = join(dir, 'missing.scenario');
  assert.deepEqual(grade(missing), { code: 1, out: '', err: `autograder: cannot read ${missing}: no such file\n` });
  const lesson = grade('no-such-lesson');
  assert.equal(lesson.code, 1);
  assert.match(lesson.err, /^autograder: loadLesson: name: no such lesson 'no-such-lesson'; available: abort-rst, /);
  const none = grade();
  assert.equal(none.code, 1);
  assert.match(none.err, /^autograder: usage: autograder\.mjs SCENARIO\|LESSON/);
});
