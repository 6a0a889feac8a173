// Questions at checkpoints through the API (the Node module): the answer
// comes from the run, so changing the lesson's link changes it; scoring;
// bad question text; the course's events shaped as xAPI statements.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withLab } from './lab_module.mjs';

const HOSTS = 'host client 10.0.0.1\nhost server 10.0.0.2\n';
const OPEN = 'at 0ms listen server:80 as l\nat 0ms connect client:40000 to server:80 as c\n';

function lesson(link, asks) {
  return `${HOSTS}link ${link}\n${OPEN}run until 10s\n${asks}`;
}

// Runs to each question in turn and answers it right (from reveal() on a copy: never typed here).
function answersOf(text) {
  return withLab(undefined, (lab) => {
    lab.loadScenario(text, 'q.scenario');
    const out = [];
    while (lab.runToQuestion()) out.push(lab.reveal().answer);
    return out;
  });
}

test('the answer is read from the run: a different link, a different answer', () => {
  const asks = 'ask fate server->client SYN,ACK\nask after 500ms timer c\nask after 1ms flags server->client\n';
  const fast = withLab(undefined, (lab) => {
    lab.loadScenario(lesson('latency 10ms', asks));
    return lab.questions().map((q) => q.at);
  });
  assert.deepEqual(fast, [0.009999, null, 0.009999], 'asked 1 us before each event; the timer question never');
  assert.deepEqual(answersOf(lesson('latency 10ms', asks)), ['delivered', 'SYN,ACK']);
  // The same questions over a link that loses every SYN,ACK (asked in the order of their moments).
  assert.deepEqual(answersOf(lesson('server->client loss 100%', asks)), ['lost', 'SYN,ACK', 'retransmission 2s']);
  // A longer round trip moves the checkpoint with it.
  const slow = withLab(undefined, (lab) => {
    lab.loadScenario(lesson('latency 400ms', 'ask state c\n'));
    const q = lab.runToQuestion();
    return [q.at, lab.now(), lab.state('c')];
  });
  assert.deepEqual(slow, [0.799999, 0.799999, 'SYN-SENT']);
});

test('a question waits: wrong, then right; points and score', () => withLab(undefined, (lab) => {
  lab.loadScenario(lesson('latency 10ms', 'ask flags server->client hint "It acknowledges the SYN"\nask state c\n'));
  const q = lab.runToQuestion();
  assert.equal(q.what, 'flags');
  assert.equal(q.prompt, 'Which control flags does the next segment server->client carry?');
  assert.deepEqual(q.choices, ['SYN', 'SYN,ACK', 'ACK', 'FIN,ACK', 'RST', 'RST,ACK']);
  assert.equal(q.answer, null, 'no answer before it is given');
  assert.equal(lab.hint(), 'It acknowledges the SYN');
  const wrong = lab.answer('ACK');
  assert.deepEqual(wrong, { right: false, attempts: 1, points: 0, answer: null, answer_label: null, rule: null, seen: '' });
  assert.equal(lab.question().index, 0, 'still asked');
  const right = lab.answer('syn,ack');
  assert.equal(right.right, true);
  assert.equal(right.points, 0.5);
  assert.equal(right.answer, 'SYN,ACK');
  assert.equal(right.rule.id, 'listen.syn');
  assert.match(right.rule.reference, /^RFC 9293/);
  assert.equal(lab.question(), null);
  assert.equal(lab.runToQuestion().what, 'state');
  assert.equal(lab.answer('ESTABLISHED').points, 1);
  assert.deepEqual(lab.score(), { score: 0.75, percent: 75, points: 1.5, questions: 2, settled: 2 });
  assert.equal(lab.runToQuestion(), null);
}));

test('answer, hint and reveal need a question asked', () => withLab(undefined, (lab) => {
  assert.throws(() => lab.answer('SYN'), /^TcpLabError: answer: no question is asked now \(runToQuestion first\)$/);
  assert.throws(() => lab.runToQuestion(), /runToQuestion: no scenario is loaded/);
  assert.throws(() => lab.answer(7), /^TypeError: answer: response: expected a string, got number$/);
}));

test('bad question text: file:line:column', () => withLab(undefined, (lab) => {
  assert.throws(() => lab.loadScenario(lesson('latency 10ms', 'ask colour c\n'), 'homework.scenario'),
    { message: "loadScenario: text: homework.scenario:7:5: expected what to ask about (state, timer, flags, seq, ack, fate), got 'colour'" });
  assert.throws(() => lab.loadScenario(lesson('latency 10ms', 'ask state c "Why?" hint 3\n'), 'homework.scenario'),
    { message: "loadScenario: text: homework.scenario:7:25: expected the hint's text in quotes, got '3'" });
}));

test('every lesson asks at least two questions, each with its answer from the run', () => withLab(undefined, (lab) => {
  const lessons = lab.lessons().filter((l) => l.steps === 0);
  assert.ok(lessons.length >= 20);
  for (const l of lessons) {
    assert.ok(l.grouped && l.title && l.summary && l.minutes > 0, `${l.name} has its course metadata`);
    lab.loadLesson(l.name);
    let asked = 0;
    while (lab.runToQuestion()) {
      const revealed = lab.reveal();
      assert.ok(revealed.answer.length > 0, l.name);
      ++asked;
    }
    assert.ok(asked >= 2, `${l.name} asked ${asked}`);
  }
}));

test('answers and completion are events with xAPI statements', () => withLab(undefined, (lab) => {
  const statements = [];
  const answered = [];
  lab.on('statement', (e) => statements.push(e.statement));
  lab.on('questionAnswered', (e) => answered.push([e.question, e.response, e.right, e.points]));
  const records = [];
  lab.on('record', (e) => records.push(e.type));
  lab.setActor({ objectType: 'Agent', name: 'Ada', mbox: 'mailto:ada@example.org' });
  lab.loadScenario(lesson('latency 10ms', 'ask flags server->client\nask state c\n'), 'hs');
  lab.runToQuestion();
  lab.answer('RST');
  lab.answer('SYN,ACK');
  lab.runToQuestion();
  lab.reveal();
  lab.runToEnd();
  assert.deepEqual(answered, [[0, 'RST', false, 0], [0, 'SYN,ACK', true, 0.5], [1, '', false, 0]]);
  assert.equal(statements.length, 4);
  const [first, , , done] = statements;
  assert.deepEqual(first.actor, { objectType: 'Agent', name: 'Ada', mbox: 'mailto:ada@example.org' });
  assert.equal(first.verb.id, 'http://adlnet.gov/expapi/verbs/answered');
  assert.equal(first.object.id, 'urn:tcplab:lesson:hs:question:7');
  assert.equal(first.object.definition.interactionType, 'choice');
  assert.deepEqual(first.object.definition.correctResponsesPattern, ['SYN,ACK']);
  assert.deepEqual(first.result.score, { raw: 0, min: 0, max: 1, scaled: 0 });
  assert.equal(first.result.success, false);
  assert.equal(first.result.response, 'RST');
  assert.equal(statements[2].object.definition.interactionType, 'fill-in');
  assert.equal(done.verb.id, 'http://adlnet.gov/expapi/verbs/completed');
  assert.equal(done.object.id, 'urn:tcplab:lesson:hs');
  assert.deepEqual(done.result.score, { scaled: 0.25, raw: 25, min: 0, max: 100 });
  assert.equal(done.result.completion, true);
  assert.ok(!records.includes('question-answered') && !records.includes('lesson-completed'), 'not trace records');
}));

// Issue 15/16: a learner who chose Chinese is asked in Chinese. The API words
// questions as the page does (the UI's string table) in the lab's language;
// the statements carry every language in their maps.
test('in Chinese: prompts, hints, choices, feedback; statements with language maps', () => withLab(undefined, (lab) => {
  const statements = [];
  lab.on('statement', (e) => statements.push(e.statement));
  lab.setLanguage('zh-CN');
  lab.loadLesson('handshake');
  const q = lab.runToQuestion();
  assert.equal(q.lang, 'zh-CN');
  assert.equal(q.prompt, '服务器正在监听，一个 SYN 到达。它的回答带哪些标志？');
  assert.equal(lab.hint(), '它必须确认客户端的 SYN，并发送自己的 SYN。');
  const right = lab.answer('SYN,ACK');
  assert.equal(right.answer, 'SYN,ACK');
  assert.match(right.rule.text, /[\u4e00-\u9fff]/, `the rule in Chinese: ${right.rule.text}`);
  assert.equal(right.seen, '10.000ms 时 server→client 发送 SYN,ACK（#2）');
  const second = lab.runToQuestion();
  assert.equal(second.prompt, 'c 接下来进入哪个状态？请在状态图中点击它。');
  assert.equal(lab.reveal().answer_label, 'ESTABLISHED（已建立连接）');
  assert.deepEqual(statements[0].verb.display, { 'en-US': 'answered', 'zh-CN': '回答了' });
  assert.deepEqual(statements[0].object.definition.name, {
    'en-US': 'The server is listening and a SYN arrives. Which flags does its answer carry?',
    'zh-CN': '服务器正在监听，一个 SYN 到达。它的回答带哪些标志？',
  });
  assert.equal(statements[0].context.language, 'zh-CN');
  // Back in English, the same lesson asks in English.
  lab.setLanguage('en');
  lab.loadLesson('lost-syn');
  const fate = lab.runToQuestion();
  assert.equal(fate.prompt, 'What happens to the next SYN segment client->server on the wire?');
  lab.setLanguage('zh-CN');
  assert.deepEqual(lab.question().choice_labels, ['已交付', '丢失', '被丢弃', '被扣留', '已损坏']);
  lab.answer('dropped');
  assert.deepEqual(statements.at(-1).object.definition.choices[1], { id: 'lost', description: { 'en-US': 'lost', 'zh-CN': '丢失' } });
}));
