// The SCORM 1.2 package (`tcplab scorm`): its manifest lists every file the
// zip holds; opened in Chromium inside a page that plays the LMS with a real
// SCORM 1.2 runtime (the scorm-again npm package), the lab finds the API in
// its parent frame and reports the lesson's status and score; opened without
// an LMS it runs unchanged.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SHOTS, launchChromium, watchForProblems } from './chromium.mjs';
import { startServer } from '../../tools/serve.mjs';

const DIR = 'build/scorm-test';
const ZIP = join(DIR, 'course.zip');

// The stored entries of a zip (the package uses no compression): name -> bytes.
function unzip(buf) {
  const entries = new Map();
  const end = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = buf.readUInt16LE(end + 10);
  let at = buf.readUInt32LE(end + 16);
  for (let i = 0; i < count; i++) {
    assert.equal(buf.readUInt32LE(at), 0x02014b50, 'a central directory entry');
    assert.equal(buf.readUInt16LE(at + 10), 0, 'stored');
    const size = buf.readUInt32LE(at + 20);
    const nameLen = buf.readUInt16LE(at + 28);
    const extra = buf.readUInt16LE(at + 30);
    const comment = buf.readUInt16LE(at + 32);
    const offset = buf.readUInt32LE(at + 42);
    const name = buf.subarray(at + 46, at + 46 + nameLen).toString('utf8');
    const data = offset + 30 + buf.readUInt16LE(offset + 26) + buf.readUInt16LE(offset + 28);
    entries.set(name, buf.subarray(data, data + size));
    at += 46 + nameLen + extra + comment;
  }
  return entries;
}

let server, browser, base, entries, manifest;
before(async () => {
  rmSync(DIR, { recursive: true, force: true });
  mkdirSync(join(DIR, 'course'), { recursive: true });
  mkdirSync(SHOTS, { recursive: true });
  execFileSync('build/native/tcplab', ['scorm', 'handshake', 'closed-port-rst', '-o', ZIP,
    '--lab', 'build/web-single/tcplab.html', '--title', 'TCP: opening and refusing'], { encoding: 'utf8' });
  entries = unzip(readFileSync(ZIP));
  for (const [name, bytes] of entries) writeFileSync(join(DIR, 'course', name), bytes);
  manifest = entries.get('imsmanifest.xml').toString('utf8');
  // The LMS: scorm-again's SCORM 1.2 runtime as window.API, the package's SCO in a frame.
  copyFileSync('node_modules/scorm-again/dist/scorm12.js', join(DIR, 'scorm12.js'));
  server = await startServer({ dir: DIR, port: 0 });
  base = `http://127.0.0.1:${server.address().port}/`;
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  server?.close();
});

test("the manifest lists every file the zip holds, and a SCO per lesson", () => {
  assert.deepEqual([...entries.keys()].sort(), ['imsmanifest.xml', 'tcplab.html']);
  const files = [...manifest.matchAll(/<file href="([^"]+)"\/>/g)].map((m) => m[1]);
  for (const name of entries.keys()) if (name !== 'imsmanifest.xml') assert.ok(files.includes(name), `${name} is listed`);
  for (const f of files) assert.ok(entries.has(f), `${f} is in the zip`);
  assert.match(manifest, /<schemaversion>1\.2<\/schemaversion>/);
  const scos = [...manifest.matchAll(/adlcp:scormtype="sco" href="([^"]+)"/g)].map((m) => m[1]);
  assert.deepEqual(scos, ['tcplab.html?lesson=handshake&amp;ask=on&amp;guide=off',
    'tcplab.html?lesson=closed-port-rst&amp;ask=on&amp;guide=off']);
  assert.match(manifest, /<title>The three-way handshake<\/title>/);
  assert.match(manifest, /<organization identifier="tcplab">\s*<title>TCP: opening and refusing<\/title>/);
});

test('in an LMS frame: the runtime receives the status and the score', async () => {
  const sco = [...manifest.matchAll(/href="(tcplab\.html\?lesson=closed-port-rst[^"]+)"/g)][0][1].replace(/&amp;/g, '&');
  writeFileSync(join(DIR, 'lms.html'), `<!doctype html><meta charset="utf-8"><title>LMS</title>
<script src="scorm12.js"></script>
<script>window.API = new Scorm12API({ autocommit: false, lmsCommitUrl: false, logLevel: 5 });</script>
<iframe id="sco" src="course/${sco}" width="1200" height="680"></iframe>`);
  const context = await browser.browser.newContext({ viewport: { width: 1240, height: 720 } });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`uncaught: ${e.message}`));
  await page.goto(base + 'lms.html');
  const frame = () => page.frame({ url: /tcplab\.html/ });
  await page.waitForFunction(() => window.API.LMSGetValue('cmi.core.lesson_status') === 'incomplete', null, { timeout: 30000 });
  await page.waitForFunction(() => document.getElementById('sco').contentWindow.tcplab !== undefined, null, { timeout: 30000 });
  // The lesson stops at its questions; the learner answers both right.
  for (const answer of ['RST,ACK', 'CLOSED']) {
    await frame().waitForFunction(() => window.tcplab.question() !== null, null, { timeout: 30000 });
    assert.equal(await frame().evaluate((a) => window.tcplab.answer(a).right, answer), true);
    await frame().evaluate(() => window.tcplab.play());  // as the feedback's Continue does
  }
  await page.waitForFunction(() => window.API.LMSGetValue('cmi.core.lesson_status') === 'completed', null, { timeout: 30000 });
  assert.equal(await page.evaluate(() => window.API.LMSGetValue('cmi.core.score.raw')), '100');
  assert.equal(await page.evaluate(() => window.API.LMSGetValue('cmi.core.score.max')), '100');
  await page.screenshot({ path: join(SHOTS, 'scorm-lms.png') });
  assert.deepEqual(problems, []);
  await context.close();
});

test('without an LMS the package runs unchanged', async () => {
  const page = await browser.newPage({ width: 1280, height: 720 });
  const problems = watchForProblems(page);
  await page.goto(base + 'course/tcplab.html?lesson=closed-port-rst&ask=off');
  await page.waitForFunction(() => window.tcplab !== undefined, null, { timeout: 30000 });
  assert.equal(await page.evaluate(() => window.tcplabScorm), undefined, 'no LMS, no SCORM');
  const results = await page.evaluate(() => window.tcplab.runToEnd());
  assert.ok(results.length > 0 && results.every((r) => r.passed));
  assert.deepEqual(problems, []);
  await page.close();
});
