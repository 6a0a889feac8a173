// The lab in Chinese (lang=zh-CN, issue 15): the page, the API and share
// links speak it; no English string is drawn where its Chinese exists (read
// from what ImGui draws, Module.labDrawnText); the Chinese font is fetched
// only for Chinese; the browser's language is the default; and screenshots
// in Chinese at 1280x720, in a 700x450 frame and at device scale 2 land in
// build/screenshots/zh-*.png.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { SHOTS, labDrawn, useLab, watchForProblems } from './chromium.mjs';
import { click, frames, picture, snapshot, targets, until } from './lab_driver.mjs';

const openLab = useLab();

// What the lab drew in its last frame (recording is switched on first).
async function drawn(page) {
  await page.evaluate(() => window.Module.labRecordText(true));
  await frames(page, 2);
  return page.evaluate(() => window.Module.labDrawnText());
}

// Chinese is on screen: the font arrived and the panels have Chinese titles.
async function chineseDrawn(page) {
  await page.evaluate(() => window.Module.labRecordText(true));
  await page.waitForFunction(() => window.Module.labDrawnText().includes('状态机'), null, { timeout: 30000 });
}

// The English of every string whose Chinese differs, as pieces that would
// only be drawn if the English were: whole strings without placeholders,
// and the longer fixed parts of templates.
async function englishPieces(page) {
  const rows = JSON.parse(await page.evaluate(() => window.Module.labStrings()));
  // A piece that is itself some Chinese text (the switch back reads "English") is not a leak.
  const chinese = new Set(rows.map((r) => r.zh));
  const pieces = new Set();
  for (const { id, en, zh } of rows) {
    if (zh === null || zh === en || zh.includes(en)) continue;
    const min = id === 'term' ? 5 : 4;
    for (const part of en.split(/\{\d\}/)) {
      const p = part.trim();
      if (p.length >= min && /[A-Za-z]{3}/.test(p) && (part === en || p.length >= 8)) pieces.add(p);
    }
  }
  return [...pieces].filter((p) => !chinese.has(p));
}

function assertNoEnglish(text, pieces, where) {
  // Wrapped lines join again: a sentence may span two. A piece counts as a
  // whole word: the edge label "CLOSE" is not in the state name CLOSE-WAIT.
  const joined = text.replace(/\n/g, ' ');
  const word = /[A-Za-z0-9_-]/;
  const wholeIn = (p) => {
    for (let i = joined.indexOf(p); i >= 0; i = joined.indexOf(p, i + 1)) {
      const before = joined[i - 1] ?? ' ', after = joined[i + p.length] ?? ' ';
      if (!(word.test(p[0]) && word.test(before)) && !(word.test(p[p.length - 1]) && word.test(after))) return true;
    }
    return false;
  };
  const shown = pieces.filter(wholeIn);
  assert.deepEqual(shown, [], `${where}: English drawn where Chinese exists:\n${shown.join('\n')}\n--- drawn ---\n${text}`);
}

// `want` is drawn, wherever a line wrapped it (whitespace ignored).
function has(text, want) {
  return text.replace(/\s+/g, '').includes(want.replace(/\s+/g, ''));
}

// Steps the paused lab (API step()) until `pred(states)` holds.
async function stepUntil(page, pred) {
  for (let i = 0; i < 200; i++) {
    const states = await page.evaluate(() => window.tcplab.states());
    if (pred(states)) return states;
    await page.evaluate(() => window.tcplab.step());
  }
  assert.fail('the lesson never reached the expected states');
}

test('lang=zh-CN: the page, the API and share links speak Chinese, and no English is drawn where Chinese exists', async () => {
  const { page, problems } = await openLab({ path: '?lang=zh-CN&lesson=handshake&speed=fast' });
  await chineseDrawn(page);
  // A bad parameter's notice says why in Chinese too (issue 15: the reason, not only its frame).
  assert.deepEqual(await page.locator('#notice-list li').allTextContents(),
    ['参数“speed” = “fast”：应为 0.1 到 10 之间的速度，如 2 或 0.5']);
  await page.locator('#notice-close').click();
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'zh-CN');
  assert.equal(await page.evaluate(() => window.tcplab.language()), 'zh-CN');
  assert.ok((await page.evaluate(() => window.tcplab.shareQuery())).includes('lang=zh-CN'));
  assert.equal(await page.evaluate(() => document.querySelector('#notice-close').textContent), '关闭');
  await page.evaluate(() => window.tcplab.runToEnd());
  await frames(page, 3);
  const text = await drawn(page);
  for (const want of ['控制', '计时器', '状态机', '时序图', '讲解', '课程：三次握手', 'English', '术语表', '为什么要三次握手',
    '课程结束：', '项预期全部满足']) {
    assert.ok(has(text, want), `'${want}' is drawn:\n${text}`);
  }
  const pieces = await englishPieces(page);
  assertNoEnglish(text, pieces, 'the handshake lesson');
  // The lesson's expectations, unfolded under its end line, in words.
  await click(page, 'narration.results');
  const results = await drawn(page);
  assert.ok(has(results, '✓ 客户端→服务器 方向的报文段：SYN（恰好 1 个）'), results);
  assertNoEnglish(results, pieces, 'the lesson\'s results');
  await click(page, 'narration.results');
  // Every edge label of the state diagram, then the window lane and the time-sequence graph.
  await click(page, 'fsm.labels');
  const labels = await drawn(page);
  for (const want of ['收到 SYN / 发送 SYN,ACK', '收到 SYN,ACK / 发送 ACK', '被动打开 / 创建 TCB'])
    assert.ok(labels.includes(want), `the edge label '${want}' is drawn:\n${labels}`);
  assertNoEnglish(labels, pieces, 'the state diagram with every edge label');
  await page.evaluate(() => window.Module.labRecordText(false));
  await picture(page, join(SHOTS, 'zh-edge-labels.png'));
  await click(page, 'ladder.lane');
  assertNoEnglish(await drawn(page), pieces, 'the window lane');
  await click(page, 'ladder.view-sequence');
  assertNoEnglish(await drawn(page), pieces, 'the time-sequence graph');
  await click(page, 'ladder.view-ladder');
  await click(page, 'ladder.lane');
  await click(page, 'fsm.labels');
  // The narration mirrored into the page for screen readers is Chinese too.
  const dom = await page.evaluate(() => document.getElementById('narration-text').textContent);
  assert.ok(dom.includes('客户端 发送 SYN'), dom.slice(0, 400));
  await page.evaluate(() => window.Module.labRecordText(false));
  await picture(page, join(SHOTS, 'zh-handshake.png'));
  assert.deepEqual(problems, []);
  await page.close();
});

// Issues 15/16: the lesson's own question and hint in Chinese, the feedback
// worded through the string table; Play held (and saying why) while it waits.
test('a question in Chinese: asked, hinted and answered in Chinese; Play waits for the answer', async () => {
  const { page, problems } = await openLab({ path: '?lang=zh-CN&lesson=handshake&ask=on' });
  await chineseDrawn(page);
  await until(page, (s) => s.question?.asking && s.question.index === 0);
  let text = await drawn(page);
  assert.ok(has(text, '服务器正在监听，一个 SYN 到达。它的回答带哪些标志？'), text);
  // Play (button or Space) does not pretend to run a clock the question holds; hovering says why.
  await click(page, 'time.play');
  await page.keyboard.press('Space');
  await frames(page, 4);
  let s = await snapshot(page);
  assert.deepEqual([s.playing, s.time_us], [false, 9999]);
  const play = (await targets(page)).find((x) => x.name === 'time.play');
  await page.mouse.move(play.x + play.w / 2, play.y + play.h / 2);
  text = await drawn(page);
  assert.ok(has(text, '有一道题在等待：先回答或显示答案，再继续运行。'), text);
  await click(page, 'ask.hint');
  text = await drawn(page);
  assert.ok(has(text, '它必须确认客户端的 SYN，并发送自己的 SYN。'), text);
  // The question's window, from its title to the score (other panels are other issues' to check).
  const panel = (t, from) => t.slice(t.indexOf(from), t.indexOf('得分', t.indexOf(from)) + 40);
  const pieces = await englishPieces(page);
  assertNoEnglish(panel(text, '第 1 题，共 4 题'), pieces, 'a question in Chinese, its hint shown');
  await click(page, 'ask.choice.SYN,ACK');
  s = await until(page, (s) => s.question.right === true && s.question.index === 0);
  text = await drawn(page);
  for (const want of ['正确：SYN,ACK。', '规则：LISTEN 中收到 SYN',
    '实际发生的：10.000ms 时 server→client 发送 SYN,ACK（#2）', '得分 25%']) {
    assert.ok(has(text, want), `'${want}' is drawn:\n${text}`);
  }
  assertNoEnglish(panel(text, '正确：'), pieces, 'the feedback in Chinese');
  await page.evaluate(() => window.Module.labRecordText(false));
  await picture(page, join(SHOTS, 'zh-question-feedback.png'));
  assert.deepEqual(problems, []);
  await page.close();
});

test('simultaneous close in CLOSING, then TIME-WAIT counting down at device scale 2, in Chinese', async () => {
  const { page, problems } = await openLab({ path: '?lang=zh-CN&lesson=simultaneous-close&autoplay=off' });
  await chineseDrawn(page);
  await stepUntil(page, (s) => s.client === 'CLOSING' && s.server === 'CLOSING');
  await frames(page, 3);
  let text = await drawn(page);
  assert.ok(has(text, 'FIN-WAIT-1 → CLOSING'), text);
  // The answer to 'why CLOSING' (it may have scrolled up in the panel; the page's mirror has it all).
  const dom = await page.evaluate(() => document.getElementById('narration-text').textContent);
  assert.ok(dom.includes('同时关闭：本方的 FIN 与对方的 FIN 在途中交错'), dom.slice(-600));
  assertNoEnglish(text, await englishPieces(page), 'CLOSING');
  await page.evaluate(() => window.Module.labRecordText(false));
  await picture(page, join(SHOTS, 'zh-simultaneous-close-closing.png'));
  await page.close();

  const hi = await openLab({ path: '?lang=zh-CN&lesson=simultaneous-close&autoplay=off', scale: 2 });
  await chineseDrawn(hi.page);
  await stepUntil(hi.page, (s) => s.client === 'TIME-WAIT' && s.server === 'TIME-WAIT');
  await hi.page.evaluate(() => window.tcplab.runFor('1s'));
  await frames(hi.page, 3);
  const s = await snapshot(hi.page);
  assert.equal(s.timers.filter((t) => t.kind.startsWith('TIME-WAIT')).length, 2);
  text = await drawn(hi.page);
  assert.ok(has(text, '时间等待 2MSL'), 'the timers panel names the 2MSL timer in Chinese');
  const dom2 = await hi.page.evaluate(() => document.getElementById('narration-text').textContent);
  assert.ok(dom2.includes('为什么 TIME_WAIT 要等 2MSL'), 'and the narration asks the seed\'s question');
  assertNoEnglish(text, await englishPieces(hi.page), 'TIME-WAIT');
  await hi.page.evaluate(() => window.Module.labRecordText(false));
  await picture(hi.page, join(SHOTS, 'zh-time-wait-countdown-2x.png'));
  assert.deepEqual([...problems, ...hi.problems], []);
  await hi.page.close();
});

test('a lesson\'s narration in a 700x450 frame, and the glossary, in Chinese', async () => {
  const { page, problems } = await openLab({ width: 700, height: 450, path: 'embed.html?lang=zh-CN&lesson=lost-third-ack-data' });
  await chineseDrawn(page);
  await page.evaluate(() => window.tcplab.runToEnd());
  await frames(page, 3);
  const text = await drawn(page);
  assert.ok(has(text, '第三次握手'), text);
  assertNoEnglish(text, await englishPieces(page), 'the embedded lesson');
  await page.evaluate(() => window.Module.labRecordText(false));
  await picture(page, join(SHOTS, 'zh-embed-700x450-lesson.png'));
  await click(page, 'time.glossary');
  const glossary = await drawn(page);
  for (const want of ['三次握手', 'three-way handshake', 'RFC 9293 §3.5', '四次挥手', 'half-close', '同时打开']) {
    assert.ok(has(glossary, want), `the glossary shows '${want}'`);
  }
  await page.evaluate(() => window.Module.labRecordText(false));
  await page.mouse.move(690, 440);  // off the buttons: no tooltip over the glossary
  await frames(page, 4);
  await page.screenshot({ path: join(SHOTS, 'zh-embed-700x450-glossary.png') });
  assert.deepEqual(problems, []);
  await page.close();

  const wide = await openLab({ path: '?lang=zh-CN&lesson=lost-third-ack-data' });
  await chineseDrawn(wide.page);
  await wide.page.evaluate(() => window.tcplab.runToEnd());
  await frames(wide.page, 3);
  await wide.page.evaluate(() => window.Module.labRecordText(false));
  await picture(wide.page, join(SHOTS, 'zh-lesson-narration.png'));
  assert.deepEqual(wide.problems, []);
  await wide.page.close();
});

test('English by default costs no font; the switch fetches it and the page follows; share links keep it', async () => {
  const fonts = [];
  const browser = openLab.browser();
  const page = await browser.newPage();
  const problems = watchForProblems(page);
  page.on('request', (r) => r.url().includes('/fonts/zh') && fonts.push(r.url()));
  await page.goto(openLab.url('?lesson=handshake'), { waitUntil: 'load' });
  await labDrawn(page);
  await page.waitForFunction(() => window.tcplab !== undefined);
  await frames(page, 5);
  assert.deepEqual(fonts, [], 'the English page fetches no Chinese font');
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
  assert.equal(await page.evaluate(() => window.tcplab.language()), 'en');
  await click(page, 'time.language');
  await chineseDrawn(page);
  assert.equal(fonts.length, 1, 'the font is fetched once, when Chinese is chosen');
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'zh-CN');
  assert.ok((await page.evaluate(() => window.tcplab.shareQuery())).includes('lang=zh-CN'));
  await page.evaluate(() => window.tcplab.setLanguage('en'));
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  const text = await drawn(page);
  assert.ok(text.includes('State machines') && !text.includes('状态机'), 'back in English');
  await assert.rejects(page.evaluate(() => window.tcplab.setLanguage('fr')), /expected a language: en, zh-CN/);
  assert.deepEqual(problems, []);
  await page.context().close();

  // A browser whose language is Chinese opens the lab in Chinese; lang=en in the address wins.
  const zhContext = await browser.browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 720 } });
  const zhPage = await zhContext.newPage();
  await zhPage.goto(openLab.url(''), { waitUntil: 'load' });
  await labDrawn(zhPage);
  await chineseDrawn(zhPage);
  assert.equal(await zhPage.evaluate(() => document.documentElement.lang), 'zh-CN');
  await zhPage.goto(openLab.url('?lang=en'), { waitUntil: 'load' });
  await labDrawn(zhPage);
  await zhPage.waitForFunction(() => window.tcplab !== undefined);
  assert.equal(await zhPage.evaluate(() => window.tcplab.language()), 'en');
  await zhContext.close();
});

test('the one-file lab speaks Chinese from disk: the font is inside it, nothing is fetched', async () => {
  const page = await openLab.browser().newPage();
  const problems = watchForProblems(page);
  const requests = [];
  page.on('request', (r) => /^(file|data):/.test(r.url()) || requests.push(r.url()));
  await page.goto(`file://${process.cwd()}/build/web-single/tcplab.html?lang=zh-CN&lesson=handshake`, { waitUntil: 'load' });
  await labDrawn(page);
  await chineseDrawn(page);
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'zh-CN');
  assert.deepEqual(requests, []);
  assert.deepEqual(problems, []);
  await page.context().close();
});
