// The lab in an iframe talks to the page around it with postMessage
// (docs/embedding.md, "Messages to the parent page"). Every page of the lab
// loads this file; it does nothing unless the page is framed.
//
// Out (to window.parent, target origin "*": the messages carry only what the
// lab shows on screen, never anything of the parent's or the learner's):
//   {source: "tcplab", type: "ready", settings}
//   {source: "tcplab", type: "stateChanged", host, conn, from, to, t}      t in seconds
//   {source: "tcplab", type: "expectation", line, text, passed, seen}     one per result
//   {source: "tcplab", type: "scenarioFinished", passed, results}
//   {source: "tcplab", type: "questionAnswered", lesson, question, line, right, attempts, points, statement}
//   {source: "tcplab", type: "lessonCompleted", lesson, score, statement}   statement: xAPI
// In (only from window.parent, any origin):
//   {target: "tcplab", id, method, args}  ->  {source: "tcplab", type: "result", id, value}
//                                         or  {source: "tcplab", type: "result", id, error}
// The answer goes back to the asking window at its own origin.
(function () {
  'use strict';
  if (window.parent === window) return;
  var parent = window.parent;
  var lab = null;
  var waiting = [];  // calls that came before the lab was ready
  // Not callable from outside: listeners (functions do not cross
  // postMessage) and the lab's own plumbing.
  var NOT_CALLABLE = { on: 1, once: 1, off: 1, pump: 1, delete: 1, constructor: 1 };

  function post(message) {
    message.source = 'tcplab';
    parent.postMessage(message, '*');
  }

  function answer(event, id, fields) {
    var message = { source: 'tcplab', type: 'result', id: id };
    Object.keys(fields).forEach(function (k) { message[k] = fields[k]; });
    // A parent on file:// or in a sandbox has the opaque origin "null",
    // which postMessage does not take as a target: "*" reaches it.
    var origin = event.origin && event.origin !== 'null' ? event.origin : '*';
    try {
      event.source.postMessage(message, origin);
    } catch (err) {  // a value that cannot be cloned
      event.source.postMessage({ source: 'tcplab', type: 'result', id: id, error: String(err && err.message || err) }, origin);
    }
  }

  function call(event) {
    var data = event.data;
    var name = data.method;
    var fn = typeof name === 'string' && name.charAt(0) !== '_' && !NOT_CALLABLE[name] ? lab[name] : undefined;
    if (typeof fn !== 'function') {
      answer(event, data.id, { error: 'no method ' + JSON.stringify(name) + ' in the TCP Lab API' });
      return;
    }
    try {
      var value = fn.apply(lab, Array.isArray(data.args) ? data.args : []);
      answer(event, data.id, { value: value === undefined ? null : value });
    } catch (err) {
      answer(event, data.id, { error: err && err.message ? err.message : String(err) });
    }
  }

  window.addEventListener('message', function (event) {
    var data = event.data;
    if (event.source !== parent || !data || data.target !== 'tcplab') return;
    if (lab) call(event);
    else waiting.push(event);
  });

  window.addEventListener('tcplab-ready', function (event) {
    lab = event.detail;
    lab.on('stateChanged', function (e) {
      post({ type: 'stateChanged', host: e.host, conn: e.conn, from: e.from, to: e.to, t: e.t / 1e6 });
    });
    lab.on('scenarioFinished', function (e) {
      (e.results || []).forEach(function (r) {
        post({ type: 'expectation', line: r.line, text: r.text, passed: r.passed, seen: r.seen });
      });
      post({ type: 'scenarioFinished', passed: e.passed, results: e.results });
    });
    lab.on('questionAnswered', function (e) {
      post({ type: 'questionAnswered', lesson: e.lesson, question: e.question, line: e.line, what: e.what,
        right: e.right, revealed: e.revealed, attempts: e.attempts, points: e.points, statement: e.statement });
    });
    lab.on('lessonCompleted', function (e) {
      post({ type: 'lessonCompleted', lesson: e.lesson, score: e.score, statement: e.statement });
    });
    post({ type: 'ready', settings: lab.settings() });
    waiting.splice(0).forEach(call);
  });
})();
