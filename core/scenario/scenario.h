// Scenario files: a setup (hosts, profile, link, seed), timed actions (user
// calls and faults) and expectations, in a small line-oriented text format
// documented in docs/scenario-format.md. Errors name file:line:column and
// what was expected there.
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/sim/actions.h"
#include "core/sim/link.h"
#include "core/tcp/congestion.h"
#include "core/tcp/profile.h"
#include "core/base/result.h"
#include "core/scenario/scenario_words.h"  // the format's words: durations, filters, ...
#include "core/wire/segment.h"
#include "core/tcp/state.h"
#include "core/base/time.h"
#include "core/sim/world.h"

namespace tcplab {

struct SourceLoc {
  std::string file;
  int line = 0;
  int column = 0;
  std::string text() const;  // "file:3:14"
};

struct ParseError {
  SourceLoc loc;
  std::string message;  // "expected a duration such as 10ms or 1.5s, got 'soon'"
  std::string text() const { return loc.text() + ": " + message; }
};

struct TimedAction {
  Instant t;
  Action action;
  SourceLoc loc;
};

// The connection is in `state` at time `t` (or when the run ends).
struct ExpectState {
  std::optional<Instant> t;
  std::string conn;
  State state;
};
// The connection went from one state straight to another at some point.
struct ExpectTransition {
  std::string conn;
  State from, to;
};
// Segments sent in a direction that match; by default at least one.
struct ExpectSegment {
  DirectionIndex dir = 0;
  SegmentFilter filter;
  std::optional<Fate> fate;
  std::optional<Instant> at;          // sent at exactly this time
  std::optional<std::string> why;     // the sender's rule id
  bool retransmission = false;        // only retransmissions count
  std::optional<std::size_t> count;   // exactly this many (0: none)
};
// Octets the connection made available to RECEIVE over the run.
struct ExpectDelivered {
  std::string conn;
  std::uint64_t bytes = 0;
};
// The last error a call returned or the stack signalled, by its RFC wording.
struct ExpectError {
  std::string conn;
  std::string message;
};
// A window in octets, or in segments of the sender's SMSS ("4 segments").
struct WindowAmount {
  std::uint64_t n = 0;
  bool segments = false;
  bool operator==(const WindowAmount&) const = default;
};
// The congestion-control values a CongestionChanged event carries (RFC 5681).
struct CongestionFields {
  std::optional<WindowAmount> cwnd, ssthresh, flight;
  std::optional<CongestionPhase> phase;
};
// The sender's windows at `t` (or when the run ends): its congestion state,
// the peer's advertised window (SND.WND) and its RTT estimate (RFC 6298).
struct ExpectWindow {
  std::optional<Instant> t;
  std::string conn;
  CongestionFields cc;
  std::optional<WindowAmount> snd_wnd;
  std::optional<Duration> srtt, rto;
};
// Congestion decisions (CongestionChanged events) of the connection that
// match; by default at least one.
struct ExpectCongestion {
  std::string conn;
  std::optional<Instant> at;       // made at exactly this time
  std::optional<std::string> why;  // the rule id, such as cc.fast-retransmit
  CongestionFields cc;
  std::optional<std::size_t> count;  // exactly this many (0: none)
};
using ExpectationKind = std::variant<ExpectState, ExpectTransition, ExpectSegment, ExpectDelivered, ExpectError,
                                     ExpectWindow, ExpectCongestion>;

struct Expectation {
  ExpectationKind what;
  SourceLoc loc;
  std::string text;  // the line as written, for the report
};
// The moment an expectation about the world as it is then (state, windows)
// must be checked at; nullopt for the others and for "when the run ends".
std::optional<Instant> check_time(const Expectation& e);

// A question at a checkpoint (`ask`, docs/scenario-format.md): what to ask
// about. The checkpoint is the first event it names strictly after `after`;
// the lab pauses just before it. The right answer is never written down: it
// is read from the run (core/scenario/question.h).
enum class AskWhat : std::uint8_t {
  State,  // the next state `conn` enters (answered on the state diagram)
  Flags,  // the control flags of the next segment sent in `dir` (matching `filter`)
  Seq,    // its sequence number
  Ack,    // its acknowledgment number
  Fate,   // what happens to it on the wire: delivered, lost, dropped, held...
  Timer,  // the next timer `conn` starts, and for how long
};
std::string_view ask_what_name(AskWhat w);  // "state", "flags", "seq", "ack", "fate", "timer"

// A text a lesson writes in English, in other languages by tag ("zh-CN"):
// `"English" zh-CN "中文"` after a step's, a question's or a hint's text.
using Translations = std::map<std::string, std::string>;
// The text in `lang` when the lesson gives it, else the English.
const std::string& in_language(const std::string& english, const Translations& t, std::string_view lang);

struct Question {
  AskWhat what = AskWhat::State;
  Instant after{};
  std::string conn;           // State, Timer
  DirectionIndex dir = 0;     // Flags, Seq, Ack, Fate
  SegmentFilter filter;       // which segment in that direction
  std::string prompt;         // the teacher's wording; empty: the lab's own for `what`
  Translations prompt_in;     // the prompt in other languages
  std::vector<std::string> hints;
  std::vector<Translations> hints_in;  // hints[i] in other languages
  SourceLoc loc;
  std::string text;           // the line as written
};

// Where a lesson sits in the course (`group`), in the order a course teaches.
enum class LessonGroup : std::uint8_t { SettingUp, Closing, Resets, Timers, DataTransfer, Congestion, More };
inline constexpr LessonGroup kAllLessonGroups[] = {LessonGroup::SettingUp, LessonGroup::Closing,
                                                   LessonGroup::Resets,    LessonGroup::Timers,
                                                   LessonGroup::DataTransfer, LessonGroup::Congestion,
                                                   LessonGroup::More};
std::string_view group_id(LessonGroup g);  // "setting-up", "closing", "resets", ...
std::optional<LessonGroup> parse_group(std::string_view s);

// One step of a guided lesson (`step`): a text and what ends it.
struct GuideStep {
  enum class Until : std::uint8_t {
    Next,     // the learner presses Next
    Action,   // the learner does `action` (Listen, Connect, Close, Drop next...)
    Moment,   // the clock reaches `t`; the lab pauses there
  };
  std::string text;
  Translations text_in;        // the text in other languages
  Until until = Until::Next;
  std::string action;          // "listen", "connect", "close", "abort", "send", "drop", or "state"
  std::string host;            // the host the action is on (drop: the sender of the direction)
  State state = State::Closed; // "state": the host's connection reaches this state
  SegmentFilter filter;        // drop: which segment
  Instant t{};
  SourceLoc loc;
};

struct Scenario {
  std::string file;
  std::string description;
  // The lesson in other languages, by tag: "title zh-CN 三次握手" and
  // "description zh-CN ..." and "summary zh-CN ..." lines (the English ones
  // are `title`, `description` and `summary` below).
  std::map<std::string, std::string> titles, descriptions, summaries;
  // Course metadata (`title`, `group`, `summary`, `minutes`, `order`); a
  // missing group is inferred (lesson_group()).
  std::string title;
  std::optional<LessonGroup> group;
  std::string summary;
  int minutes = 0;  // 0: not given
  int order = 0;    // within the group; 0: after the numbered ones
  std::vector<Question> questions;
  std::vector<GuideStep> steps;
  std::uint64_t seed = 1;
  WorldConfig world;  // hosts, profiles, link, seed
  std::vector<TimedAction> actions;
  std::vector<Expectation> expectations;
  std::optional<Instant> run_until;  // otherwise until nothing is left to happen
  std::string capture;               // default capture host for pcap export
};

// The lesson's group: its own, or inferred from what it does when it names
// none (a lesson that sets a congestion algorithm or moves kilobytes is data
// transfer or congestion; anything else "more lessons").
LessonGroup lesson_group(const Scenario& sc);

Result<Scenario, ParseError> parse_scenario(std::string_view text, std::string file);

}  // namespace tcplab
