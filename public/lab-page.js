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

  // --- the language (lang=en|zh-CN) ---
  // The address's lang wins, then the embedding page's default; otherwise
  // the browser's own language chooses, before the lab starts.
  var LANGUAGES = ['en', 'zh-CN'];
  function browserLanguage() {
    var wanted = navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language || 'en'];
    for (var i = 0; i < wanted.length; i++) {
      var tag = String(wanted[i]).toLowerCase();
      if (tag === 'zh' || tag.indexOf('zh-') === 0) return 'zh-CN';  // the Chinese we have is Simplified
      if (tag === 'en' || tag.indexOf('en-') === 0) return 'en';
    }
    return 'en';
  }
  var asked = new URLSearchParams(location.search).get('lang') ||
              new URLSearchParams(Module.tcplabDefaults || '').get('lang');
  var lang = asked || browserLanguage();
  if (!asked && lang !== 'en')
    Module.tcplabDefaults = 'lang=' + lang + (Module.tcplabDefaults ? '&' + Module.tcplabDefaults : '');

  // The Chinese font: a file of its own, fetched once and only for Chinese
  // (the one-file lab carries it as base64 data instead: tools/inline_page.mjs).
  var fontPromise = null;
  Module.loadChineseFont = function () {
    if (fontPromise) return fontPromise;
    var embedded = document.getElementById('tcplab-font-zh-CN');
    if (embedded) {
      var text = atob(embedded.textContent.trim());
      var bytes = new Uint8Array(text.length);
      for (var i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
      fontPromise = Promise.resolve(bytes);
    } else {
      fontPromise = fetch('fonts/zh-CN.otf').then(function (r) {
        if (!r.ok) throw new Error('fonts/zh-CN.otf: HTTP ' + r.status);
        return r.arrayBuffer();
      }).then(function (b) { return new Uint8Array(b); });
    }
    return fontPromise;
  };
  // Chinese from the start: fetch the font while the lab's module loads.
  if (LANGUAGES.indexOf(lang) > 0) Module.loadChineseFont().catch(function () {});

  // The page's own words around the canvas, in the lab's language (web/main.cpp
  // calls this as the language changes; the English is the page's as written).
  var PAGE_TEXT = {
    'zh-CN': {
      '#notice > p': '此页面地址中的部分设置无法使用；实验对这些设置使用默认值：',
      '#notice-close': '关闭',
      '#status': '正在加载 TCP Lab…',
    },
  };
  var ARIA_TEXT = {
    'zh-CN': { '#notice-close': '关闭此提示', '#narration-text': '讲解', '#canvas': 'TCP 实验' },
  };
  var english = {}, englishAria = {};
  function remember(table, store, read) {
    for (var lang in table)
      for (var sel in table[lang]) {
        var el = document.querySelector(sel);
        if (el && !(sel in store)) store[sel] = read(el);
      }
  }
  remember(PAGE_TEXT, english, function (el) { return el.textContent; });
  remember(ARIA_TEXT, englishAria, function (el) { return el.getAttribute('aria-label'); });
  Module.labPageLanguage = function (tag) {
    var text = PAGE_TEXT[tag] || english, aria = ARIA_TEXT[tag] || englishAria;
    for (var sel in english) {
      var el = document.querySelector(sel);
      if (el) el.textContent = sel in text ? text[sel] : english[sel];
    }
    for (var sel2 in englishAria) {
      var el2 = document.querySelector(sel2);
      if (el2) el2.setAttribute('aria-label', sel2 in aria ? aria[sel2] : englishAria[sel2]);
    }
  };
  if (lang !== 'en') {
    document.documentElement.lang = lang;
    Module.labPageLanguage(lang);
  }
})();
