// The lab's settings as key=value pairs. One vocabulary serves three
// doors: the page's URL parameters (index.html?lesson=lost-syn&speed=0.5),
// the JavaScript API's createLab()/reset() options, and share links (the
// same keys plus the learner's run). docs/embedding.md lists every key.
//
// Parsing never fails as a whole: each bad pair becomes a ParamError that
// names the key, the value and what was expected, and that setting keeps
// its default. The page shows the errors and starts anyway; the API throws
// the first one.
#pragma once
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/lab/lab_session.h"
#include "core/sim/world.h"

namespace tcplab {

// The page's panels, in reading order, and their parameter names
// ("panels=fsm,ladder"): controls, timers, fsm, ladder, inspector, narration.
enum class LabPanel : std::uint8_t { Controls, Timers, StateMachines, Ladder, Inspector, Narration };
inline constexpr std::array<std::string_view, 6> kPanelKeys{"controls", "timers", "fsm", "ladder", "inspector", "narration"};
// The languages the lab's strings exist in (parameter "lang"): English and
// Simplified Chinese (imgui_app/strings_zh.cpp).
inline constexpr std::array<std::string_view, 2> kLanguages{"en", "zh-CN"};

// The view settings (lang, speed, autoplay, panels, layout) are the LabView
// part; the rest sets up the world.
struct LabParams : LabView {
  LabSetup setup;                     // profile, msl, delayed_ack, receive_buffer, syn/synack retries, link, seed
  // "seed=7" as given (also in setup.seed): it replaces a lesson's own seed,
  // which the default must not.
  std::optional<std::uint64_t> seed;
  std::optional<std::string> lesson;  // "lesson=lost-syn": one of the session's lessons, by file name
  std::optional<Lesson> scenario;     // "scenario=TEXT": a whole scenario as the lesson, named "scenario"
  // A shared run: the inputs the learner gave (after the lesson's own) and
  // the time the link was made at ("run=..." and "t=...").
  std::vector<InputRecord> run;
  std::optional<Instant> until;
};

// Why a pair was refused, as a code and its arguments, so the page can say
// it in the learner's language (imgui_app/language.cpp has each one's
// Chinese); ParamError::message is the English the API, the CLI and their
// tests read, filled from param_reason_english() with the same arguments.
enum class ParamReason : std::uint8_t {
  Other,  // message only: words core has in English alone (a scenario's parse error, the API's own)
  Flag, Duration, DurationAtMost, Probability, Bandwidth, QueueLimit, Mtu, Count, Octets,
  LessonName, ScenarioTooLong, ScenarioSyntax, Language, Speed, Profile, Msl, Seed, Congestion, Panels, NoPanel,
  Layout, Capture, Graph, Sender, Compare, Time,
  RunTooLong, RunEntry, RunAt, RunTooLate, RunOrder, RunAction, RunOctets,
  DidYouMean, LessonAndScenario, IgnoredForLesson, IgnoredForScenario, NoLessons, NoSuchLesson, RunBeforeLesson,
  RunBeforeWorld,
};
inline constexpr std::size_t kParamReasonCount = static_cast<std::size_t>(ParamReason::RunBeforeWorld) + 1;
// The English template of a reason, "{0}" for its first argument:
// "expected a speed from {0} to {1}, such as 2 or 0.5". Other's is "{0}".
std::string_view param_reason_english(ParamReason r);

struct ParamError {
  std::string key, value;
  std::string message;  // "expected a probability such as 5% or 0.05"
  std::optional<std::size_t> entry{};  // run: which input (from 1) is wrong
  bool unknown_key = false;          // message: "did you mean 'loss'?" or empty
  // The message as a code and its arguments (Other: only the message says it).
  ParamReason reason = ParamReason::Other;
  std::vector<std::string> args{};
  // "parameter 'loss' = '7': expected a probability such as 5% or 0.05",
  // "parameter 'run', entry 3: expected ...", "unknown parameter 'los' (did you mean 'loss'?)";
  // a value of more than a line is left out: "parameter 'scenario': 3:4: expected ..."
  std::string text() const;
};

// Limits that keep a link from hanging the page: a shared run replays at
// most this many inputs, sending at most this many octets, up to an hour.
inline constexpr std::size_t kMaxRunInputs = 1000;
inline constexpr std::size_t kMaxRunOctets = 16u << 20;
inline constexpr Duration kMaxRunTime = std::chrono::minutes(60);
// The longest scenario text a link may carry (browsers take URLs of a few MB).
inline constexpr std::size_t kMaxScenarioText = 64u << 10;

// The run=... value: inputs separated by ';', each "STEP@TIME ACTION" (or
// "STEP@TIME at WHEN ACTION" for a scheduled one), ACTION as format_action()
// writes it, hosts called client and server: "0@0ms listen server:80 as l;
// 0@0ms connect client to server:80 as c;14@1.2s send c \"hi\"".
std::string format_run(const std::vector<InputRecord>& inputs, const std::vector<std::string>& host_names);
// Errors name the entry; the run is all or nothing.
std::vector<InputRecord> parse_run(std::string_view text, std::vector<ParamError>& errors);

struct ParsedParams {
  LabParams params;
  std::vector<ParamError> errors;
};

// Pairs already decoded; later keys override earlier ones. Unknown keys are errors.
ParsedParams parse_params(const std::vector<std::pair<std::string, std::string>>& pairs,
                          const LabParams& defaults = {});
// A URL query string, "?a=1&b=2" or "a=1&b=2": split, percent-decoded, parsed.
ParsedParams parse_query(std::string_view query, const LabParams& defaults = {});
// The pairs of "a=1&b=2", %XX decoded; '+' is a space in a URL (as
// URLSearchParams reads it), itself in the API's settings ("seq=rcv_nxt+1").
std::vector<std::pair<std::string, std::string>> split_query(std::string_view query, bool plus_is_space = true);
// The one of `known` within two edits of `word` (the nearest), if any.
std::optional<std::string_view> closest_word(std::string_view word, const std::vector<std::string_view>& known);
// "did you mean 'loss'?" when closest_word() finds one, else "".
std::string did_you_mean(std::string_view word, const std::vector<std::string_view>& known);

// The query (without '?') that reproduces the session as it is now: the
// setup (only what differs from the defaults) or the lesson (a listed one by
// name, any other scenario by its text), the seed, the learner's inputs so
// far and the clock; with speed/layout/panels from `view`
// when they differ from the defaults. parse_query(share_query(s, v)) and
// start_session() give a session whose trace digest equals this one's.
std::string share_query(const LabSession& s, const LabView& view = {});

// Sets up a session from parameters: its view, the lesson (looked up among the
// session's lessons), the scenario or the setup, then the shared run replayed up to
// `until`, the speed, and playing = autoplay (paused when a run was shared,
// so the learner sees the moment the link was made). Problems that only show
// here (an unknown lesson, a run that does not fit) are returned and the rest
// still applies.
std::vector<ParamError> start_session(LabSession& s, const LabParams& p);

}  // namespace tcplab
