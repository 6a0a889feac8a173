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

struct ParamError {
  std::string key, value;
  std::string message;  // "expected a probability such as 5% or 0.05"
  std::optional<std::size_t> entry{};  // run: which input (from 1) is wrong
  bool unknown_key = false;          // message: "did you mean 'loss'?" or empty
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
// "did you mean 'loss'?" when one of `known` is within two edits of `word`, else "".
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
