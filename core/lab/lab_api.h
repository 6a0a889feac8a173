// The lab as course material drives it. The JavaScript API (web/bindings.cpp
// + web/tcplab_api.js, the same in the page and in Node) is a thin layer over
// this class: every method takes its arguments as text, checks them here and
// answers with JSON, so the page, Node and the native tests share one set of
// rules and one set of error messages. docs/embedding.md is the reference.
//
// Conventions of the text arguments (the JS layer converts to them):
//   - times: seconds as a plain number ("1.5") or a duration with a unit
//     ("250ms", "1.5s", "2min"); answers give times in seconds (numbers);
//   - who: a host name ("client", "server": its newest connection) or a
//     connection name ("c", "l.1");
//   - direction: "client->server", "server->client" (or "c2s", "s2c");
//   - filter: the scenario format's segment filter ("SYN,ACK", "pure ACK",
//     "data", "#12"); empty: any segment;
//   - settings: key=value pairs joined by '&' (lab_params.h vocabulary);
//   - bytes: text as is, or "0x" followed by hex digits (a Uint8Array);
//   - an optional argument left out is simply absent from `args`.
// Argument errors come back as {"error": "connect: port: expected a port
// number from 1 to 65535, got '0'"} and change nothing. A call TCP itself
// refuses (CLOSE on a closed connection) is not an argument error: the call
// answers with the RFC's error text, as the trace records it.
#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/lab/lab_params.h"
#include "core/lab/lab_session.h"
#include "core/base/result.h"

namespace tcplab {

class TraceNames;
class QuestionWords;  // core/lab/question_words.h

// Methods (JS name(arguments) -> the "ok" value):
//   setup
//     reset(settings?)            -> null       a new world from settings (lab_params keys, strict)
//     lessons()                   -> [{name, description}]
//     loadLesson(name)            -> {name, description, expectations}
//     loadScenario(text, name?)   -> {name, description, expectations}   scenario-format text
//     results()                   -> null | [{line, text, passed, seen}]  once the scenario's end is reached
//     runToEnd()                  -> [{line, text, passed, seen}]        runs the loaded scenario to its end
//   questions (`ask` in the scenario; answers come from the run itself)
//     questions()                 -> [{index, line, what, prompt, at, choices, hints, attempts, right, revealed, points, answer}]
//     question()                  -> the question the clock stopped at, or null
//     runToQuestion()             -> runs to the next question and asks it; the question, or null
//     answer(response)            -> {right, attempts, points, answer, rule, seen}   (answer/rule only when right)
//     hint()                      -> the next hint's text, or null
//     reveal()                    -> {answer, rule, seen}   gives up: no points, the clock runs on
//     score()                     -> {score (0..1), percent, points, questions, settled}
//   user calls (who: host or connection)
//     listen(host, port)          -> connection name
//     connect(host, port, localPort?) -> connection name   (to the other host)
//     send(who, bytes)            -> null | RFC error text
//     close(who), abort(who)      -> null | RFC error text
//     reading(who, on)            -> null   whether the application reads arriving data at once
//     stream(who, octets?)        -> null   the application keeps the send buffer full (until
//                                           stopStream, or for octets); its octets are not stored
//     stopStream(who)             -> null   the streaming application stops writing
//   faults
//     dropNext(direction, filter?), holdNext(direction, filter, label)      -> null
//     dropInFlight(direction, filter?), holdInFlight(direction, filter, label) -> segment id | null (none on the wire)
//     release(label)              -> null
//     setLink(direction|"both", settings)  -> null   link keys only: latency, loss, ...
//     inject(who, flags, settings?) -> null   settings: seq, ack (sequence expressions), win, data
//   time
//     step()                      -> {t, more}    one event
//     runFor(duration), runUntil(time) -> t       (runUntil never goes backwards)
//     play(), pause()             -> null         the page's clock (Node only moves on run*/step)
//     setSpeed(x)                 -> null         0.1 .. 10
//     language()                  -> "en" | "zh-CN"  the page's language (URL key lang)
//     setLanguage(lang)           -> null         "en" or "zh-CN"
//     rewind(time)                -> t
//     now()                       -> t
//   reading
//     state(who)                  -> "ESTABLISHED" ("CLOSED" for a host with no connection)
//     states()                    -> {client: "...", server: "..."}
//     connections()               -> [{name, host, state, local, remote}]
//     tcb(who)                    -> {name, host, state, local, remote, iss, irs, snd_una, snd_nxt,
//                                     snd_wnd, rcv_nxt, rcv_wnd, srtt, rttvar, rto, ...}
//     timers(who?)                -> [{conn, host, timer, remaining, duration, backoff}]
//     windowSeries(who, algorithm?) -> null | {conn, host, points:[{t, phase, cwnd, ssthresh, flight,
//                                     dup_acks, why, segment}], peer_window:[{t, window, segment}],
//                                     marks:[{t, kind, segment}]}   (core/sim/window_series.h); with an
//                                     algorithm: the same run with who's host using it (compare_run.h)
//     traceJsonl()                -> the JSON Lines trace (docs/trace-format.md) as one string
//     digest()                    -> the trace digest (16 hex digits)
//     shareQuery()                -> the query of a link that reproduces this run
//     settings()                  -> {profile, msl, seed, speed, playing, lesson, ...}
//   a real capture (pcap, pcapng; lab_capture.h): shown instead of the run until closed
//     loadCapture(bytes, name?)   -> capture()   opens it and replays its first stream
//     selectStream(index)         -> capture()   replays another of its streams
//     capture()                   -> null | {name, format, frames, tcp_frames, skipped, streams, stream,
//                                     packets, sides, states: {client: {state, certain}, ...}, inferences}
//     closeCapture()              -> null
class LabApi {
 public:
  // Owns its session; lessons come from the *.scenario files in `lessons_dir`
  // (none when empty or missing).
  explicit LabApi(const std::string& lessons_dir = "");
  // Drives a session someone else owns and draws (the page's LabApp).
  explicit LabApi(LabSession& session);
  ~LabApi();
  LabApi(const LabApi&) = delete;
  LabApi& operator=(const LabApi&) = delete;

  // One method call: returns {"ok":VALUE} or {"error":"METHOD: ...: what was wrong"}.
  std::string call(std::string_view method, const std::vector<std::string>& args);
  // loadCapture with the bytes as they are (the page's drop, no hex on the way): {"ok"} or {"error"}.
  std::string load_capture(std::string name, std::vector<std::uint8_t> bytes);
  // The pcap (LINKTYPE_RAW) of what `host` saw; `host` empty: the first host.
  Result<std::vector<std::uint8_t>, std::string> pcap(std::string_view host) const;

  // What happened since the previous call, as a JSON array: every new trace
  // record (the JSON Lines objects), plus {"type":"reset"} when the world was
  // replaced, {"type":"rewind","t":SECONDS} after a rewind, and
  // {"type":"scenario-finished","passed":BOOL,"results":[...]} once when a
  // loaded scenario reaches its end; {"type":"question-answered", ...} for
  // every response to a question and {"type":"lesson-completed", score, ...}
  // once its questions (and guided steps) are done.
  std::string take_events();

  // The page: applies a URL query leniently (errors returned, defaults kept)
  // and leaves its view settings (panels, layout, lang) in the session, where the UI reads them.
  std::vector<ParamError> open_page(std::string_view query);
  const LabView& view() const { return session_->view(); }

  // How questions are worded in the view's language (prompts, choices,
  // what happened, the rule; the xAPI statements' language maps): core's
  // English unless the page or the Node module gives the UI's string table.
  // `words` must outlive this LabApi.
  void set_words(const QuestionWords& words) { words_ = &words; }

  LabSession& session() { return *session_; }
  const LabSession& session() const { return *session_; }

  struct MethodInfo {
    std::string_view name;
    std::string_view params;   // "host, port, localPort?"
    std::string_view summary;
  };
  // Every method call() knows, in the order above (tests check the JS layer
  // and the TypeScript declarations against it).
  static const std::vector<MethodInfo>& methods();

 private:
  std::unique_ptr<LabSession> owned_;
  LabSession* session_;
  const QuestionWords* words_;
  // take_events() bookkeeping
  std::size_t event_cursor_ = 0;
  std::uint64_t seen_world_ = 0, seen_generation_ = 0;
  bool finished_reported_ = false;
  Instant reported_end_{};  // the end the reported results were recorded at
  std::unique_ptr<TraceNames> names_;  // connection names learnt from the trace so far
  std::size_t names_learnt_ = 0;
  std::size_t course_cursor_ = 0;  // LabSession::course_events() reported so far
};

}  // namespace tcplab
