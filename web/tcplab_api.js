// The JavaScript API of TCP Lab (docs/embedding.md, "JavaScript API").
//
// Appended with --post-js to both the page's module (tcplab.js) and the Node
// module (tcplab-core.js), so a lab in a page and a lab in an autograder
// answer the same calls the same way. The C++ class LabApi (core/lab/lab_api.h)
// does the work: every call goes to it as a method name and text arguments
// and comes back as {"ok": VALUE} or {"error": "TEXT"}. This file only
//   - converts JavaScript values to those text arguments (and checks their
//     types, the one thing C++ cannot see),
//   - turns {"error"} answers into thrown TcpLabErrors (never thrown through
//     C++ frames: the wasm build has no C++ exceptions),
//   - delivers the lab's events to listeners.
// Plain ES2018, no dependencies.

(function (Module) {
  'use strict';

  // An error the lab reported: a bad argument ("connect: port: expected a
  // port number from 1 to 65535, got '0'"), an unknown lesson, a bad
  // scenario... `method` is the Lab method that failed.
  class TcpLabError extends Error {
    constructor(message, method) {
      super(message);
      this.name = 'TcpLabError';
      this.method = method;
    }
  }

  // --- argument kinds: a check and a conversion to LabApi's text ---------

  function describe(value) {
    if (value === null) return 'null';
    if (Array.isArray(value)) return 'array';
    if (value instanceof Uint8Array) return 'Uint8Array';
    if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
    return typeof value;
  }

  // Decimal text for a finite number, never exponent notation (1e-7 seconds
  // is "0.0000001", as the C++ parser expects).
  function decimal(n) {
    const s = String(n);
    if (!/e/i.test(s)) return s;
    return n.toFixed(20).replace(/\.?0+$/, '');
  }

  function hex(bytes) {
    let s = '0x';
    for (let i = 0; i < bytes.length; ++i) s += (bytes[i] < 16 ? '0' : '') + bytes[i].toString(16);
    return s;
  }

  // The settings that are durations: a number there is seconds, as in the
  // methods' arguments (the URL parameters want a unit, "50ms").
  const DURATION_KEYS = ['latency', 'jitter', 'reorder_delay', 'msl', 't'];

  function seconds(n) {
    return decimal(Math.round(n * 1e6) / 1e6);  // to the microsecond, the clock's unit: 0.1 + 0.2 is 0.3 s
  }

  function settingValue(key, value) {
    if (typeof value === 'number' && Number.isFinite(value)) {
      return DURATION_KEYS.indexOf(key.split('.').pop()) >= 0 ? seconds(value) + 's' : decimal(value);
    }
    if (typeof value === 'boolean') return value ? 'true' : 'false';
    if (typeof value === 'string') return value;
    if (value instanceof Uint8Array) return hex(value);  // inject's data
    return undefined;
  }

  // {loss: '5%', c2s: {latency: '50ms'}} -> "loss=5%25&c2s.latency=50ms".
  // A string is taken as a query already ("loss=5%25&latency=20ms").
  function settingsText(where, value) {
    if (typeof value === 'string') return value.charAt(0) === '?' ? value.slice(1) : value;
    const pairs = [];
    const add = (key, v) => {
      if (v === undefined || v === null) return;
      if (typeof v === 'object' && !Array.isArray(v) && !(v instanceof Uint8Array)) {
        Object.keys(v).forEach((k) => add(key + '.' + k, v[k]));
        return;
      }
      const text = settingValue(key, v);
      if (text === undefined) {
        throw new TypeError(where + '.' + key + ': expected a string, number, boolean or Uint8Array, got ' + describe(v));
      }
      pairs.push(encodeURIComponent(key) + '=' + encodeURIComponent(text));
    };
    Object.keys(value).forEach((k) => add(k, value[k]));
    return pairs.join('&');
  }

  // Each kind: what the TypeError says was expected, the check, the text.
  const KINDS = {
    string: ['a string', (v) => typeof v === 'string', (v) => v],
    number: ['a number', (v) => typeof v === 'number' && Number.isFinite(v), decimal],
    port: ['a port number', (v) => typeof v === 'number' && Number.isFinite(v), decimal],
    // seconds as a number, or text with a unit ("250ms")
    time: ['a number of seconds or a duration such as "250ms"',
      (v) => (typeof v === 'number' && Number.isFinite(v)) || typeof v === 'string',
      (v) => (typeof v === 'number' ? seconds(v) : v)],
    boolean: ['a boolean', (v) => typeof v === 'boolean', (v) => (v ? 'true' : 'false')],
    bytes: ['a string or Uint8Array', (v) => typeof v === 'string' || v instanceof Uint8Array,
      (v) => (typeof v === 'string' ? v : hex(v))],
    settings: ['an object of settings or a query string',
      (v) => typeof v === 'string' || (typeof v === 'object' && v !== null && !Array.isArray(v) &&
        !(v instanceof Uint8Array)),
      null],  // settingsText, which names the key at fault
  };

  // Every LabApi method, in core/lab/lab_api.h's order: its parameters as
  // "name:kind" ("name?" when optional; the names are LabApi::methods()'
  // and a test holds them equal), and whether it may change the lab (the
  // Lab then delivers the events it caused before returning).
  const METHODS = [
    ['reset', ['settings?:settings'], true],
    ['lessons', [], false],
    ['loadLesson', ['name:string'], true],
    ['loadScenario', ['text:string', 'name?:string'], true],
    ['results', [], false],
    ['runToEnd', [], true],
    ['questions', [], false],
    ['question', [], false],
    ['runToQuestion', [], true],
    ['answer', ['response:string'], true],
    ['hint', [], true],
    ['reveal', [], true],
    ['score', [], false],
    ['listen', ['host:string', 'port:port'], true],
    ['connect', ['host:string', 'port:port', 'localPort?:port'], true],
    ['send', ['who:string', 'bytes:bytes'], true],
    ['close', ['who:string'], true],
    ['abort', ['who:string'], true],
    ['reading', ['who:string', 'on:boolean'], true],
    ['stream', ['who:string', 'octets?:number'], true],
    ['stopStream', ['who:string'], true],
    ['dropNext', ['direction:string', 'filter?:string'], true],
    ['holdNext', ['direction:string', 'filter:string', 'label:string'], true],
    ['dropInFlight', ['direction:string', 'filter?:string'], true],
    ['holdInFlight', ['direction:string', 'filter:string', 'label:string'], true],
    ['release', ['label:string'], true],
    ['setLink', ['direction:string', 'settings:settings'], true],
    ['inject', ['who:string', 'flags:string', 'settings?:settings'], true],
    ['step', [], true],
    ['runFor', ['duration:time'], true],
    ['runUntil', ['time:time'], true],
    ['play', [], true],
    ['pause', [], true],
    ['setSpeed', ['x:number'], true],
    ['language', [], false],
    ['setLanguage', ['lang:string'], true],
    ['rewind', ['time:time'], true],
    ['now', [], false],
    ['state', ['who:string'], false],
    ['states', [], false],
    ['connections', [], false],
    ['tcb', ['who:string'], false],
    ['timers', ['who?:string'], false],
    ['windowSeries', ['who:string', 'algorithm?:string'], false],
    ['traceJsonl', [], false],
    ['digest', [], false],
    ['shareQuery', [], false],
    ['settings', [], false],
    ['loadCapture', ['bytes:bytes', 'name?:string'], true],
    ['selectStream', ['index:number'], true],
    ['capture', [], false],
    ['closeCapture', [], true],
  ].map(([name, params, changes]) => ({
    name,
    changes,
    params: params.map((p) => {
      const [label, kind] = p.split(':');
      const optional = label.endsWith('?');
      return { name: optional ? label.slice(0, -1) : label, optional, kind };
    }),
  }));

  // "expected 2 or 3 arguments (host, port, localPort?), got 1": the words
  // LabApi::call() uses for a wrong count, which JS catches first.
  function arityError(method, count) {
    const params = method.params;
    const lo = params.filter((p) => !p.optional).length;
    const hi = params.length;
    const names = params.map((p) => p.name + (p.optional ? '?' : '')).join(', ');
    const plural = (n) => n + (n === 1 ? ' argument' : ' arguments');
    const expected = hi === 0 ? 'no arguments'
      : lo === hi ? plural(lo) + ' (' + names + ')'
        : lo + (hi === lo + 1 ? ' or ' : ' to ') + hi + ' arguments (' + names + ')';
    return new TypeError(method.name + ': expected ' + expected + ', got ' + count);
  }

  // The call's arguments as LabApi's text arguments, or a TypeError.
  function textArgs(method, args) {
    const params = method.params;
    let count = args.length;
    while (count > 0 && args[count - 1] === undefined) --count;  // f(x, undefined) is f(x)
    if (count < params.filter((p) => !p.optional).length || count > params.length) throw arityError(method, count);
    const out = [];
    for (let i = 0; i < count; ++i) {
      const p = params[i];
      const v = args[i];
      const where = method.name + ': ' + p.name;
      const [expected, check, convert] = KINDS[p.kind];
      if (!check(v)) throw new TypeError(where + ': expected ' + expected + ', got ' + describe(v));
      out.push(convert ? convert(v) : settingsText(where, v));
    }
    return out;
  }

  // --- events ---------------------------------------------------------------

  // Event name -> which of LabApi::take_events()' objects it gets.
  const LOST_FATES = ['lost', 'dropped', 'queue-full', 'too-big', 'corrupted'];
  const COURSE_TYPES = ['question-answered', 'lesson-completed'];
  const EVENT_TYPES = {
    record: (e) => e.type !== 'reset' && e.type !== 'rewind' && e.type !== 'scenario-finished' &&
      COURSE_TYPES.indexOf(e.type) < 0,
    stateChanged: (e) => e.type === 'state',
    segmentSent: (e) => e.type === 'segment',
    segmentArrived: (e) => e.type === 'fate' && e.fate === 'delivered',
    segmentLost: (e) => e.type === 'fate' && LOST_FATES.indexOf(e.fate) >= 0,
    timerFired: (e) => e.type === 'timer' && e.event === 'fired',
    scenarioFinished: (e) => e.type === 'scenario-finished',
    reset: (e) => e.type === 'reset',
    rewind: (e) => e.type === 'rewind',
    // The course's events, each with an xAPI statement (e.statement).
    questionAnswered: (e) => e.type === 'question-answered',
    lessonCompleted: (e) => e.type === 'lesson-completed',
    statement: (e) => COURSE_TYPES.indexOf(e.type) >= 0,
  };

  // --- xAPI (Experience API 1.0.3) statements for the course's events --------
  // A lesson is the activity urn:tcplab:lesson:NAME, a question the activity
  // urn:tcplab:lesson:NAME:question:LINE (its line in the scenario file), a
  // cmi.interaction. The actor is whoever the page says (lab.setActor), else
  // an anonymous learner of this lab.
  const XAPI_VERBS = {
    answered: 'http://adlnet.gov/expapi/verbs/answered',
    completed: 'http://adlnet.gov/expapi/verbs/completed',
  };
  // The verbs' display in each language the lab speaks (xAPI language maps).
  const XAPI_VERB_DISPLAY = {
    answered: { 'en-US': 'answered', 'zh-CN': '回答了' },
    completed: { 'en-US': 'completed', 'zh-CN': '完成了' },
  };
  const DEFAULT_ACTOR = { objectType: 'Agent', name: 'TCP Lab learner', account: { homePage: 'urn:tcplab', name: 'anonymous' } };

  function lessonActivity(lesson) {
    return 'urn:tcplab:lesson:' + encodeURIComponent(lesson);
  }

  function interactionType(e) {
    if (e.what === 'seq' || e.what === 'ack') return 'numeric';
    if (e.choices && e.choices.length > 0) return 'choice';
    return 'fill-in';  // a state, clicked on the diagram
  }

  // Names and descriptions are language maps: the event carries them in
  // every language the lab words ({'en-US': ..., 'zh-CN': ...}); the
  // context's language is the one the learner used.
  function statementFor(e, actor) {
    const verb = e.type === 'lesson-completed' ? 'completed' : 'answered';
    const statement = {
      actor: actor || DEFAULT_ACTOR,
      verb: { id: XAPI_VERBS[verb], display: XAPI_VERB_DISPLAY[verb] },
      timestamp: new Date().toISOString(),
    };
    const context = e.lang ? { language: e.lang === 'en' ? 'en-US' : e.lang } : {};
    if (verb === 'completed') {
      statement.object = { objectType: 'Activity', id: lessonActivity(e.lesson),
        definition: { type: 'http://adlnet.gov/expapi/activities/lesson', name: e.titles || { 'en-US': e.lesson } } };
      statement.result = { completion: true, success: e.score >= 0.5,
        score: { scaled: e.score, raw: Math.round(e.score * 100), min: 0, max: 100 } };
      if (e.lang) statement.context = context;
      return statement;
    }
    const definition = { type: 'http://adlnet.gov/expapi/activities/cmi.interaction',
      name: e.prompts || { 'en-US': e.prompt || '' }, interactionType: interactionType(e) };
    if (e.correct !== undefined) definition.correctResponsesPattern = [e.correct];
    if (definition.interactionType === 'choice') {
      definition.choices = e.choices.map((c, i) => ({ id: c,
        description: (e.choice_labels && e.choice_labels[i]) || { 'en-US': c } }));
    }
    statement.object = { objectType: 'Activity', id: lessonActivity(e.lesson) + ':question:' + e.line, definition };
    statement.result = { success: e.right, response: e.revealed ? '' : e.response,
      score: { raw: e.points, min: 0, max: 1, scaled: e.points },
      extensions: { 'urn:tcplab:attempts': e.attempts, 'urn:tcplab:revealed': e.revealed } };
    statement.context = Object.assign(context,
      { contextActivities: { parent: [{ id: lessonActivity(e.lesson), objectType: 'Activity' }] } });
    return statement;
  }
  const EVENT_NAMES = Object.keys(EVENT_TYPES);

  function checkListener(where, type, fn) {
    if (!Object.prototype.hasOwnProperty.call(EVENT_TYPES, type)) {
      throw new TypeError(where + ': type: expected one of ' + EVENT_NAMES.join(', ') + ', got ' +
        (typeof type === 'string' ? "'" + type + "'" : describe(type)));
    }
    if (typeof fn !== 'function') throw new TypeError(where + ': listener: expected a function, got ' + describe(fn));
  }

  // --- the Lab --------------------------------------------------------------

  class Lab {
    // `raw`: a LabApi (the Embind object); `owned`: delete() frees it.
    constructor(raw, owned) {
      this._raw = raw;
      this._owned = owned;
      this._listeners = {};
      EVENT_NAMES.forEach((t) => { this._listeners[t] = []; });
      this._queue = [];
      this._dispatching = false;
      this._segments = new Map();  // segment id -> its 'segment' record, for the fates
      this._actor = null;  // the xAPI actor (setActor)
    }

    // One LabApi call with text arguments: the "ok" value, or a thrown TcpLabError.
    _call(name, args, changes) {
      if (!this._raw) throw new TcpLabError(name + ': this lab has been deleted', name);
      const answer = JSON.parse(this._raw.call(name, args));
      if (changes) this.pump();
      if (Object.prototype.hasOwnProperty.call(answer, 'error')) throw new TcpLabError(answer.error, name);
      return answer.ok;
    }

    // The pcap file (LINKTYPE_RAW) of what `host` saw; the first host when left out.
    pcap(host) {
      if (host !== undefined && typeof host !== 'string') {
        throw new TypeError('pcap: host: expected a string, got ' + describe(host));
      }
      if (!this._raw) throw new TcpLabError('pcap: this lab has been deleted', 'pcap');
      const bytes = this._raw.pcap(host === undefined ? '' : host);
      if (typeof bytes === 'string') throw new TcpLabError(bytes, 'pcap');
      return bytes;
    }

    // The trace as objects, one per JSON Lines record (docs/trace-format.md).
    trace() {
      return this.traceJsonl().split('\n').filter((line) => line !== '').map((line) => JSON.parse(line));
    }

    on(type, fn) {
      checkListener('on', type, fn);
      this._listeners[type].push({ fn, once: false });
      return this;
    }

    once(type, fn) {
      checkListener('once', type, fn);
      this._listeners[type].push({ fn, once: true });
      return this;
    }

    off(type, fn) {
      checkListener('off', type, fn);
      const list = this._listeners[type];
      const i = list.findIndex((l) => l.fn === fn);
      if (i >= 0) list.splice(i, 1);
      return this;
    }

    // Delivers what happened since the last pump to the listeners, in order;
    // returns how many events were taken. Every method that may change the
    // lab calls it before returning; the page calls it once per frame. A
    // listener that calls the lab gets its own events delivered after the
    // ones already waiting, never in the middle of them.
    pump() {
      if (!this._raw) return 0;
      const events = JSON.parse(this._raw.takeEvents());
      for (const e of events) this._queue.push(e);
      if (this._dispatching) return events.length;
      this._dispatching = true;
      try {
        while (this._queue.length > 0) this._dispatch(this._queue.shift());
      } finally {
        this._dispatching = false;
      }
      return events.length;
    }

    _dispatch(e) {
      // After a rewind to t the records up to t stand; the ones after it are replayed anew.
      if (e.type === 'reset') this._segments.clear();
      if (e.type === 'rewind') {
        // (forEach: emcc 3.1.6's JS optimizer mangles a destructuring for-of)
        const t = Math.round(e.t * 1e6);
        this._segments.forEach((seg, id) => { if (seg.t > t) this._segments.delete(id); });
      }
      if (e.type === 'segment') this._segments.set(e.id, e);
      if (e.type === 'fate' && this._segments.has(e.id)) e.segment = this._segments.get(e.id);
      if (COURSE_TYPES.indexOf(e.type) >= 0) e.statement = statementFor(e, this._actor);
      for (const type of EVENT_NAMES) {
        if (!EVENT_TYPES[type](e)) continue;
        for (const l of this._listeners[type].slice()) {
          if (l.once) this.off(type, l.fn);
          try {
            l.fn(e, this);
          } catch (err) {
            // One broken listener must not stop the lab or the others.
            console.error("tcplab: a '" + type + "' listener threw:", err);
          }
        }
      }
    }

    // Who the xAPI statements name as their actor (an xAPI Agent:
    // {objectType: 'Agent', name, mbox | account}); null: an anonymous learner.
    setActor(agent) {
      if (agent !== null && (typeof agent !== 'object' || Array.isArray(agent))) {
        throw new TypeError('setActor: agent: expected an xAPI Agent object or null, got ' + describe(agent));
      }
      this._actor = agent;
      return this;
    }

    // Frees the lab's LabApi (when the lab made it); the Lab is unusable afterwards.
    delete() {
      if (!this._raw) return;
      if (this._owned) this._raw.delete();
      this._raw = null;
    }
  }

  METHODS.forEach((method) => {
    Lab.prototype[method.name] = function () {
      return this._call(method.name, textArgs(method, Array.prototype.slice.call(arguments)), method.changes);
    };
  });

  // A capture's bytes go to C++ as they are (a 100,000-packet capture is
  // tens of megabytes: no hex text on the way); a string goes the usual way.
  const loadCaptureText = Lab.prototype.loadCapture;
  Lab.prototype.loadCapture = function (bytes, name) {
    const raw = this._raw;
    if (!(bytes instanceof Uint8Array) || !raw || typeof raw.loadCaptureBytes !== 'function' ||
        (name !== undefined && typeof name !== 'string') || arguments.length > 2) {
      return loadCaptureText.apply(this, arguments);
    }
    const answer = JSON.parse(raw.loadCaptureBytes(bytes, name === undefined ? '' : name));
    this.pump();
    if (Object.prototype.hasOwnProperty.call(answer, 'error')) throw new TcpLabError(answer.error, 'loadCapture');
    return answer.ok;
  };

  // A lab of its own, with the lessons built into the module. `options`:
  // settings as reset() takes them ({profile: 'linux', loss: '5%'} or a query).
  function createLab(options) {
    if (options !== undefined && !KINDS.settings[1](options)) {
      throw new TypeError('createLab: options: expected ' + KINDS.settings[0] + ', got ' + describe(options));
    }
    const raw = new Module['LabApi']('/scenarios');
    // The page has no file system: it hands over the lessons built into it.
    if (Module['labLoadPageLessons']) Module['labLoadPageLessons'](raw);
    const lab = new Lab(raw, true);
    if (options !== undefined) {
      try {
        lab.reset(options);
      } catch (err) {
        lab.delete();
        throw err;
      }
    }
    lab.pump();  // the first world's records are history, not news
    return lab;
  }

  // A Lab around a LabApi someone else owns (the page's): delete() leaves it alone.
  function wrapLab(raw, options) {
    if (raw === null || typeof raw !== 'object' || typeof raw.call !== 'function') {
      throw new TypeError('wrapLab: raw: expected a LabApi, got ' + describe(raw));
    }
    const lab = new Lab(raw, Boolean(options && options.owned));
    // The page's lab started before anyone could listen (a lesson from the
    // URL is already under way): its first pump, right after tcplab-ready,
    // tells the listeners added then everything from the world's start.
    if (!(options && options.page)) lab.pump();  // elsewhere, events are what happens next
    return lab;
  }

  Module['TcpLabError'] = TcpLabError;
  Module['createLab'] = createLab;
  Module['wrapLab'] = wrapLab;
  Module['Lab'] = Lab;
  // For tests and tools: the API's method table as this file knows it.
  Module['labMethods'] = METHODS.map((m) => ({ name: m.name, params: m.params.map((p) => p.name + (p.optional ? '?' : '')) }));
  Module['labEvents'] = EVENT_NAMES.slice();
})(Module);
