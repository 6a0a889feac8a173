// Determinism across builds: every lesson (and a scenario using every random
// fault) gives the same trace digest in the wasm core as in the native CLI.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);
const createTcpLab = require(join(root, 'build/web/tcplab-core.js'));
const lab = await createTcpLab();
const native = join(root, 'build/native/tcplab');

const scenarios = [
  ...readdirSync(join(root, 'scenarios')).filter((f) => f.endsWith('.scenario')).map((f) => join('scenarios', f)),
  join('tests', 'data', 'lossy-transfer.scenario'),
];

function nativeDigest(file) {
  let out;
  try {
    out = execFileSync(native, ['run', file, '--quiet', '--digest'], { cwd: root, encoding: 'utf8' });
  } catch (e) {
    out = e.stdout;  // a failing expectation still prints the digest
  }
  const m = /^digest ([0-9a-f]{16})$/m.exec(out);
  assert.ok(m, `no digest in the output of tcplab run ${file}`);
  return m[1];
}

for (const file of scenarios) {
  test(`${file}: the wasm trace digest equals the native one`, () => {
    const text = readFileSync(join(root, file), 'utf8');
    const result = lab.runScenario(text, file);
    assert.equal(result.error, undefined);
    assert.equal(result.digest, nativeDigest(file));
    assert.equal(lab.traceDigest(text, file), result.digest);
  });
}

test('a scenario with a mistake reports file:line:column', () => {
  const result = lab.runScenario('host a 10.0.0.1\nhost b 10.0.0.2\nat soon close x\n', 'bad.scenario');
  assert.match(result.error, /^bad\.scenario:3:4: expected a duration/);
});

test('the lessons pass in the wasm core too', () => {
  for (const file of scenarios.filter((f) => f.startsWith('scenarios'))) {
    const result = lab.runScenario(readFileSync(join(root, file), 'utf8'), file);
    assert.equal(result.failures, 0, `${file}: ${result.failures} expectations failed`);
  }
});
