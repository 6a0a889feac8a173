// Where the page's start goes (issue 18: window.tcplab within 1 s): for each
// load in headless Chromium, milliseconds from navigation to each phase:
// tcplab.js and tcplab.wasm fetched, the module instantiated (runtime
// ready, main() about to run), the first frame drawn, window.tcplab set.
// With --profile FILE, also a CPU profile of one load (Chrome DevTools
// format; link with --profiling-funcs to see wasm function names).
// Usage: node bench/start_phases.mjs [--loads N] [--dir SITE] [--profile FILE]
import { writeFileSync } from 'node:fs';
import { startServer } from '../tools/serve.mjs';
import { launchChromium } from '../tests/browser/chromium.mjs';

const args = process.argv.slice(2);
const valueOf = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const loads = Number(valueOf('--loads', 5));
if (!Number.isInteger(loads) || loads <= 0) {
  console.error(`start_phases: --loads needs a positive whole number, got '${valueOf('--loads')}'`);
  process.exit(2);
}
const dir = valueOf('--dir', 'build/web');
const profileFile = valueOf('--profile', null);

// Runs in the page before its scripts: stamps the moments lab-page.js and
// the module reach, without changing what they do.
function stampPhases() {
  const t = (window.__phases = {});
  const M = (window.Module = {});
  let runtime;
  Object.defineProperty(M, 'onRuntimeInitialized', {
    configurable: true,
    get: () => () => {
      t.runtime = performance.now();
      if (runtime) runtime();
    },
    set: (f) => { runtime = f; },
  });
  let frames = 0;
  Object.defineProperty(M, 'framesRendered', {
    configurable: true,
    get: () => frames,
    set: (n) => {
      if (frames === 0 && n > 0) t.firstFrame = performance.now();
      frames = n;
    },
  });
  let api;
  Object.defineProperty(window, 'tcplab', {
    configurable: true,
    get: () => api,
    set: (v) => {
      if (api === undefined) t.api = performance.now();
      api = v;
    },
  });
}

const server = await startServer({ dir, port: 0 });
const chromium = await launchChromium();
const phases = ['tcplab.js', 'tcplab.wasm', 'runtime', 'firstFrame', 'api'];
const rows = [];
try {
  for (let i = 0; i < loads; i++) {
    const page = await chromium.newPage();
    await page.context().addInitScript(stampPhases);
    const cdp = profileFile && i === loads - 1 ? await page.context().newCDPSession(page) : null;
    if (cdp) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
      await cdp.send('Profiler.start');
    }
    await page.goto(`http://127.0.0.1:${server.address().port}/`, { waitUntil: 'commit' });
    await page.waitForFunction(() => window.__phases && window.__phases.api !== undefined, null, { timeout: 30000, polling: 5 });
    const r = await page.evaluate(() => {
      const out = { ...window.__phases };
      for (const e of performance.getEntriesByType('resource')) {
        const name = e.name.split('/').pop();
        if (name === 'tcplab.js' || name === 'tcplab.wasm') out[name] = e.responseEnd;
      }
      return out;
    });
    if (cdp) writeFileSync(profileFile, JSON.stringify((await cdp.send('Profiler.stop')).profile));
    rows.push(r);
    await page.context().close();
  }
} finally {
  await chromium.close();
  server.close();
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(`milliseconds from navigation, median of ${loads} loads:`);
for (const p of phases) {
  const xs = rows.map((r) => r[p]).filter((x) => x !== undefined);
  console.log(`${p.padEnd(12)} ${xs.length ? median(xs).toFixed(0).padStart(6) : '     -'}   (${xs.map((x) => x.toFixed(0)).join(', ')})`);
}
