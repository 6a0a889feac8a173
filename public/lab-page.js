// The page around the lab's canvas, shared by index.html and embed.html: the
// Emscripten Module settings (canvas, console, loading and failure messages)
// and the notice that lists URL parameters the lab could not use (filled by
// web/main.cpp). A page may set window.Module before this script, e.g.
// Module.tcplabDefaults, a query string applied before the address's own.
(function () {
  'use strict';
  var statusEl = document.getElementById('status');
  function showError(text) {
    statusEl.textContent = text;
    statusEl.classList.add('error');
    statusEl.hidden = false;
  }
  var Module = (window.Module = window.Module || {});
  Module.canvas = document.getElementById('canvas');
  Module.print = function (text) { console.log(text); };
  Module.printErr = function (text) { console.warn(text); };
  Module.onRuntimeInitialized = function () { statusEl.hidden = true; };
  Module.onAbort = function (what) { showError('TCP Lab stopped: ' + what); };
  Module.canvas.addEventListener('webglcontextlost', function (e) {
    e.preventDefault();
    showError('The WebGL context was lost; reload the page.');
  });
  if (!document.createElement('canvas').getContext('webgl2')) {
    showError('This browser has no WebGL2, which TCP Lab needs to draw.');
  }
  var notice = document.getElementById('notice');
  document.getElementById('notice-close').addEventListener('click', function () {
    notice.hidden = true;
    Module.canvas.focus();
  });
})();
