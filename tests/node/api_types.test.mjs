// The TypeScript declarations (web/tcplab.d.ts) against the API: a course
// author's script type-checks under --strict, and every method the C++ side
// knows is a function on a Lab and declared for TypeScript.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);
const tcplab = await require(join(root, 'build/web/tcplab-core.js'))();
const declarations = readFileSync(join(root, 'web/tcplab.d.ts'), 'utf8');

// tools/setup.sh installs it (Debian package node-typescript).
const tsc = ['/usr/bin/tsc', '/usr/local/bin/tsc'].find((p) => existsSync(p));

test('tests/node/api_types.ts type-checks with tsc --strict', () => {
  assert.ok(tsc, 'tsc not found: install the Debian package node-typescript (tools/setup.sh does)');
  try {
    execFileSync(tsc, ['--noEmit', '--strict', '--target', 'es2018', '--module', 'commonjs', '--lib', 'es2018,dom',
      'tests/node/api_types.ts'], { cwd: root, encoding: 'utf8', stdio: 'pipe' });
  } catch (e) {
    assert.fail(`tsc found errors:\n${e.stdout}${e.stderr}`);
  }
});

test('tsc rejects a wrong call against the declarations (the check can fail)', () => {
  assert.ok(tsc, 'tsc not found: install the Debian package node-typescript (tools/setup.sh does)');
  const source = join(mkdtempSync(join(tmpdir(), 'tcplab-types-')), 'wrong.ts');
  writeFileSync(source, `import createTcpLab = require('${join(root, 'web/tcplab-core.js')}');\n` +
    'export function f(lab: createTcpLab.Lab): number { return lab.state("client"); }\n');
  let out = '';
  try {
    execFileSync(tsc, ['--noEmit', '--strict', '--target', 'es2018', '--module', 'commonjs', source],
      { cwd: root, encoding: 'utf8', stdio: 'pipe' });
  } catch (e) {
    out = e.stdout;
  }
  assert.match(out, /wrong\.ts\(2,\d+\): error TS2322: Type '.*' is not assignable to type 'number'/);
});

test('every method of LabApi::methods() is a function on a Lab and declared in tcplab.d.ts', () => {
  const lab = tcplab.createLab();
  const methods = tcplab.apiMethods();
  assert.ok(methods.length >= 30, `only ${methods.length} methods`);
  for (const { name } of methods) {
    assert.equal(typeof lab[name], 'function', `Lab.${name} is missing`);
    assert.match(declarations, new RegExp(`^    ${name}\\(`, 'm'), `tcplab.d.ts does not declare Lab.${name}`);
  }
  lab.delete();
});

test("the JS layer's parameter names and optional marks are LabApi::methods()'", () => {
  const js = new Map(tcplab.labMethods.map((m) => [m.name, m.params.join(', ')]));
  const cpp = new Map(tcplab.apiMethods().map((m) => [m.name, m.params]));
  assert.deepEqual([...js.keys()], [...cpp.keys()]);
  for (const [name, params] of cpp) assert.equal(js.get(name), params, name);
});

test('the JavaScript-only methods and every event are declared too', () => {
  for (const name of ['pcap', 'trace', 'on', 'once', 'off', 'pump', 'delete']) {
    assert.match(declarations, new RegExp(`^    ${name}[(<]`, 'm'), `tcplab.d.ts does not declare Lab.${name}`);
  }
  for (const type of tcplab.labEvents) {
    assert.match(declarations, new RegExp(`^    ${type}: `, 'm'), `tcplab.d.ts has no event '${type}'`);
  }
});

// The keys an interface of tcplab.d.ts declares ("    latency?: Duration;").
function declaredKeys(name) {
  const body = new RegExp(`interface ${name}\\b[^{]*\\{([^}]*)\\}`).exec(declarations);
  assert.ok(body, `no interface ${name} in tcplab.d.ts`);
  return [...body[1].matchAll(/^ {4}(\w+)\?:/gm)].map((m) => m[1]);
}

test('every settings key tcplab.d.ts declares is one the lab knows', () => {
  const link = declaredKeys('LinkSettings');
  const keys = [...declaredKeys('Settings').filter((k) => k !== 'c2s' && k !== 's2c'), ...link,
    ...link.map((k) => `c2s.${k}`), ...link.map((k) => `s2c.${k}`)];
  assert.equal(keys.length, 51, keys.join(' '));  // issue 14 declared congestion, lane, graph, sender, compare
  const lab = tcplab.createLab();
  for (const key of keys) {
    // A value no key takes: the error names the key as known, never 'unknown parameter'.
    assert.throws(() => lab.reset(`${key}=%01`), (e) => e.message.startsWith(`reset: settings: parameter '${key}'`), key);
  }
  lab.delete();
});
