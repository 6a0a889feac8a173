// Page weight and start (issue 18): every file the English page loads
// (public/index.html and what it references, as served from build/web) with
// its size and its gzip -9 size, the total, the one-file lab
// (build/web-single/tcplab.html), and how long headless Chromium takes from
// navigation to window.tcplab (median of --loads runs).
// Usage: node bench/page_weight.mjs [--loads N] [--no-browser] [--dir SITE] [--single FILE]   (after the web build)
import { readFileSync, existsSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { startServer } from '../tools/serve.mjs';
import { launchChromium } from '../tests/browser/chromium.mjs';

const args = process.argv.slice(2);
const loadsAt = args.indexOf('--loads');
const loads = loadsAt < 0 ? 5 : Number(args[loadsAt + 1]);
if (!Number.isInteger(loads) || loads <= 0) {
  console.error(`page_weight: --loads needs a positive whole number, got '${args[loadsAt + 1]}'`);
  process.exit(2);
}
const valueOf = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const dir = valueOf('--dir', 'build/web');
if (!existsSync(join(dir, 'index.html'))) {
  console.error(`page_weight: ${dir}/index.html is missing (build the web preset first)`);
  process.exit(1);
}

// The page's own references (scripts, stylesheet, icon), then the module's wasm.
const html = readFileSync(join(dir, 'index.html'), 'utf8');
const refs = [...html.matchAll(/\s(?:src|href)="([^"#?:]+)"/g)].map((m) => m[1]);
const files = [...new Set(['index.html', ...refs, 'tcplab.wasm'])];
const kb = (n) => (n / 1024).toFixed(1).padStart(8);
const gz = (b) => gzipSync(b, { level: 9 }).length;
let raw = 0;
let zipped = 0;
console.log(`${'file'.padEnd(28)} ${'KB'.padStart(8)} ${'gzip KB'.padStart(8)}`);
for (const f of files) {
  const b = readFileSync(join(dir, f));
  raw += b.length;
  zipped += gz(b);
  console.log(`${f.padEnd(28)} ${kb(b.length)} ${kb(gz(b))}`);
}
console.log(`${'the English page'.padEnd(28)} ${kb(raw)} ${kb(zipped)}`);
const single = valueOf('--single', 'build/web-single/tcplab.html');
if (existsSync(single)) {
  const b = readFileSync(single);
  console.log(`${'one file (tcplab.html)'.padEnd(28)} ${kb(b.length)} ${kb(gz(b))}`);
}

if (!args.includes('--no-browser')) {
  const server = await startServer({ dir, port: 0 });
  const chromium = await launchChromium();
  try {
    const ms = [];
    for (let i = 0; i < loads; i++) {
      const page = await chromium.newPage();
      const t0 = Date.now();
      await page.goto(`http://127.0.0.1:${server.address().port}/`, { waitUntil: 'commit' });
      await page.waitForFunction(() => window.tcplab !== undefined, null, { timeout: 30000, polling: 5 });
      ms.push(Date.now() - t0);
      await page.context().close();
    }
    ms.sort((a, b) => a - b);
    console.log(`window.tcplab ready: median ${ms[Math.floor(ms.length / 2)]} ms over ${loads} loads (${ms.join(', ')} ms)`);
  } finally {
    await chromium.close();
    server.close();
  }
}
