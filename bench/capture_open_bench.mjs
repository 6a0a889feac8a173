// Opening a 100,000-packet capture in the lab page (issue 17): the time from
// handing its bytes to the page (what a drop or "Open capture…" does) until a
// frame with its ladder is on screen, then the frames of browsing it (zoom
// in and out, pan). Prints the figures; no test asserts them.
// Usage: node bench/capture_open_bench.mjs [packets]   (after the web build)
//        node bench/capture_open_bench.mjs --write FILE [packets]
//          writes the capture instead, for the native tcplab_capture_bench
import { writeFileSync } from 'node:fs';
import { startServer } from '../tools/serve.mjs';
import { launchChromium } from '../tests/browser/chromium.mjs';

const writeTo = process.argv[2] === '--write' ? process.argv[3] : null;
const PACKETS = Number(process.argv[writeTo ? 4 : 2] ?? 100000);

// A classic pcap (raw IPv4) of one connection: handshake, data one way with an
// ACK for every segment, a close. 200 octets of payload a segment.
function bulkCapture(packets) {
  const payload = 200;
  const frames = [];
  const a = [10, 0, 0, 1], b = [10, 0, 0, 2];
  let seqA = 1000, seqB = 5000;
  const add = (fromA, flags, len) => {
    const f = Buffer.alloc(40 + len);
    f[0] = 0x45;
    f.writeUInt16BE(40 + len, 2);
    f[8] = 64;
    f[9] = 6;
    Buffer.from(fromA ? a : b).copy(f, 12);
    Buffer.from(fromA ? b : a).copy(f, 16);
    f.writeUInt16BE(fromA ? 40000 : 80, 20);
    f.writeUInt16BE(fromA ? 80 : 40000, 22);
    f.writeUInt32BE(fromA ? seqA : seqB, 24);
    f.writeUInt32BE(flags & 0x10 ? (fromA ? seqB : seqA) : 0, 28);
    f[32] = 0x50;
    f[33] = flags;
    f.writeUInt16BE(65535, 34);
    frames.push(f);
    const advance = len + (flags & 0x03 ? 1 : 0);  // SYN and FIN take a sequence number
    if (fromA) seqA += advance; else seqB += advance;
  };
  add(true, 0x02, 0);
  add(false, 0x12, 0);
  add(true, 0x10, 0);
  while (frames.length < packets - 4) {
    add(true, 0x18, payload);
    add(false, 0x10, 0);
  }
  add(true, 0x11, 0);
  add(false, 0x11, 0);
  add(true, 0x10, 0);
  const header = Buffer.alloc(24);
  header.writeUInt32LE(0xa1b2c3d4, 0);
  header.writeUInt16LE(2, 4);
  header.writeUInt16LE(4, 6);
  header.writeUInt32LE(65535, 16);
  header.writeUInt32LE(101, 20);
  const parts = [header];
  frames.forEach((f, i) => {
    const rec = Buffer.alloc(16);
    const us = i * 100;  // a packet every 100 µs
    rec.writeUInt32LE(1700000000 + Math.floor(us / 1e6), 0);
    rec.writeUInt32LE(us % 1e6, 4);
    rec.writeUInt32LE(f.length, 8);
    rec.writeUInt32LE(f.length, 12);
    parts.push(rec, f);
  });
  return { bytes: Buffer.concat(parts), packets: frames.length };
}

const { bytes, packets } = bulkCapture(PACKETS);
if (writeTo) {
  writeFileSync(writeTo, bytes);
  console.log(`${writeTo}: ${packets} packets, ${bytes.length} octets`);
  process.exit(0);
}
const server = await startServer({ dir: 'build/web', port: 0 });
const browser = await launchChromium();
try {
  const page = await browser.newPage({ width: 1280, height: 720 });
  await page.goto(`http://127.0.0.1:${server.address().port}/`, { waitUntil: 'load' });
  await page.waitForFunction(() => window.tcplab !== undefined, null, { timeout: 30000 });
  await page.evaluate((b64) => { window.benchBytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0)); },
    bytes.toString('base64'));
  // Open: the bytes to the lab, then wait for the first frame that draws the capture.
  const opened = await page.evaluate(() => new Promise((resolve) => {
    const t0 = performance.now();
    const info = window.tcplab.loadCapture(window.benchBytes, 'bulk.pcap');
    const loaded = performance.now() - t0;
    const start = window.Module.framesRendered;
    const wait = () => {
      const s = JSON.parse(window.Module.labSnapshot());
      if (window.Module.framesRendered > start && s.capture && s.capture.segments === info.packets) {
        resolve({ loaded, shown: performance.now() - t0, packets: info.packets });
      } else requestAnimationFrame(wait);
    };
    requestAnimationFrame(wait);
  }));
  // Browse: wheel zooms in and out over the ladder and drags along it; each frame's CPU time.
  await page.evaluate(() => window.Module.labTakeFrameTimes());
  const ladder = JSON.parse(await page.evaluate(() => window.Module.labHitTargets())).find((t) => t.name === 'ladder.relative');
  const x = 700, y = ladder ? ladder.y + 150 : 400;
  await page.mouse.move(x, y);
  const t0 = Date.now();
  for (let i = 0; i < 10; i++) { await page.mouse.wheel(0, -300); await page.waitForTimeout(30); }
  await page.mouse.down();
  await page.mouse.move(x - 300, y, { steps: 10 });
  await page.mouse.up();
  for (let i = 0; i < 10; i++) { await page.mouse.wheel(0, 300); await page.waitForTimeout(30); }
  const browseMs = Date.now() - t0;
  const ms = JSON.parse(await page.evaluate(() => window.Module.labTakeFrameTimes())).sort((p, q) => p - q);
  const at = (q) => ms[Math.min(ms.length - 1, Math.floor(q * ms.length))];
  console.log(`capture of ${opened.packets} packets (${(bytes.length / 1e6).toFixed(1)} MB, ${packets} written): ` +
    `read and replayed in ${(opened.loaded / 1000).toFixed(2)} s, first frame with its ladder at ${(opened.shown / 1000).toFixed(2)} s`);
  console.log(`browsing it (zoom in, pan, zoom out, ${browseMs} ms): ${ms.length} frames, CPU median ${at(0.5).toFixed(2)} ms, ` +
    `p99 ${at(0.99).toFixed(2)} ms, max ${ms[ms.length - 1].toFixed(2)} ms`);
} finally {
  await browser.close();
  server.close();
}
