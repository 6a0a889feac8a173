#!/usr/bin/env node
// A TCP Lab autograder: copy it, adapt it, run it in CI.
//
//   node examples/autograder.mjs SCENARIO [--client STATE] [--server STATE] [--module PATH]
//
// SCENARIO is a scenario file (docs/scenario-format.md) a student wrote, or
// the name of a built-in lesson ("lost-syn"). The script runs it to its end,
// prints every expectation as PASS or FAIL, prints both endpoints' final
// states and, with --client / --server, checks them too. Exit code 0 when
// everything passed, 1 otherwise (a failed check or a file that does not
// parse or cannot be read; the message says which).
//
// The lab module is build/web/tcplab-core.js of a TCP Lab build (one file,
// the WebAssembly inside); --module or TCPLAB_MODULE points elsewhere.
import { createRequire } from 'node:module';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const usage = 'usage: autograder.mjs SCENARIO|LESSON [--client STATE] [--server STATE] [--module PATH]';

function parseArgs(argv) {
  const opts = { expect: {}, module: process.env.TCPLAB_MODULE };
  const rest = [];
  for (let i = 0; i < argv.length; ++i) {
    const flag = argv[i];
    if (flag === '--client' || flag === '--server' || flag === '--module') {
      if (i + 1 >= argv.length) throw new Error(`${flag} needs a value\n${usage}`);
      if (flag === '--module') opts.module = argv[++i];
      else opts.expect[flag.slice(2)] = argv[++i];
    } else if (flag.startsWith('--')) {
      throw new Error(`unknown option ${flag}\n${usage}`);
    } else {
      rest.push(flag);
    }
  }
  if (rest.length !== 1) throw new Error(usage);
  opts.scenario = rest[0];
  return opts;
}

function readText(path) {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    throw new Error(`cannot read ${path}: ${err.code === 'ENOENT' ? 'no such file' : err.message}`);
  }
}

async function main(argv) {
  const opts = parseArgs(argv);
  const here = dirname(fileURLToPath(import.meta.url));
  const modulePath = resolve(opts.module || `${here}/../build/web/tcplab-core.js`);
  if (!existsSync(modulePath)) throw new Error(`no TCP Lab module at ${modulePath} (build it, or pass --module)`);
  const createTcpLab = createRequire(import.meta.url)(modulePath);
  const tcplab = await createTcpLab();
  const lab = tcplab.createLab();
  try {
    // A path to a file, or else the name of one of the lab's lessons.
    const isFile = existsSync(opts.scenario) || /[/\\]|\.scenario$/.test(opts.scenario);
    // The path is the scenario's name: errors read PATH:LINE:COL: ...
    const info = isFile ? lab.loadScenario(readText(opts.scenario), opts.scenario) : lab.loadLesson(opts.scenario);
    console.log(`${opts.scenario}: ${info.description}`);

    let failed = 0;
    for (const r of lab.runToEnd()) {
      if (!r.passed) ++failed;
      console.log(`${r.passed ? 'PASS' : 'FAIL'}  line ${r.line}: ${r.text}${r.passed ? '' : `  (saw ${r.seen})`}`);
    }

    // The endpoints as the run left them: a host stands for its newest connection.
    const states = lab.states();
    for (const host of ['client', 'server']) {
      const want = opts.expect[host];
      const ok = want === undefined || states[host] === want.toUpperCase().replace(/_/g, '-');
      if (!ok) ++failed;
      console.log(`${want === undefined ? 'INFO' : ok ? 'PASS' : 'FAIL'}  ${host} ends in ${states[host]}` +
        (want === undefined || ok ? '' : ` (expected ${want})`));
    }
    console.log(failed === 0 ? 'all passed' : `${failed} failed`);
    return failed === 0 ? 0 : 1;
  } finally {
    lab.delete();
  }
}

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (err) => {
    // A TcpLabError (a scenario that does not parse, an unknown lesson) or a
    // file that cannot be read: one line, no stack.
    console.error(`autograder: ${err.message}`);
    process.exitCode = 1;
  });
