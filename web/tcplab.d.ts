// TypeScript declarations of TCP Lab's JavaScript API (docs/embedding.md).
//
// The Node module, tcplab-core.js, exports the factory createTcpLab (it is
// CommonJS: module.exports = createTcpLab); tcplab-core.d.ts next to it
// re-exports these declarations, so
//     import createTcpLab = require('./tcplab-core.js');
// is typed. In the page, the lab is window.tcplab.
//
// Times in answers are seconds (numbers); times in trace records ("t",
// "arrival", "deadline", "duration") are integer microseconds, as in
// docs/trace-format.md.

declare function createTcpLab(moduleOverrides?: createTcpLab.ModuleOptions): Promise<createTcpLab.TcpLabModule>;

declare namespace createTcpLab {
  // --- values ---------------------------------------------------------------

  /** RFC 9293's states, spelled as the RFC spells them. */
  type TcpState =
    | 'CLOSED' | 'LISTEN' | 'SYN-SENT' | 'SYN-RECEIVED' | 'ESTABLISHED' | 'FIN-WAIT-1'
    | 'FIN-WAIT-2' | 'CLOSE-WAIT' | 'CLOSING' | 'LAST-ACK' | 'TIME-WAIT';
  type TimerName = 'retransmit' | 'time-wait' | 'persist' | 'delayed-ack' | 'keepalive' | 'user-timeout' | 'rack-reorder' | 'loss-probe';
  /** Seconds as a number (1.5), or text with a unit: "250ms", "1.5s", "2min". */
  type Duration = number | string;
  /** The languages the lab speaks (URL key lang). */
  type Language = 'en' | 'zh-CN';
  /** "client->server", "server->client", "c2s" or "s2c". */
  type Direction = string;
  /** A host ("client", "server": its newest connection) or a connection ("c", "l.1"). */
  type Who = string;

  // --- settings (lab_params.h: the URL parameters' keys) ----------------------

  /** One direction of the link (docs/scenario-format.md, "Link keys"). */
  interface LinkSettings {
    latency?: Duration;
    jitter?: Duration;
    /** "9600bps", "512kbps", "10Mbps", "1Gbps" */
    bandwidth?: string;
    /** packets that may wait behind the one on the wire (drop-tail) */
    queue?: number;
    /** probabilities: "5%" or 0.05 */
    loss?: number | string;
    duplicate?: number | string;
    reorder?: number | string;
    reorder_delay?: Duration;
    corrupt?: number | string;
    mtu?: number;
  }
  type PerDirection<P extends string> = { [K in keyof LinkSettings as `${P}.${K}`]?: LinkSettings[K] };

  /**
   * The lab's settings: createLab()'s options, reset()'s argument and the
   * page's URL parameters use the same keys. Link keys apply to both
   * directions; c2s / s2c (or "c2s.loss"...) to one.
   */
  interface Settings extends LinkSettings, PerDirection<'c2s'>, PerDirection<'s2c'> {
    /** a lesson by file name: "lost-syn" */
    lesson?: string;
    /** a whole scenario's text (docs/scenario-format.md, at most 64 KiB), played as the lesson "scenario"; not with lesson */
    scenario?: string;
    /** the page's language: English or Simplified Chinese (the browser's language by default on the page) */
    lang?: Language;
    /** the page's clock speed, 0.1 .. 10 */
    speed?: number;
    /** whether the page's clock runs from the start */
    autoplay?: boolean;
    profile?: 'rfc9293' | 'linux';
    /** MSL (TIME-WAIT lasts 2·MSL), or "real" for the profile's own */
    msl?: Duration;
    /** with a lesson, in place of its own seed (the other setup keys are errors with a lesson) */
    seed?: number | string;
    delayed_ack?: boolean;
    receive_buffer?: number;
    syn_retries?: number;
    synack_retries?: number;
    c2s?: LinkSettings;
    s2c?: LinkSettings;
    /** the page's panels: "controls,timers,fsm,ladder,inspector,narration" */
    panels?: string;
    layout?: 'compact' | 'full';
    /** the congestion control algorithm of both hosts, or of one (RFC 5681, RFC 6582, RFC 9438) */
    congestion?: CongestionAlgorithm;
    'client.congestion'?: CongestionAlgorithm;
    'server.congestion'?: CongestionAlgorithm;
    /** the window lane under the ladder */
    lane?: boolean;
    /** the time-sequence graph in the ladder's place */
    graph?: 'ladder' | 'sequence';
    /** whose window and data the lane and the graph show */
    sender?: 'client' | 'server';
    /** the comparison: the sender's cwnd in the same run with this algorithm, over the lane's */
    compare?: CongestionAlgorithm | 'off';
    /** a shared run's inputs (as shareQuery() writes them) */
    run?: string;
    /** the time a shared run was taken at */
    t?: Duration;
  }

  /** inject()'s segment fields: sequence expressions ("rcv_nxt+1000"), window, payload. */
  interface InjectSettings {
    seq?: number | string;
    ack?: number | string;
    win?: number;
    data?: string | Uint8Array;
  }

  // --- answers ----------------------------------------------------------------

  type LessonGroup = 'setting-up' | 'closing' | 'resets' | 'timers' | 'data-transfer' | 'congestion' | 'more';
  interface LessonInfo {
    name: string;
    description: string;
    /** the course's metadata (docs/scenario-format.md, "The course") */
    title: string;
    group: LessonGroup;
    /** false: the group was inferred, the lesson names none */
    grouped: boolean;
    summary: string;
    /** 0 when not given */
    minutes: number;
    order: number;
    questions: number;
    steps: number;
  }
  /** What a question asks about (`ask` in a scenario). */
  type AskWhat = 'state' | 'timer' | 'flags' | 'seq' | 'ack' | 'fate';
  interface QuestionInfo {
    index: number;
    line: number;
    what: AskWhat;
    /** in the lab's language (language()): the lesson's translation, or the lab's own wording */
    prompt: string;
    /** the language of prompt and labels: "en" or "zh-CN" */
    lang: Language;
    /** the statement as written */
    text: string;
    /** seconds: where the clock stops to ask; null when the run never gets there */
    at: number | null;
    /** multiple choice (flags, fate, timer); empty for state and numbers */
    choices: string[];
    /** the choices as the learner reads them, in the lab's language (answer() takes `choices`) */
    choice_labels: string[];
    hints: number;
    attempts: number;
    right: boolean;
    revealed: boolean;
    points: number;
    /** only once answered right or revealed */
    answer: string | null;
    /** the answer in the lab's language, when answer is given */
    answer_label: string | null;
  }
  interface RuleInfo {
    id: string;
    /** the rule's sentence in the lab's language */
    text: string;
    reference: string;
  }
  interface AnswerResult {
    right: boolean;
    attempts: number;
    /** 1, 0.5, 0.25 for a right answer at the 1st, 2nd, later attempt */
    points: number;
    answer: string | null;
    /** the answer in the lab's language, when answer is given */
    answer_label: string | null;
    rule: RuleInfo | null;
    /** what happened, in the lab's language (empty until answered right) */
    seen: string;
  }
  interface RevealResult {
    answer: string;
    answer_label: string;
    rule: RuleInfo | null;
    seen: string;
  }
  interface LessonScore {
    /** 0..1 */
    score: number;
    percent: number;
    points: number;
    questions: number;
    settled: number;
  }
  interface ScenarioInfo {
    name: string;
    description: string;
    /** the scenario's expectations as written, with their lines */
    expectations: { line: number; text: string }[];
  }
  interface ExpectationResult {
    /** the expectation's line in the scenario */
    line: number;
    text: string;
    passed: boolean;
    /** what the run showed */
    seen: string;
  }
  interface StepResult {
    /** the clock after the step, seconds */
    t: number;
    /** whether anything is left to happen */
    more: boolean;
  }
  interface ConnectionInfo {
    name: string;
    host: string;
    state: TcpState;
    /** "10.0.0.1:40000" */
    local: string;
    remote: string;
  }
  /** The transmission control block (RFC 9293 §3.3.1). */
  interface Tcb extends ConnectionInfo {
    iss: number;
    irs: number;
    snd_una: number;
    snd_nxt: number;
    snd_wnd: number;
    rcv_nxt: number;
    rcv_wnd: number;
    /** seconds; null before the first RTT sample */
    srtt: number | null;
    rttvar: number | null;
    rto: number;
    /** the send MSS */
    mss: number;
    /** octets SEND queued and not yet acknowledged / arrived and not yet read / held beyond a gap */
    send_queued: number;
    receive_queued: number;
    out_of_order: number;
    /** made by a passive OPEN (a listener's child) */
    passive: boolean;
  }
  interface TimerInfo {
    conn: string;
    host: string;
    timer: TimerName;
    /** seconds left */
    remaining: number;
    /** seconds it was armed for */
    duration: number;
    backoff: number;
  }
  /** One link direction as it is: times in seconds, probabilities as fractions. */
  interface LinkState {
    latency: number;
    jitter: number;
    /** bits per second; 0: unlimited */
    bandwidth: number;
    /** 0: unbounded */
    queue: number;
    loss: number;
    duplicate: number;
    reorder: number;
    reorder_delay: number;
    corrupt: number;
    mtu: number;
  }
  /** settings(): the lab as it is now. */
  interface LabSettings {
    lesson: string | null;
    profile: 'rfc9293' | 'linux';
    /** the running world's MSL in seconds, as the time bar and the Timers panel show it */
    msl: number;
    /** whether that is the profile's own MSL (msl=real) */
    real_msl: boolean;
    delayed_ack: boolean;
    receive_buffer: number;
    syn_retries: number | null;
    synack_retries: number | null;
    /** a decimal string: 64 bits do not fit a number */
    seed: string;
    /** what TIME-WAIT lasts in the running world, seconds */
    time_wait: number;
    /** by direction name: "client->server", "server->client" */
    link: { [direction: string]: LinkState };
    speed: number;
    playing: boolean;
    lang: Language;
    panels: string[];
    layout: 'full' | 'compact';
    lane: boolean;
    graph: 'ladder' | 'sequence';
    sender: 'client' | 'server';
    compare: CongestionAlgorithm | null;
  }

  type CongestionAlgorithm = 'tahoe' | 'reno' | 'newreno' | 'cubic';
  type CongestionPhase = 'slow-start' | 'congestion-avoidance' | 'fast-recovery' | 'loss-recovery';
  /** One congestion-control decision: the sender's window after it. */
  interface WindowPoint {
    /** seconds */
    t: number;
    phase: CongestionPhase;
    /** octets */
    cwnd: number;
    /** 4294967295 until the first congestion event ("arbitrarily high", RFC 5681 §3.1) */
    ssthresh: number;
    flight: number;
    dup_acks: number;
    /** the rule: "cc.slow-start", "cc.fast-retransmit", ... */
    why: string;
    /** the segment behind it: the ACK that arrived, a timeout's retransmission; null for the initial window */
    segment: number | null;
  }
  /** The window the peer advertised, as the sender learnt it (scaled). */
  interface PeerWindowPoint {
    t: number;
    window: number;
    segment: number;
  }
  interface WindowMark {
    t: number;
    kind: 'dup-ack' | 'fast-retransmit' | 'timeout' | 'window-update';
    segment: number | null;
  }
  /** A sender's window over time (windowSeries()), each list in time order. */
  interface WindowSeries {
    conn: string;
    host: string;
    points: WindowPoint[];
    peer_window: PeerWindowPoint[];
    marks: WindowMark[];
  }

  // --- a real capture (docs/capture.md, "In the page") ---------------------------

  interface CaptureStream {
    /** Wireshark's tcp.stream */
    index: number;
    /** "127.0.0.1:47458": side a sent the stream's first packet */
    a: string;
    b: string;
    packets: number;
    payload_bytes: number;
    first_frame: number;
    last_frame: number;
    /** seconds from its first packet to its last */
    duration: number;
    syn: boolean;
    fin: boolean;
    rst: boolean;
  }
  /** One end's state change inferred from the wire. */
  interface CaptureInference {
    /** the frame (numbered as Wireshark does) that caused it */
    frame: number;
    /** a side name: "client"/"server" when a SYN shows who opened, else "a"/"b" */
    side: string;
    from: TcpState;
    to: TcpState;
    /** the RFC rule the end followed (core/tcp/rules.h ids), null for a capture that starts mid-stream */
    rule: string | null;
    /** how the observer knows: "capture.sent", "capture.answered", "capture.unanswered", ... */
    basis: string;
    /** false: assumed, the capture does not prove it */
    certain: boolean;
    /** the frame of the end's segment that confirmed it */
    proved_by: number | null;
  }
  interface CaptureInfo {
    name: string;
    format: 'pcap' | 'pcapng';
    frames: number;
    tcp_frames: number;
    /** what was left out (non-TCP frames...), one line per kind */
    skipped: string;
    streams: CaptureStream[];
    /** the stream replayed, null when none could be */
    stream: number | null;
    /** the rest only when a stream is replayed */
    packets?: number;
    sides?: [string, string];
    /** each end's state after the stream's last packet, by side name */
    states?: { [side: string]: { state: TcpState; certain: boolean } };
    inferences?: CaptureInference[];
  }

  // --- trace records (docs/trace-format.md) -----------------------------------

  interface RecordBase {
    /** microseconds since the start */
    t: number;
    type: string;
    [field: string]: unknown;
  }
  interface SegmentRecord extends RecordBase {
    type: 'segment';
    id: number;
    from: string;
    to: string;
    conn: string | null;
    src: string;
    dst: string;
    seq: number;
    ack: number;
    /** "SYN", "SYN,ACK", "PSH,ACK" */
    flags: string;
    len: number;
    win: number;
    payload: number;
    why: string | null;
    retransmission: boolean;
    origin: 'stack' | 'duplicate' | 'injected';
    copy_of: number | null;
    arrival: number | null;
    bytes: string;
  }
  type Fate = 'delivered' | 'corrupted' | 'lost' | 'queue-full' | 'too-big' | 'dropped' | 'held' | 'released' | 'duplicated';
  interface FateRecord extends RecordBase {
    type: 'fate';
    id: number;
    fate: Fate;
    arrival: number | null;
    detail: string;
    /** events only: the segment this is the fate of */
    segment?: SegmentRecord;
  }
  interface StateRecord extends RecordBase {
    type: 'state';
    host: string;
    conn: string;
    from: TcpState;
    to: TcpState;
    cause: string;
  }
  interface TimerRecord extends RecordBase {
    type: 'timer';
    host: string;
    conn: string;
    timer: TimerName;
    event: 'armed' | 'stopped' | 'fired';
    deadline?: number;
    duration?: number;
    backoff?: number;
  }
  type TraceRecord = SegmentRecord | FateRecord | StateRecord | TimerRecord | RecordBase;

  // --- events -------------------------------------------------------------------

  interface ScenarioFinishedEvent {
    type: 'scenario-finished';
    passed: boolean;
    results: ExpectationResult[];
  }
  interface ResetEvent {
    type: 'reset';
  }
  interface RewindEvent {
    type: 'rewind';
    /** seconds */
    t: number;
  }
  /** An xAPI 1.0.3 statement (the parts the lab fills in). */
  interface XapiStatement {
    actor: XapiAgent;
    verb: { id: string; display: { [lang: string]: string } };
    object: {
      objectType: 'Activity';
      id: string;
      definition: {
        type: string;
        name: { [lang: string]: string };
        interactionType?: 'choice' | 'numeric' | 'fill-in';
        correctResponsesPattern?: string[];
        choices?: { id: string; description: { [lang: string]: string } }[];
      };
    };
    result: {
      success?: boolean;
      completion?: boolean;
      response?: string;
      score: { raw: number; min: number; max: number; scaled: number };
      extensions?: { [iri: string]: unknown };
    };
    context?: {
      /** the language the learner used: "en-US" or "zh-CN" */
      language?: string;
      contextActivities?: { parent: { id: string; objectType: 'Activity' }[] };
    };
    timestamp: string;
  }
  interface XapiAgent {
    objectType?: 'Agent';
    name?: string;
    mbox?: string;
    account?: { homePage: string; name: string };
  }
  interface QuestionAnsweredEvent {
    type: 'question-answered';
    lesson: string;
    question: number;
    line: number;
    what: AskWhat;
    /** the lab's language when answered */
    lang: Language;
    /** in that language */
    prompt: string;
    /** the prompt in every language the lab words it: {"en-US": ..., "zh-CN": ...} */
    prompts: { [lang: string]: string };
    correct: string;
    choices: string[];
    /** each choice in every language, as prompts */
    choice_labels: { [lang: string]: string }[];
    response: string;
    right: boolean;
    revealed: boolean;
    attempts: number;
    points: number;
    /** seconds */
    t: number;
    statement: XapiStatement;
  }
  interface LessonCompletedEvent {
    type: 'lesson-completed';
    lesson: string;
    lang: Language;
    /** the lesson's title in every language it has: {"en-US": ..., "zh-CN": ...} */
    titles?: { [lang: string]: string };
    /** 0..1 */
    score: number;
    points: number;
    questions: number;
    t: number;
    statement: XapiStatement;
  }
  /** What on(type, listener) passes for each event type. */
  interface LabEventMap {
    /** every trace record */
    record: TraceRecord;
    stateChanged: StateRecord;
    segmentSent: SegmentRecord;
    segmentArrived: FateRecord;
    /** lost, dropped, queue-full, too-big or corrupted */
    segmentLost: FateRecord;
    timerFired: TimerRecord;
    scenarioFinished: ScenarioFinishedEvent;
    reset: ResetEvent;
    rewind: RewindEvent;
    questionAnswered: QuestionAnsweredEvent;
    lessonCompleted: LessonCompletedEvent;
    /** both of the above: each carries its xAPI statement */
    statement: QuestionAnsweredEvent | LessonCompletedEvent;
  }
  type LabEventType = keyof LabEventMap;
  type LabListener<K extends LabEventType> = (event: LabEventMap[K], lab: Lab) => void;

  // --- the lab ------------------------------------------------------------------

  /** Every method throws TcpLabError when the lab refuses the call, TypeError for a wrong argument type. */
  interface Lab {
    // setup
    /** A new world from settings (strict: an unknown key throws). */
    reset(settings?: Settings | string): null;
    lessons(): LessonInfo[];
    loadLesson(name: string): ScenarioInfo;
    /** Scenario-format text (docs/scenario-format.md); errors read NAME:LINE:COL ("scenario" without a name). */
    loadScenario(text: string, name?: string): ScenarioInfo;
    /** null until the loaded scenario's end is reached. */
    results(): ExpectationResult[] | null;
    runToEnd(): ExpectationResult[];
    // questions (`ask`): answers come from the run itself
    questions(): QuestionInfo[];
    /** The question the clock stopped at, or null. */
    question(): QuestionInfo | null;
    /** Runs to the next question and asks it (null: none left). */
    runToQuestion(): QuestionInfo | null;
    answer(response: string): AnswerResult;
    /** The next hint's text in the lab's language (the lesson's translation, else its English), or null when the lesson gives none. */
    hint(): string | null;
    reveal(): RevealResult;
    score(): LessonScore;
    // user calls
    /** Passive OPEN; returns the connection's name. */
    listen(host: string, port: number): string;
    /** Active OPEN to the other host; returns the connection's name. */
    connect(host: string, port: number, localPort?: number): string;
    /** null, or the RFC's error text when TCP refuses the call. */
    send(who: Who, bytes: string | Uint8Array): string | null;
    close(who: Who): string | null;
    abort(who: Who): string | null;
    reading(who: Who, on: boolean): null;
    /**
     * The application keeps the send buffer full (a bulk sender): it writes the
     * 'a'..'z' pattern whenever room opens, until stopStream(), or for `octets`
     * octets. The octets are made as they are written, never stored.
     */
    stream(who: Who, octets?: number): string | null;
    /** The streaming application stops writing (what TCP already holds is still sent). */
    stopStream(who: Who): string | null;
    // faults
    dropNext(direction: Direction, filter?: string): null;
    holdNext(direction: Direction, filter: string, label: string): null;
    /** The id of the segment taken off the wire, or null when none matched. */
    dropInFlight(direction: Direction, filter?: string): number | null;
    holdInFlight(direction: Direction, filter: string, label: string): number | null;
    release(label: string): null;
    setLink(direction: Direction | 'both', settings: LinkSettings | string): null;
    inject(who: Who, flags: string, settings?: InjectSettings | string): null;
    // time
    step(): StepResult;
    /** Returns the clock, seconds. */
    runFor(duration: Duration): number;
    runUntil(time: Duration): number;
    play(): null;
    pause(): null;
    setSpeed(x: number): null;
    /** The page's language, "en" or "zh-CN". */
    language(): Language;
    /** Show the page in a language; share links keep it. Throws on any other tag. */
    setLanguage(lang: Language): null;
    rewind(time: Duration): number;
    now(): number;
    // reading
    state(who: Who): TcpState;
    /** By host name: { client, server } in the lab (a scenario's own host names when it has others). */
    states(): { [host: string]: TcpState };
    connections(): ConnectionInfo[];
    tcb(who: Who): Tcb;
    timers(who?: Who): TimerInfo[];
    /**
     * A host (its busiest sender) or a connection: null before its first congestion decision.
     * With an algorithm: the same link, seed and inputs run again with who's host using it.
     */
    windowSeries(who: Who, algorithm?: CongestionAlgorithm): WindowSeries | null;
    traceJsonl(): string;
    /** 16 hex digits: equal digests, equal traces. */
    digest(): string;
    /** The query of a link that reproduces this run. */
    shareQuery(): string;
    settings(): LabSettings;
    // a real capture: shown in the page instead of the run until closed
    /** Opens a pcap or pcapng capture and replays its first stream; a bad file throws naming the file and the packet. */
    loadCapture(bytes: Uint8Array | string, name?: string): CaptureInfo;
    selectStream(index: number): CaptureInfo;
    capture(): CaptureInfo | null;
    closeCapture(): null;
    // JavaScript only
    /** A pcap file (LINKTYPE_RAW) of what `host` saw; the first host when left out. */
    pcap(host?: string): Uint8Array;
    /** traceJsonl(), parsed. */
    trace(): TraceRecord[];
    on<K extends LabEventType>(type: K, listener: LabListener<K>): this;
    once<K extends LabEventType>(type: K, listener: LabListener<K>): this;
    off<K extends LabEventType>(type: K, listener: LabListener<K>): this;
    /** Delivers waiting events; returns how many there were. */
    pump(): number;
    /** Frees a lab made by createLab(). */
    delete(): void;
    /** Who the xAPI statements name as actor; null: an anonymous learner. */
    setActor(agent: XapiAgent | null): this;
  }

  interface TcpLabError extends Error {
    name: 'TcpLabError';
    /** the Lab method that failed */
    method: string;
  }
  interface TcpLabErrorConstructor {
    new (message: string, method: string): TcpLabError;
    readonly prototype: TcpLabError;
  }

  /** The Embind class under a Lab (core/lab/lab_api.h): text in, JSON text out. */
  interface RawLabApi {
    call(method: string, args: string[]): string;
    takeEvents(): string;
    pcap(host: string): Uint8Array | string;
    /** loadCapture with the bytes as they are: {"ok": ...} or {"error": ...} as JSON text */
    loadCaptureBytes(bytes: Uint8Array, name: string): string;
    delete(): void;
  }
  interface ApiMethodInfo {
    name: string;
    /** "host, port, localPort?" */
    params: string;
    summary: string;
  }
  interface StateInfo {
    name: TcpState;
    meaning: string;
    synchronized: boolean;
  }
  interface ScenarioRunResult {
    error?: string;
    digest: string;
    passed: boolean;
    failures: number;
    records: number;
    ladder: string;
  }

  interface TcpLabModule {
    /** A lab of its own, with the built-in lessons; options as reset() takes them. */
    createLab(options?: Settings | string): Lab;
    /** A Lab around a LabApi someone else owns (the page's). */
    wrapLab(raw: RawLabApi, options?: { page?: boolean; owned?: boolean }): Lab;
    TcpLabError: TcpLabErrorConstructor;
    /** LabApi::methods(): every Lab method that goes to C++. */
    apiMethods(): ApiMethodInfo[];
    LabApi: new (lessonsDir: string) => RawLabApi;
    allStates(): StateInfo[];
    stateName(index: number): string;
    /** Runs scenario text to its end (as `tcplab run`). */
    runScenario(text: string, file: string): ScenarioRunResult;
    traceDigest(text: string, file: string): string;
  }

  /** Emscripten's module overrides (print, printErr, locateFile...). */
  interface ModuleOptions {
    print?: (text: string) => void;
    printErr?: (text: string) => void;
    [key: string]: unknown;
  }
}

declare global {
  interface Window {
    /** The page's lab (index.html, embed.html), once the module has started. */
    tcplab?: createTcpLab.Lab;
  }
}

export = createTcpLab;
