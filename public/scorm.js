// SCORM 1.2: when the lab runs inside a learning management system's frame
// (a package made by `tcplab scorm`), it reports to the LMS's runtime API:
// cmi.core.lesson_status ("incomplete" on start; "passed"/"failed" against
// the LMS's mastery score, else "completed", when the lesson is completed)
// and cmi.core.score.raw (0-100, the lesson's score). Without an LMS, as on
// the web site or opened from disk, it does nothing at all.
(function () {
  'use strict';

  // SCORM 1.2 names the runtime object "API" and puts it in a parent frame
  // (or the opener's, for a course opened in a new window). Seven levels is
  // deeper than any LMS nests frames; a frame of another origin is skipped.
  function apiIn(win) {
    for (var depth = 0; win && depth < 7; depth++) {
      try {
        if (win.API && typeof win.API.LMSInitialize === 'function') return win.API;
      } catch (e) { /* another origin */ }
      if (!win.parent || win.parent === win) break;
      win = win.parent;
    }
    return null;
  }
  var api = apiIn(window.parent !== window ? window.parent : null) ||
    (window.opener ? apiIn(window.opener) : null);
  if (!api) return;

  var finished = false;
  function set(name, value) { api.LMSSetValue(name, String(value)); }
  if (String(api.LMSInitialize('')) !== 'true') {
    console.warn('TCP Lab: the LMS refused LMSInitialize: ' + api.LMSGetErrorString(api.LMSGetLastError()));
    return;
  }
  var status = String(api.LMSGetValue('cmi.core.lesson_status'));
  if (status === '' || status === 'not attempted') set('cmi.core.lesson_status', 'incomplete');
  api.LMSCommit('');

  function completed(score) {
    var raw = Math.round(score * 100);
    set('cmi.core.score.min', 0);
    set('cmi.core.score.max', 100);
    set('cmi.core.score.raw', raw);
    var mastery = parseFloat(String(api.LMSGetValue('cmi.student_data.mastery_score')));
    set('cmi.core.lesson_status', isNaN(mastery) ? 'completed' : raw >= mastery ? 'passed' : 'failed');
    api.LMSCommit('');
  }

  window.addEventListener('tcplab-ready', function (event) {
    event.detail.on('lessonCompleted', function (e) { completed(e.score); });
  });

  function finish() {
    if (finished) return;
    finished = true;
    api.LMSFinish('');
  }
  window.addEventListener('pagehide', finish);
  window.addEventListener('beforeunload', finish);
  window.tcplabScorm = { api: api, finish: finish };
})();
