// The simulator's speed as WebAssembly under Node against the native build:
// the same bulk transfer (bench/ns3/run.sh's NewReno run: 10 Mbit/s, 20 ms,
// 100-packet queue, 1% loss, 60 s), tcplab_bench native and tcplab_bench.js
// (the web build's), alternated in one run; prints each run's segments per
// wall-clock second, the medians and wasm/native.
// Usage: node bench/wasm_bench.mjs [--seconds N] [--repeat K]
//   needs build/native/tcplab_bench and build/web-cmake/tcplab_bench.js
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(name);
  if (i < 0) return fallback;
  const v = Number(args[i + 1]);
  if (!Number.isInteger(v) || v <= 0) {
    console.error(`wasm_bench: ${name} needs a positive whole number, got '${args[i + 1]}'`);
    process.exit(2);
  }
  return v;
};
const seconds = opt('--seconds', 60);
const repeat = opt('--repeat', 5);
const native = 'build/native/tcplab_bench';
const wasm = 'build/web-cmake/tcplab_bench.js';
for (const f of [native, wasm])
  if (!existsSync(f)) {
    console.error(`wasm_bench: ${f} is missing (build the native and web presets first)`);
    process.exit(1);
  }

const runArgs = [String(seconds), '--bandwidth', '10', '--latency', '20', '--queue', '100', '--mss', '1448',
  '--loss', '0.01', '--profile', 'rfc9293', '--summary'];
const rate = (line) => {
  const m = / packets_per_wall_s=(\d+)/.exec(line);
  if (!m) throw new Error(`no packets_per_wall_s in '${line.trim()}'`);
  return Number(m[1]);
};
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const got = { native: [], wasm: [] };
for (let i = 0; i < repeat; i++) {
  got.native.push(rate(execFileSync(native, runArgs, { encoding: 'utf8' })));
  got.wasm.push(rate(execFileSync(process.execPath, [wasm, ...runArgs], { encoding: 'utf8' })));
}
console.log(`native segments/wall-s: ${got.native.join(' ')}`);
console.log(`wasm   segments/wall-s: ${got.wasm.join(' ')}`);
const n = median(got.native);
const w = median(got.wasm);
console.log(`median native ${n}, wasm ${w}: wasm/native ${(w / n).toFixed(2)}`);
